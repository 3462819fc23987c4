// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

#include "util.hpp"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <signal.h>
#include <thread>
#include <unistd.h>

#include <opencv2/imgcodecs.hpp>

namespace fs = std::filesystem;

namespace pconv {

namespace {
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

std::vector<std::string> listImages(const std::string& dir, const char* what)
{
    std::error_code ec;
    if (dir.empty())
        throw BadInput(std::string(what) + ": no folder given");
    if (!fs::is_directory(dir, ec))
        throw BadInput(std::string(what) + ": '" + dir + "' is not a folder");
    static const char* exts[] = {".jpg", ".jpeg", ".png", ".bmp", ".tif", ".tiff", ".webp", ".ppm", ".pgm", ".jp2"};
    std::vector<std::string> files;
    for (const auto& e : fs::directory_iterator(dir, ec))
    {
        if (!e.is_regular_file())
            continue;
        std::string ext = e.path().extension().string();
        std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return (char)std::tolower(c); });
        if (std::find_if(std::begin(exts), std::end(exts), [&](const char* x) { return ext == x; }) != std::end(exts))
            files.push_back(e.path().string());
    }
    if (ec)
        throw BadInput(std::string(what) + ": cannot read folder '" + dir + "': " + ec.message());
    if (files.empty())
        throw BadInput(std::string(what) + ": folder '" + dir + "' holds no image files");
    std::sort(files.begin(), files.end());
    return files;
}

void writeAtomic(const std::string& path, const std::function<void(const std::string&)>& writer)
{
    // Same folder, so the rename cannot cross file systems; the extension is kept for imwrite.
    const fs::path p(path);
    // An output folder that is missing or read-only is the user's input: say so (exit 2), before
    // any work is spent on the file.
    const fs::path dir = p.parent_path().empty() ? fs::path(".") : p.parent_path();
    std::error_code ec;
    if (!fs::is_directory(dir, ec) || access(dir.c_str(), W_OK) != 0)
        throw BadInput("cannot write '" + path + "': the folder '" + dir.string() + "' does not exist or is not writable");
    const std::string tmp = (p.parent_path() / (".tmp." + std::to_string(getpid()) + "." + p.filename().string())).string();
    try
    {
        writer(tmp);
    }
    catch (...)
    {
        std::remove(tmp.c_str());
        throw;
    }
    // Test hook (test/scripts/train_faults.sh): PCONV_TRAIN_SLOW_WRITE_MS=N waits N ms between the
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
        std::remove(tmp.c_str());
        throw std::runtime_error("cannot flush '" + tmp + "' to the disk");
    }
    if (std::rename(tmp.c_str(), path.c_str()) != 0)
    {
        std::remove(tmp.c_str());
        throw std::runtime_error("cannot rename '" + tmp + "' to '" + path + "'");
    }
    syncPath(dir.string());  // best effort: some file systems refuse fsync on a folder
}

void writeTextAtomic(const std::string& path, const std::string& text)
{
    writeAtomic(path, [&](const std::string& tmp) {
        std::ofstream f(tmp, std::ios::binary);
        f << text;
        f.close();
        if (!f)
            throw std::runtime_error("cannot write '" + tmp + "'");
    });
}

void writeImageAtomic(const std::string& path, const cv::Mat& image)
{
    writeAtomic(path, [&](const std::string& tmp) {
        if (!cv::imwrite(tmp, image))
            throw std::runtime_error("cannot write image '" + path + "'");
    });
}

int removeStaleTemporaries(const std::string& dir)
{
    // writeAtomic's names are ".tmp.<pid>.<name>"; a file whose process is gone was left by a
    // killed run (its target file is intact: the rename never happened).
    int removed = 0;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir, ec))
    {
        const std::string name = e.path().filename().string();
        if (name.rfind(".tmp.", 0) != 0 || !e.is_regular_file(ec))
            continue;
        const long pid = std::atol(name.c_str() + 5);
        if (pid <= 0 || pid == (long)getpid())
            continue;
        if (kill((pid_t)pid, 0) == 0 || errno == EPERM)
            continue; // a live process (perhaps another user's) may be writing it
        if (fs::remove(e.path(), ec))
            removed++;
    }
    return removed;
}

void makeDirs(const std::string& dir, const char* what)
{
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec || !fs::is_directory(dir))
        throw BadInput(std::string(what) + ": cannot create folder '" + dir + "'" + (ec ? ": " + ec.message() : ""));
}

bool fileExists(const std::string& path)
{
    std::error_code ec;
    return fs::is_regular_file(path, ec);
}

double nowSeconds()
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

std::string formatDuration(double s)
{
    if (!(s >= 0) || s > 1e8)
        return "?";
    char buf[32];
    const long t = (long)(s + 0.5);
    if (t >= 3600)
        std::snprintf(buf, sizeof(buf), "%ldh%02ldm", t / 3600, (t / 60) % 60);
    else if (t >= 60)
        std::snprintf(buf, sizeof(buf), "%ldm%02lds", t / 60, t % 60);
    else
        std::snprintf(buf, sizeof(buf), "%lds", t);
    return buf;
}

} // namespace pconv
