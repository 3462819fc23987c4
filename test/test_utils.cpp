// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

#include "test_precomp.hpp"

#include <array>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <sys/wait.h>

namespace opencv_test_inpainting {

std::string samplePhotoDir()
{
    const char* env = std::getenv("OPENCV_SAMPLES_DATA_PATH");
    return env ? std::string(env) : std::string("/usr/share/doc/opencv-doc/examples/data");
}

cv::Mat smoothNoisyImage(cv::Size size, int type, uint64_t seed)
{
    cv::RNG rng(seed);
    cv::Mat img(size, CV_MAKETYPE(CV_32F, CV_MAT_CN(type)));
    for (int y = 0; y < size.height; y++)
        for (int x = 0; x < size.width; x++)
            for (int c = 0; c < img.channels(); c++)
                img.ptr<float>(y)[x * img.channels() + c] =
                    (float)(0.5 + 0.3 * std::sin(0.2 * x + c) * std::cos(0.15 * y) + rng.uniform(-0.1, 0.1));
    cv::Mat out;
    const double range = CV_MAT_DEPTH(type) == CV_8U ? 255 : CV_MAT_DEPTH(type) == CV_16U ? 65535 : 1;
    img.convertTo(out, type, range);
    return out;
}

cv::Mat uniformNoiseImage(cv::Size size, int type, uint64_t seed)
{
    cv::Mat image(size, type);
    const double hi = CV_MAT_DEPTH(type) == CV_8U ? 256 : CV_MAT_DEPTH(type) == CV_16U ? 65536 : 1;
    cv::RNG(seed).fill(image, cv::RNG::UNIFORM, 0, hi);
    return image;
}

cv::Mat loadSamplePhoto(const std::string& name)
{
    const std::string path = samplePhotoDir() + "/" + name;
    cv::Mat image = cv::imread(path, cv::IMREAD_COLOR);
    if (image.empty())
        ADD_FAILURE() << "sample photo not found: " << path << " (install the Debian package opencv-doc)";
    return image;
}

std::string binaryPath(const std::string& name)
{
#ifdef INPAINTING_BIN_DIR
    return std::string(INPAINTING_BIN_DIR) + "/" + name;
#else
    return name;
#endif
}

std::string makeTempDir(const std::string& tag)
{
    namespace fs = std::filesystem;
    const fs::path dir = fs::temp_directory_path() /
        ("inpainting_test_" + tag + "_" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir.string();
}

int runCommand(const std::string& command, std::string& output)
{
    output.clear();
    FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
    if (!pipe)
        return -1;
    std::array<char, 4096> buffer;
    size_t n;
    while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0)
        output.append(buffer.data(), n);
    const int status = ::pclose(pipe);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

double maxAbsDiff(const cv::Mat& a, const cv::Mat& b)
{
    cv::Mat da, db;
    a.convertTo(da, CV_64F);
    b.convertTo(db, CV_64F);
    return cv::norm(da.reshape(1), db.reshape(1), cv::NORM_INF);
}

void expectError(const std::function<void()>& f, const std::vector<std::string>& parts)
{
    try
    {
        f();
    }
    catch (const cv::Exception& e)
    {
        for (const std::string& part : parts)
            EXPECT_NE(e.err.find(part), std::string::npos) << "message '" << e.err << "' lacks '" << part << "'";
        return;
    }
    catch (const std::exception& e)
    {
        ADD_FAILURE() << "expected cv::Exception, got std::exception: " << e.what();
        return;
    }
    ADD_FAILURE() << "expected cv::Exception containing '" << (parts.empty() ? "" : parts[0]) << "', got none";
}

bool sameBytes(const cv::Mat& a, const cv::Mat& b)
{
    if (a.size() != b.size() || a.type() != b.type())
        return false;
    for (int y = 0; y < a.rows; y++)
        if (std::memcmp(a.ptr(y), b.ptr(y), a.cols * a.elemSize()) != 0)
            return false;
    return true;
}

} // namespace opencv_test_inpainting
