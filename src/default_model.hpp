// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

#ifndef OPENCV_INPAINTING_DEFAULT_MODEL_HPP
#define OPENCV_INPAINTING_DEFAULT_MODEL_HPP

#include <cstddef>

namespace cv {
namespace inpainting {
namespace detail {

//! Size in bytes of the default model of defaultModelBytes() (0 when there is none); no copy.
size_t defaultModelSize();

}}} // namespace cv::inpainting::detail

#endif
