// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

// Thin hole parts (scratches, hair lines, wires): the partial-convolution network does not fill
// them, diffusion does (doc/partial_conv.md, "Thin holes").
//
// Why the network cannot: a partial convolution renormalises each window by its share of valid
// inputs, so a hole 1-2 px wide disappears from the mask after the first layer and the layers
// after it see an image with no hole. Only the last layer still reads the zeroed hole pixel, and
// a kernel trained to reproduce known pixels leans on its centre tap: with that tap missing and
// the window rescaled by 9/8 the fill comes out dark (-32 grey levels on 1-px scratches of the
// val photos). Widening the hole for the network removes the bias but not the gap: on 1-3 px
// lines the net stays ~3 dB behind Navier-Stokes, because a line that thin is a local
// interpolation problem, which diffusion solves from the immediate neighbours and a net trained
// on object-sized holes does not.

#ifndef OPENCV_INPAINTING_THIN_HOLES_HPP
#define OPENCV_INPAINTING_THIN_HOLES_HPP

#include "opencv2/core.hpp"

namespace cv {
namespace inpainting {
namespace detail {

/** 255 at the hole pixels of @p hole (CV_8UC1, 0/255) that belong to parts of the hole at most
@p width + 1 pixels across, 0 elsewhere: the hole minus its morphological opening by a disc of
diameter @p width + 2, grown by one pixel. Lines up to @p width + 1 px wide are thin wherever they
run farther than a pixel from a thicker part; a thicker hole has no thin pixels, corners included.
@p width >= 1. */
Mat thinHoleParts(const Mat& hole, int width);

}}} // namespace cv::inpainting::detail

#endif
