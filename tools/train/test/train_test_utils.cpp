// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

#include "train_test_utils.hpp"

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
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

std::vector<std::vector<double>> readCsvRows(const std::string& path)
{
    std::vector<std::vector<double>> rows;
    std::ifstream f(path);
    std::string line;
    std::getline(f, line);
    while (std::getline(f, line))
    {
        std::vector<double> r;
        std::stringstream ss(line);
        std::string c;
        while (std::getline(ss, c, ','))
            r.push_back(std::atof(c.c_str()));
        rows.push_back(r);
    }
    return rows;
}

pconv::TrainOptions tinyTrainOptions(const std::string& data, const std::string& out, int64_t steps, uint64_t seed)
{
    pconv::TrainOptions o;
    o.data.dir = data;
    o.data.imageSize = 32;
    o.data.resizeMin = 32;
    o.data.resizeMax = 48;
    o.data.maskMin = 0.1;
    o.data.maskMax = 0.5;
    o.data.seed = seed;
    o.out = out;
    o.net.layers = 3;
    o.net.width = 4;
    o.batchSize = 2;
    o.steps = steps;
    o.valEvery = 0;
    o.checkpointEvery = 2;
    o.checkpointMinutes = 0;
    o.logEvery = 1;
    o.quiet = true;
    o.resume = true;
    return o;
}

} // namespace pconv_test
