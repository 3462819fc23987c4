// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

#include "precomp.hpp"
#include "partial_conv_scale.hpp"

namespace cv {
namespace inpainting {
namespace detail {

double holeThickness(const Mat& hole)
{
    CV_Assert(hole.type() == CV_8UC1);
    if (countNonZero(hole) == 0)
        return 0.0;
    // Frame the mask with one hole pixel on every side: distanceTransform then measures from
    // known pixels only, and a hole touching the border is as thick as it would be if the
    // unseen outside were hole too (the network has no context there).
    Mat framed;
    copyMakeBorder(hole, framed, 1, 1, 1, 1, BORDER_CONSTANT, Scalar(255));
    if (countNonZero(framed) == (int)framed.total())
        return 2.0 * std::sqrt((double)hole.cols * hole.cols + (double)hole.rows * hole.rows);
    Mat distance;
    distanceTransform(framed, distance, DIST_L2, DIST_MASK_PRECISE);
    double largest = 0;
    minMaxLoc(distance(Rect(1, 1, hole.cols, hole.rows)), nullptr, &largest, nullptr, nullptr, hole);
    return 2.0 * largest;
}

double regionScale(const Mat& hole, int workingSize, int maxThickness, int minSide)
{
    const int longest = std::max(hole.cols, hole.rows);
    double scale = std::min(1.0, (double)workingSize / longest);
    if (maxThickness > 0)
    {
        const double thickness = holeThickness(hole);
        if (thickness > maxThickness)
            scale = std::min(scale, maxThickness / thickness);
    }
    return std::max(scale, std::min(1.0, (double)minSide / longest));
}

} // namespace detail
}} // namespace cv::inpainting
