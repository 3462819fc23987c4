// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

// The names of the partial convolution's ONNX custom op (doc/partial_conv_op.md), defined once
// for the layer's registration, the model loader and the trainer's exporter. The tests spell them
// out on purpose: they pin the contract, so a changed name here fails them.

#ifndef OPENCV_INPAINTING_PARTIAL_CONV_OP_HPP
#define OPENCV_INPAINTING_PARTIAL_CONV_OP_HPP

namespace cv {
namespace inpainting {
namespace detail {

#define INPAINTING_PCONV_DOMAIN "org.opencv.inpainting"
#define INPAINTING_PCONV_OP_TYPE "PartialConv2d"

//! The op's ONNX domain.
constexpr const char kPartialConvDomain[] = INPAINTING_PCONV_DOMAIN;
//! The op's ONNX op_type.
constexpr const char kPartialConvOpType[] = INPAINTING_PCONV_OP_TYPE;
//! The layer type OpenCV's ONNX importer looks a node of a custom domain up by: `<domain>.<op_type>`.
constexpr const char kPartialConvLayerType[] = INPAINTING_PCONV_DOMAIN "." INPAINTING_PCONV_OP_TYPE;

#undef INPAINTING_PCONV_DOMAIN
#undef INPAINTING_PCONV_OP_TYPE

}}} // namespace cv::inpainting::detail

#endif
