// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

// Fusion of a partial-convolution U-Net's neighbours into its PartialConv2d layers, as a rewrite
// of the ONNX graph before OpenCV's importer reads it (OpenCV 4.6 cannot do it itself: its
// fuseLayers() fuses an activation only into a layer with a single consumer, and a PartialConv2d
// has two, Y and M_out; its Concat elimination needs every input to have a single consumer, and a
// U-Net's skip connection has two).

#ifndef OPENCV_INPAINTING_PARTIAL_CONV_FUSION_HPP
#define OPENCV_INPAINTING_PARTIAL_CONV_FUSION_HPP

#include <vector>

#include "opencv2/core.hpp"

namespace cv {
namespace inpainting {
namespace detail {

/** The same model with, for every PartialConv2d:
 - a Concat (axis 1) that produces its X, read by nothing else, removed: the node takes the
   Concat's inputs as X in parts (attribute `x_parts` = their number), and likewise M's Concat
   (the mask parts follow X's among the runtime inputs). The layer reads the parts in place.
 - a Relu or LeakyRelu that is the only reader of its Y (and Y not a graph output) removed: the
   node writes the activation's output name, with attribute `activation` ("relu" / "leaky_relu")
   and `activation_alpha`.
The plain form stays valid input of the layer; @p bytes are returned unchanged when nothing fuses
or they do not parse. Input must have passed validateModel(). */
std::vector<uchar> fusePartialConvNeighbours(const std::vector<uchar>& bytes);

}}} // namespace cv::inpainting::detail

#endif
