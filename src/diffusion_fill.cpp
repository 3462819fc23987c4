// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

#include "precomp.hpp"
#include "diffusion_fill.hpp"
#include "opencv2/photo.hpp"

#include <cstring>

namespace cv {
namespace inpainting {
namespace detail {

namespace {

// Neighbourhood radius of Telea and Navier-Stokes; 3 px as in OpenCV's own samples. Larger radii
// blur the fill more without reaching further: both methods march inward from the boundary.
const double kDiffusionRadius = 3.0;

// Telea and Navier-Stokes take 8UC1, 8UC3, 16UC1 and 32FC1. They treat colour channels
// independently (the marching order depends on the mask only), so 16U/32F colour images are
// filled one channel at a time in their own depth, without losing precision.
void diffuseChannels(const Mat& colour, const Mat& hole, Mat& filled, int flags)
{
    if (colour.channels() == 1 || colour.depth() == CV_8U)
    {
        cv::inpaint(colour, hole, filled, kDiffusionRadius, flags);
        return;
    }
    std::vector<Mat> planes;
    split(colour, planes);
    for (Mat& plane : planes)
    {
        Mat out;
        cv::inpaint(plane, hole, out, kDiffusionRadius, flags);
        plane = out;
    }
    merge(planes, filled);
}

// OpenCV 4.6's Telea returns values far outside the input's range for 32F images in [0, 1] (its
// weights assume the 0..255 scale of the 8-bit path), so float images are filled at that scale.
void diffuseAtItsScale(const Mat& colour, const Mat& hole, Mat& filled, int flags)
{
    if (colour.depth() != CV_32F || flags != cv::INPAINT_TELEA)
    {
        diffuseChannels(colour, hole, filled, flags);
        return;
    }
    Mat scaled, out;
    colour.convertTo(scaled, CV_32F, 255.0);
    diffuseChannels(scaled, hole, out, flags);
    out.convertTo(filled, CV_32F, 1.0 / 255.0);
}

// On images with a side below 3 (and 2x2) OpenCV 4.6's Telea and Navier-Stokes read outside
// their buffers and return garbage for the hole (measured: every 1xN and Nx1 image, half of the
// 2x2 ones; valgrind reports the uninitialised reads). Such images are mirrored out to this size,
// image and mask alike (a mirrored hole pixel is a hole), filled, and cropped back.
const int kMinDiffusionSide = 8;

// OpenCV 4.6's Telea and Navier-Stokes also read the *hole's* values where a hole pixel lies one
// pixel from the image border (a constant 100 with such a hole cleared to 0 comes back 36 from
// Navier-Stokes, 84 from Telea). Giving every hole pixel the value of its nearest known pixel
// first makes that read harmless and keeps the fill independent of what the hole held.
Mat withNearestKnown(const Mat& colour, const Mat& hole)
{
    Mat out = colour.clone();
    Mat known = hole == 0;
    if (countNonZero(known) == 0)
        return out;
    Mat distance, labels;
    // Distance to the nearest zero of the input: hole pixels non-zero, known pixels zero.
    distanceTransform(hole != 0, distance, labels, DIST_L2, DIST_MASK_5, DIST_LABEL_PIXEL);
    double maxLabel = 0;
    minMaxLoc(labels, nullptr, &maxLabel);
    std::vector<Point> source((size_t)maxLabel + 1, Point(-1, -1));
    for (int y = 0; y < hole.rows; y++)
    {
        const uchar* h = hole.ptr<uchar>(y);
        const int* l = labels.ptr<int>(y);
        for (int x = 0; x < hole.cols; x++)
            if (!h[x])
                source[l[x]] = Point(x, y);
    }
    const size_t pixelBytes = colour.elemSize();
    for (int y = 0; y < hole.rows; y++)
    {
        const uchar* h = hole.ptr<uchar>(y);
        const int* l = labels.ptr<int>(y);
        for (int x = 0; x < hole.cols; x++)
        {
            const Point p = h[x] ? source[l[x]] : Point(-1, -1);
            if (p.x >= 0)
                std::memcpy(out.ptr(y, x), colour.ptr(p.y, p.x), pixelBytes);
        }
    }
    return out;
}

} // namespace

void diffusionFill(const Mat& colour, const Mat& hole, Mat& filled, int photoFlags)
{
    if (colour.rows >= kMinDiffusionSide && colour.cols >= kMinDiffusionSide)
    {
        diffuseAtItsScale(withNearestKnown(colour, hole), hole, filled, photoFlags);
        return;
    }
    const int padRows = std::max(0, kMinDiffusionSide - colour.rows), padCols = std::max(0, kMinDiffusionSide - colour.cols);
    const int top = padRows / 2, left = padCols / 2;
    Mat paddedColour, paddedHole, paddedFilled;
    copyMakeBorder(colour, paddedColour, top, padRows - top, left, padCols - left, BORDER_REFLECT);
    copyMakeBorder(hole, paddedHole, top, padRows - top, left, padCols - left, BORDER_REFLECT);
    diffuseAtItsScale(withNearestKnown(paddedColour, paddedHole), paddedHole, paddedFilled, photoFlags);
    paddedFilled(Rect(left, top, colour.cols, colour.rows)).copyTo(filled);
}

}}} // namespace cv::inpainting::detail
