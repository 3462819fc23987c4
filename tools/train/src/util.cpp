// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

#include "util.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <unistd.h>

#include <opencv2/imgcodecs.hpp>

namespace fs = std::filesystem;

namespace pconv {

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
    if (std::rename(tmp.c_str(), path.c_str()) != 0)
    {
        std::remove(tmp.c_str());
        throw std::runtime_error("cannot rename '" + tmp + "' to '" + path + "'");
    }
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
