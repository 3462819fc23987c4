// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

// Loading an inpainting model (doc/model_format.md): read the bytes, validate the ONNX graph
// before OpenCV's importer sees it (partial_conv_model_validation.hpp), widen half-precision
// weights (partial_conv_model_half.hpp) and, for CUDA, rewrite every PartialConv2d into standard
// ONNX operators (partial_conv_standard_ops.hpp). This header gathers the steps for the inpainter.

#ifndef OPENCV_INPAINTING_PARTIAL_CONV_MODEL_HPP
#define OPENCV_INPAINTING_PARTIAL_CONV_MODEL_HPP

#include <string>
#include <vector>

#include "opencv2/core.hpp"
#include "opencv2/dnn.hpp"

#include "partial_conv_model_half.hpp"
#include "partial_conv_model_validation.hpp"
#include "partial_conv_standard_ops.hpp"

namespace cv {
namespace inpainting {
namespace detail {

//! The bytes of a model file; raises StsObjectNotFound / StsError naming the path.
std::vector<uchar> readModelFile(const std::string& path);

//! validateModel(), then cv::dnn::readNetFromONNX with the custom layers registered.
dnn::Net readModelNet(const std::vector<uchar>& bytes, const std::string& source, PartialConvModelInfo& info);

}}} // namespace cv::inpainting::detail

#endif
