// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

// Helpers shared by the test suites: sample photos, running the command-line programs.

#ifndef OPENCV_INPAINTING_TEST_UTILS_HPP
#define OPENCV_INPAINTING_TEST_UTILS_HPP

#include <functional>
#include <string>
#include <vector>
#include "opencv2/core.hpp"

namespace opencv_test_inpainting {

//! Folder of OpenCV's sample photos (Debian package opencv-doc).
std::string samplePhotoDir();

//! A sample photo loaded as BGR 8-bit; fails the test (ADD_FAILURE + empty Mat) if missing.
cv::Mat loadSamplePhoto(const std::string& name);

/** Smooth content (a product of sines) plus uniform noise of +-0.1, per channel, scaled to the
range of @p type (8U: 255, 16U: 65535, 32F: 1): something a fill has structure to continue. */
cv::Mat smoothNoisyImage(cv::Size size, int type, uint64_t seed);

//! Uniform noise over the whole range of @p type (8U: [0, 256), 16U: [0, 65536), 32F: [0, 1)), seeded.
cv::Mat uniformNoiseImage(cv::Size size, int type, uint64_t seed);

//! Path of a program built next to the tests (samples, tools).
std::string binaryPath(const std::string& name);

//! A fresh, empty temporary directory for one test.
std::string makeTempDir(const std::string& tag);

//! Runs a shell command; returns its exit code and stores stdout+stderr in `output`.
int runCommand(const std::string& command, std::string& output);

//! Expects a cv::Exception whose message contains every part.
void expectError(const std::function<void()>& f, const std::vector<std::string>& parts);

//! Whether a and b have the same size, type and bytes.
bool sameBytes(const cv::Mat& a, const cv::Mat& b);

//! Maximum absolute difference between two arrays (any type, as double).
double maxAbsDiff(const cv::Mat& a, const cv::Mat& b);

} // namespace opencv_test_inpainting

#endif
