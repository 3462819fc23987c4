// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

#include "train_test_utils.hpp"

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

namespace fs = std::filesystem;

namespace pconv_test {

std::string makeTempDir(const std::string& tag)
{
    static std::atomic<int> counter{0};
    const fs::path p = fs::temp_directory_path() /
                       ("pconv_train_test_" + std::to_string(getpid()) + "_" + std::to_string(counter++) + "_" + tag);
    fs::remove_all(p);
    fs::create_directories(p);
    return p.string();
}

int writePhotoSet(const std::string& dir, int count, int side, int offset)
{
    const char* env = std::getenv("OPENCV_SAMPLES_DATA_PATH");
    const std::string base = env ? env : "/usr/share/doc/opencv-doc/examples/data";
    static const char* names[] = {"baboon.jpg", "lena.jpg", "fruits.jpg", "building.jpg", "apple.jpg",
                                  "butterfly.jpg", "HappyFish.jpg", "aero3.jpg", "board.jpg", "starry_night.jpg",
                                  "pic1.png", "smarties.png", "home.jpg", "orange.jpg", "messi5.jpg", "sudoku.png"};
    fs::create_directories(dir);
    int written = 0;
    for (int i = 0; written < count && i < (int)(sizeof(names) / sizeof(names[0])); i++)
    {
        cv::Mat img = cv::imread(base + "/" + names[(i + offset) % (sizeof(names) / sizeof(names[0]))], cv::IMREAD_COLOR);
        if (img.empty())
            continue;
        const double s = (double)side / std::min(img.rows, img.cols);
        cv::resize(img, img, cv::Size(std::max(side, (int)(img.cols * s)), std::max(side, (int)(img.rows * s))), 0, 0,
                   cv::INTER_AREA);
        cv::imwrite(dir + "/photo" + std::to_string(written) + ".png", img);
        written++;
    }
    if (written < count)
        ADD_FAILURE() << "only " << written << " sample photos found under " << base << " (install opencv-doc)";
    return written;
}

int runCommand(const std::string& command, std::string& output)
{
    output.clear();
    FILE* p = popen((command + " 2>&1").c_str(), "r");
    if (!p)
        return -1;
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof(buf), p)) > 0)
        output.append(buf, n);
    const int status = pclose(p);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string toolPath()
{
    return PCONV_TRAIN_BIN;
}

} // namespace pconv_test
