// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

// The scale at which PartialConvInpainter runs the network on a region. A U-Net of partial
// convolutions fills a hole well only up to the hole size it was trained on: past that, the
// centre of the hole lies beyond the reach of the known pixels within the net's receptive field
// as it learnt to use it, and the fill turns to a flat average. Downscaling the region so that its
// thickest hole is about as thick as the training holes, and upscaling only the fill, gave
// +0.3 to +0.4 dB PSNR on the two largest hole buckets over the working size alone, and no loss
// beyond noise on the others (doc/partial_conv.md).

#ifndef OPENCV_INPAINTING_PARTIAL_CONV_SCALE_HPP
#define OPENCV_INPAINTING_PARTIAL_CONV_SCALE_HPP

#include "opencv2/core.hpp"

namespace cv {
namespace inpainting {
namespace detail {

/** Thickness of the thickest hole of @p hole (CV_8UC1, non-zero = hole): twice the largest
Euclidean distance from a hole pixel to the nearest known pixel, i.e. the diameter of the largest
disc that fits in a hole. Outside the mask counts as unknown (the net sees nothing there either).
0 when there is no hole; when there is no known pixel, twice the mask's diagonal. */
double holeThickness(const Mat& hole);

/** The factor (<= 1) by which a region of @p hole's size is downscaled before the network:
the largest that keeps its longer side within @p workingSize and, when @p maxThickness > 0, its
thickest hole within @p maxThickness pixels (measured on the mask downscaled to the working size
when the region is larger, and scaled back); never below what keeps the longer side at
@p minSide pixels (2^layers of the model). */
double regionScale(const Mat& hole, int workingSize, int maxThickness, int minSide);

} // namespace detail
}} // namespace cv::inpainting

#endif
