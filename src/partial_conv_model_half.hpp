// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

// Models with half-precision weights: widened to what OpenCV's importer reads.

#ifndef OPENCV_INPAINTING_PARTIAL_CONV_MODEL_HALF_HPP
#define OPENCV_INPAINTING_PARTIAL_CONV_MODEL_HALF_HPP

#include <vector>

#include "opencv2/core.hpp"

namespace cv {
namespace inpainting {
namespace detail {

/** The same model with every FLOAT16 initializer widened to FLOAT; @p bytes unchanged (same
content) when there is none or when they do not parse (validateModel() then says why). Models may
store their weights in half precision to halve the file (the embedded default model does), but
OpenCV 4.6's importer reads only FLOAT weights. */
std::vector<uchar> widenHalfInitializers(const std::vector<uchar>& bytes);

}}} // namespace cv::inpainting::detail

#endif
