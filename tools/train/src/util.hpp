// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

// Small helpers of the training tool: the bad-input error, atomic file writes, image folders.

#ifndef PCONV_TRAIN_UTIL_HPP
#define PCONV_TRAIN_UTIL_HPP

#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

namespace pconv {

//! Exit code for bad input (arguments, files, data), as the module's samples.
const int kExitBadInput = 2;
//! Exit code when training stops on a non-finite loss.
const int kExitDiverged = 3;

//! Bad input by the user: main() prints the message on one line and exits with kExitBadInput.
struct BadInput : std::runtime_error
{
    explicit BadInput(const std::string& m) : std::runtime_error(m) {}
};

//! Image files (by extension) of a folder, sorted; throws BadInput if the folder is missing or has none.
std::vector<std::string> listImages(const std::string& dir, const char* what);

//! Writes to `path + ".tmp.<pid>"` through `writer`, then renames into place (no half files).
void writeAtomic(const std::string& path, const std::function<void(const std::string& tmp)>& writer);
void writeTextAtomic(const std::string& path, const std::string& text);
void writeImageAtomic(const std::string& path, const cv::Mat& image);

//! Removes the temporary files of writeAtomic() that killed processes left in `dir`; returns how many.
int removeStaleTemporaries(const std::string& dir);

//! Creates a directory and its parents; throws BadInput if that fails.
void makeDirs(const std::string& dir, const char* what);

bool fileExists(const std::string& path);

//! Seconds since an arbitrary epoch (steady clock).
double nowSeconds();

//! "1h02m", "3m05s", "12s".
std::string formatDuration(double seconds);

} // namespace pconv

#endif
