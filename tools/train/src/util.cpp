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
