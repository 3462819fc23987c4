// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

// Helpers of the pconv_train tests: temporary folders, small photo sets, running the tool.

#ifndef PCONV_TRAIN_TEST_UTILS_HPP
#define PCONV_TRAIN_TEST_UTILS_HPP

#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "loop.hpp"

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

//! The rows of a CSV log of the tool (train.csv, val.csv), header skipped, every cell as a number.
std::vector<std::vector<double>> readCsvRows(const std::string& path);

/** Options of a tiny in-process run (32 px crops of 32-48 px photos, 3 levels of width 4, batch 2,
a checkpoint every 2 steps, resumable) for the checkpoint and adversarial tests. */
pconv::TrainOptions tinyTrainOptions(const std::string& data, const std::string& out, int64_t steps, uint64_t seed);

} // namespace pconv_test

#endif
