// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

// The partial convolution expressed with standard layers, for the backends a custom layer cannot
// run on (CUDA): doc/partial_conv_op.md gives the formula the rewrite implements.

#ifndef OPENCV_INPAINTING_PARTIAL_CONV_STANDARD_OPS_HPP
#define OPENCV_INPAINTING_PARTIAL_CONV_STANDARD_OPS_HPP

#include <vector>

#include "opencv2/core.hpp"

namespace cv {
namespace inpainting {
namespace detail {

/** The same model with every PartialConv2d replaced by standard ONNX operators (Conv for X*M and
for the window sums with a ones kernel, Clip, Pow, Mul, Add): a graph OpenCV can run on any
backend, CUDA included. Input must have passed validateModel(). */
std::vector<uchar> rewriteWithStandardOps(const std::vector<uchar>& bytes);

}}} // namespace cv::inpainting::detail

#endif
