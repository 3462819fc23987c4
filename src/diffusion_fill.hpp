// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

// The photo module's diffusion methods (Telea, Navier-Stokes) on every image type the module
// accepts: the INPAINT_TELEA / INPAINT_NS baselines, and the fill of thin hole parts that the
// partial-convolution network leaves to diffusion (thin_holes.hpp).

#ifndef OPENCV_INPAINTING_DIFFUSION_FILL_HPP
#define OPENCV_INPAINTING_DIFFUSION_FILL_HPP

#include "opencv2/core.hpp"

namespace cv {
namespace inpainting {
namespace detail {

/** Fills @p colour (8U/16U/32F, 1 or 3 channels) where @p hole (CV_8UC1) is non-zero with
cv::inpaint(..., @p photoFlags) (cv::INPAINT_TELEA or cv::INPAINT_NS) at a 3 px radius, working
around two defects of OpenCV 4.6's implementation (garbage on images with a side below 3, and the
hole's own values read one pixel from the border; see diffusion_fill.cpp). Only the hole pixels of
@p filled are meaningful; the fill does not depend on what the hole held. */
void diffusionFill(const Mat& colour, const Mat& hole, Mat& filled, int photoFlags);

}}} // namespace cv::inpainting::detail

#endif
