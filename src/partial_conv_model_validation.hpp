// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

// Checking a model file against doc/model_format.md before OpenCV's importer sees it.

#ifndef OPENCV_INPAINTING_PARTIAL_CONV_MODEL_VALIDATION_HPP
#define OPENCV_INPAINTING_PARTIAL_CONV_MODEL_VALIDATION_HPP

#include <string>
#include <vector>

#include "opencv2/core.hpp"

namespace cv {
namespace inpainting {
namespace detail {

struct PartialConvModelInfo
{
    int layers = 0;      //!< encoder depth: the net runs at multiples of 2^layers
    int trainSize = 256; //!< training crop size (metadata, or 256)
    int width = 0;       //!< base channel width (metadata, 0 = unknown)
    bool gated = false;  //!< `inpainting.conv = gated`: standard operators only, no PartialConv2d node
};

//! Raises StsParseError "inpainting model '<source>': <what>", the form of every model error.
[[noreturn]] void badModel(const std::string& source, const std::string& what);

/** Reads one `metadata_props` entry of doc/model_format.md into @p info (`inpainting.layers`,
`inpainting.train_size`, `inpainting.width`, `inpainting.conv`; other keys are ignored); raises naming
the key when its value is not an integer in the key's range, or, for `inpainting.conv`, neither
`partial` nor `gated` (a model of a convolution this build does not know must not run as another). */
void readMetadataEntry(const std::string& key, const std::string& value, const std::string& source,
                       PartialConvModelInfo& info);

/** Checks that @p bytes are an ONNX inpainting model in the format of doc/model_format.md:
parseable, inputs `image` (N,3,H,W) and `mask` (N,1,H,W), output `output`, every node's inputs
defined before use, initializers of consistent size, every PartialConv2d consistent with its
weights; reads the metadata. @p source names the model in error messages (StsParseError). */
PartialConvModelInfo validateModel(const std::vector<uchar>& bytes, const std::string& source);

}}} // namespace cv::inpainting::detail

#endif
