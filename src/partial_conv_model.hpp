// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

// Loading an inpainting model (doc/model_format.md): read the bytes, validate the ONNX graph
// before OpenCV's importer sees it (OpenCV 4.6's importer asserts or crashes on some malformed
// graphs), and, for CUDA, rewrite every PartialConv2d into standard ONNX operators.

#ifndef OPENCV_INPAINTING_PARTIAL_CONV_MODEL_HPP
#define OPENCV_INPAINTING_PARTIAL_CONV_MODEL_HPP

#include <string>
#include <vector>

#include "opencv2/core.hpp"
#include "opencv2/dnn.hpp"

namespace cv {
namespace inpainting {
namespace detail {

struct PartialConvModelInfo
{
    int layers = 0;      //!< encoder depth: the net runs at multiples of 2^layers
    int trainSize = 256; //!< training crop size (metadata, or 256)
    int width = 0;       //!< base channel width (metadata, 0 = unknown)
};

//! The bytes of a model file; raises StsObjectNotFound / StsError naming the path.
std::vector<uchar> readModelFile(const std::string& path);

/** Checks that @p bytes are an ONNX inpainting model in the format of doc/model_format.md:
parseable, inputs `image` (N,3,H,W) and `mask` (N,1,H,W), output `output`, every node's inputs
defined before use, initializers of consistent size, every PartialConv2d consistent with its
weights; reads the metadata. @p source names the model in error messages (StsParseError). */
PartialConvModelInfo validateModel(const std::vector<uchar>& bytes, const std::string& source);

/** The same model with every FLOAT16 initializer widened to FLOAT; @p bytes unchanged (same
content) when there is none or when they do not parse (validateModel() then says why). Models may
store their weights in half precision to halve the file (the embedded default model does), but
OpenCV 4.6's importer reads only FLOAT weights. */
std::vector<uchar> widenHalfInitializers(const std::vector<uchar>& bytes);

//! validateModel(), then cv::dnn::readNetFromONNX with the custom layers registered.
dnn::Net readModelNet(const std::vector<uchar>& bytes, const std::string& source, PartialConvModelInfo& info);

/** The same model with every PartialConv2d replaced by standard ONNX operators (Conv for X*M and
for the window sums with a ones kernel, Clip, Pow, Mul, Add): a graph OpenCV can run on any
backend, CUDA included. Input must have passed validateModel(). */
std::vector<uchar> rewriteWithStandardOps(const std::vector<uchar>& bytes);

}}} // namespace cv::inpainting::detail

#endif
