// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

#ifndef OPENCV_INPAINTING_EXTEND_HPP
#define OPENCV_INPAINTING_EXTEND_HPP

#include "opencv2/core.hpp"
#include "opencv2/inpainting/methods.hpp"

namespace cv {
namespace inpainting {

//! @addtogroup inpainting_methods
//! @{

/** @brief Extends an image by new pixels on chosen sides and fills them with an inpainting method
(outpainting: widening a crop, making room for a rotation, filling a frame).

The image is padded by @p top, @p bottom, @p left and @p right pixels (the order of
cv::copyMakeBorder) and the pad is filled by inpainting::inpaint() with @p method, as a hole along
the border. The original pixels are bit-identical in the result at (left, top).

How well the methods do it, on the validation photos with a 24-pixel frame, and which to choose:
doc/applications.md. Every method fills the band from its inner edge only, so the fill is at
best a plausible continuation; far from the original pixels it is blurred (pconv, Telea, NS) or
repeats nearby content (patch methods).

@param src Input image: `CV_8U`, `CV_16U` or `CV_32F`, 1, 3 or 4 channels (alpha of the new
pixels is filled with the nearest original pixel's alpha).
@param dst Output of size (cols + left + right) x (rows + top + bottom), the type of @p src.
@param top, bottom, left, right New pixels on each side, >= 0; the result is at most 65536 pixels
on a side.
@param method One of #InpaintMethods.
@param mask Optional output: `CV_8UC1` of @p dst's size, 255 on the new pixels (the hole that was
filled), 0 on the original ones.

Raises cv::Exception naming the argument for a negative side, a result larger than 65536 pixels
on a side, or the errors of inpainting::inpaint() for the image and the method.
*/
CV_EXPORTS_W void extendImage(InputArray src, OutputArray dst, int top, int bottom, int left, int right,
                              int method = INPAINT_PCONV, OutputArray mask = noArray());

//! @}

}} // namespace cv::inpainting

#endif
