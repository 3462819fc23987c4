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
        // A region beyond the working size is measured as the net will see it, downscaled the
        // same way (a low-resolution pixel is a hole when any pixel it covers is): the distance
        // transform then costs working-size pixels, not the region's (a whole 24-megapixel image
        // never exists as float).
        double thickness;
        if (scale < 1.0)
        {
            Mat small;
            resize(hole, small, Size(std::max(1, cvRound(hole.cols * scale)), std::max(1, cvRound(hole.rows * scale))),
                   0, 0, INTER_AREA);
            threshold(small, small, 0, 255, THRESH_BINARY);
            thickness = holeThickness(small) / scale;
        }
        else
            thickness = holeThickness(hole);
        if (thickness > maxThickness)
            scale = std::min(scale, maxThickness / thickness);
    }
    return std::max(scale, std::min(1.0, (double)minSide / longest));
}

} // namespace detail
}} // namespace cv::inpainting
