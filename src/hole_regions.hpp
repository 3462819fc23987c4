// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

// The crops-around-holes strategy: the rectangles of an image that a method needs to read and
// fill, so that time and memory follow the holes rather than the image.

#ifndef OPENCV_INPAINTING_HOLE_REGIONS_HPP
#define OPENCV_INPAINTING_HOLE_REGIONS_HPP

#include "opencv2/core.hpp"

#include <vector>

namespace cv {
namespace inpainting {
namespace detail {

/** 255 where an 8x8 cell of @p mask (CV_8UC1, non-zero = hole) holds a hole pixel, 0 elsewhere;
1/64 of the mask's size. */
Mat coarseHoleMap(const Mat& mask);

/** Regions around the holes of @p mask: each hole's exact bounding box (holes in touching 8x8
cells count as one) grown by max(@p context, half its larger side), clipped to the image;
overlapping regions are merged into their union. Sorted top to bottom, left to right. A hole far
from all others gets the same region as when it is alone. @p coarse is coarseHoleMap(mask). */
std::vector<Rect> holeRegions(const Mat& mask, const Mat& coarse, int context);

}}} // namespace cv::inpainting::detail

#endif
