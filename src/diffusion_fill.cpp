// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

#include "precomp.hpp"
#include "diffusion_fill.hpp"
#include "opencv2/photo.hpp"

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

} // namespace

// OpenCV 4.6's Telea returns values far outside the input's range for 32F images in [0, 1] (its
// weights assume the 0..255 scale of the 8-bit path), so float images are filled at that scale.
void diffusionFill(const Mat& colour, const Mat& hole, Mat& filled, int photoFlags)
{
    if (colour.depth() != CV_32F || photoFlags != cv::INPAINT_TELEA)
    {
        diffuseChannels(colour, hole, filled, photoFlags);
        return;
    }
    Mat scaled, out;
    colour.convertTo(scaled, CV_32F, 255.0);
    diffuseChannels(scaled, hole, out, photoFlags);
    out.convertTo(filled, CV_32F, 1.0 / 255.0);
}

}}} // namespace cv::inpainting::detail
