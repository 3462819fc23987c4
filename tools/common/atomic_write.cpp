// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

#include "atomic_write.hpp"
#include "tool_errors.hpp"

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <signal.h>
#include <thread>
#include <unistd.h>

#include "opencv2/imgcodecs.hpp"

namespace fs = std::filesystem;

namespace inpainting_tools {

namespace {

const char kTemporaryPrefix[] = ".tmp.";

//! Flushes a file's (or a folder's) data to the disk; false when it cannot be opened or synced.
bool syncPath(const std::string& path)
{
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    const bool ok = ::fsync(fd) == 0;
    ::close(fd);
    return ok;
}

} // namespace

std::string temporaryName(const std::string& path)
{
    const fs::path p(path);
    return (p.parent_path() / (kTemporaryPrefix + std::to_string(::getpid()) + "." + p.filename().string())).string();
}

void writeAtomic(const std::string& path, const std::function<void(const std::string&)>& writer)
{
    if (path.empty())
        fail("output path is empty");
    // An output folder that is missing or read-only is the user's input: say so before any work
    // is spent on the file.
    const fs::path p(path);
    const fs::path dir = p.parent_path().empty() ? fs::path(".") : p.parent_path();
    std::error_code ec;
    if (!fs::is_directory(dir, ec) || ::access(dir.c_str(), W_OK) != 0)
        fail("cannot write '" + path + "': the folder '" + dir.string() + "' does not exist or is not writable");
    const std::string tmp = temporaryName(path);
    try
    {
        writer(tmp);
    }
    catch (...)
    {
        fs::remove(tmp, ec);
        throw;
    }
    // Test hook of test/scripts/train_faults.sh: PCONV_TRAIN_SLOW_WRITE_MS=N waits N ms between the
    // complete temporary file and the rename, so that a kill can land inside a checkpoint write.
    static const long slowWriteMs = [] {
        const char* v = std::getenv("PCONV_TRAIN_SLOW_WRITE_MS");
        return v ? std::atol(v) : 0L;
    }();
    if (slowWriteMs > 0)
        std::this_thread::sleep_for(std::chrono::milliseconds(slowWriteMs));
    // The data reaches the disk before the rename makes it the file, and the rename itself is
    // flushed with the folder: after a power loss the file is the old one or the new one, never a
    // renamed but empty or partial one (a kill alone is covered by the rename already).
    if (!syncPath(tmp))
    {
        fs::remove(tmp, ec);
        fail("cannot write '" + path + "': cannot flush '" + tmp + "' to the disk");
    }
    fs::rename(tmp, path, ec);
    if (ec)
    {
        std::error_code ignored;
        fs::remove(tmp, ignored);
        fail("cannot write '" + path + "': " + ec.message());
    }
    syncPath(dir.string()); // best effort: some file systems refuse fsync on a folder
}

void writeTextAtomic(const std::string& path, const std::string& text)
{
    writeAtomic(path, [&](const std::string& tmp) {
        std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
        f << text;
        f.close();
        if (!f)
            fail("cannot write '" + path + "'");
    });
}

void writeImageAtomic(const std::string& path, const cv::Mat& image)
{
    writeAtomic(path, [&](const std::string& tmp) {
        bool written = false;
        try
        {
            written = cv::imwrite(tmp, image);
        }
        catch (const cv::Exception&)
        {
            written = false; // OpenCV raises for an extension it has no encoder for
        }
        if (!written)
            fail("cannot write image '" + path + "' (unknown extension, or the encoder failed)");
    });
}

int removeStaleTemporaries(const std::string& dir)
{
    int removed = 0;
    std::error_code ec;
    const size_t prefix = sizeof(kTemporaryPrefix) - 1;
    for (const auto& e : fs::directory_iterator(dir, ec))
    {
        const std::string name = e.path().filename().string();
        if (name.rfind(kTemporaryPrefix, 0) != 0 || !e.is_regular_file(ec))
            continue;
        const long pid = std::atol(name.c_str() + prefix);
        if (pid <= 0 || pid == (long)::getpid())
            continue;
        if (::kill((pid_t)pid, 0) == 0 || errno == EPERM)
            continue; // a live process (perhaps another user's) may be writing it
        if (fs::remove(e.path(), ec))
            removed++;
    }
    return removed;
}

} // namespace inpainting_tools
