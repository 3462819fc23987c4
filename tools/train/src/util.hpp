// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

// Small helpers of the training tool; what it shares with the samples is in tools/common.

#ifndef PCONV_TRAIN_UTIL_HPP
#define PCONV_TRAIN_UTIL_HPP

#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "atomic_write.hpp"
#include "image_files.hpp"
#include "tool_errors.hpp"

namespace pconv {

// The programs' shared helpers (tools/common: bad input and exit code 2, atomic writes, image
// folders), under the names the trainer uses.
using inpainting_tools::BadInput;
using inpainting_tools::kExitBadInput;
using inpainting_tools::listImages;
using inpainting_tools::removeStaleTemporaries;
using inpainting_tools::writeAtomic;
using inpainting_tools::writeImageAtomic;
using inpainting_tools::writeTextAtomic;

//! Exit code when training stops on a non-finite loss.
const int kExitDiverged = 3;

//! Creates a directory and its parents; throws BadInput if that fails.
void makeDirs(const std::string& dir, const char* what);

bool fileExists(const std::string& path);

//! Seconds since an arbitrary epoch (steady clock).
double nowSeconds();

//! "1h02m", "3m05s", "12s".
std::string formatDuration(double seconds);

} // namespace pconv

#endif
