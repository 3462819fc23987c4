// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

// Helpers of the pconv_train tests: temporary folders, small photo sets, running the tool.

#ifndef PCONV_TRAIN_TEST_UTILS_HPP
#define PCONV_TRAIN_TEST_UTILS_HPP

#include <string>
#include <vector>

#include <opencv2/core.hpp>

namespace pconv_test {

//! A fresh empty folder under the system temp folder.
std::string makeTempDir(const std::string& tag);

//! Writes `count` photos (OpenCV's sample images from opencv-doc, scaled so the shorter side is
//! `side`) into `dir` as PNG; returns how many were written.
int writePhotoSet(const std::string& dir, int count, int side, int offset = 0);

//! Runs a shell command; returns its exit code, stdout+stderr in `output`.
int runCommand(const std::string& command, std::string& output);

//! Path of the pconv_train binary of this build.
std::string toolPath();

} // namespace pconv_test

#endif
