// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

#include "precomp.hpp"
#include "thin_holes.hpp"

namespace cv {
namespace inpainting {
namespace detail {

Mat thinHoleParts(const Mat& hole, int width)
{
    CV_Assert(hole.type() == CV_8UC1 && width >= 1);
    const int diameter = width + 2;
    const Mat disc = getStructuringElement(MORPH_ELLIPSE, Size(diameter, diameter));
    // Outside the image counts as known: a scratch along the border is thin, not widened by it.
    Mat thick;
    morphologyEx(hole, thick, MORPH_OPEN, disc, Point(-1, -1), 1, BORDER_CONSTANT, Scalar(0));
    // The opening also cuts the corners off a thick hole (a disc does not reach into them); one
    // pixel of growth gives them back, so only line-like parts stay thin.
    dilate(thick, thick, Mat(), Point(-1, -1), 1, BORDER_CONSTANT, Scalar(0));
    Mat thin;
    subtract(hole, thick, thin); // saturating: 0 where the grown thick part covers the hole
    return thin;
}

}}} // namespace cv::inpainting::detail
