// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

// Extending an image (outpainting) with the module's methods: pad, mask the pad, inpaint.

#include "precomp.hpp"

namespace cv {
namespace inpainting {

namespace {

const int kMaxSide = 65536;

void checkSide(int value, const char* arg)
{
    if (value < 0)
        CV_Error_(Error::StsBadArg, ("extendImage: '%s' must be >= 0, got %d", arg, value));
}

} // namespace

void extendImage(InputArray _src, OutputArray _dst, int top, int bottom, int left, int right, int method,
                 OutputArray _mask)
{
    methodName(method); // an unknown method fails before any work
    const Mat src = _src.getMat();
    detail::checkImage(src, "src");
    checkSide(top, "top");
    checkSide(bottom, "bottom");
    checkSide(left, "left");
    checkSide(right, "right");
    const int64 cols = (int64)src.cols + left + right, rows = (int64)src.rows + top + bottom;
    if (cols > kMaxSide || rows > kMaxSide)
        CV_Error_(Error::StsBadArg, ("extendImage: the result would be %lldx%lld; 'top'+'bottom' and 'left'+'right' "
                                     "must keep it within %dx%d", (long long)cols, (long long)rows, kMaxSide, kMaxSide));
    // The pad's values are never read by the methods (inpaint() clears the hole first); replicating
    // the edge gives alpha its value for the new pixels.
    Mat padded, mask = Mat::zeros((int)rows, (int)cols, CV_8UC1);
    copyMakeBorder(src, padded, top, bottom, left, right, BORDER_REPLICATE | BORDER_ISOLATED); // a ROI: its own pixels only
    mask.setTo(Scalar(255));
    mask(Rect(left, top, src.cols, src.rows)).setTo(Scalar(0));
    Mat result;
    inpaint(padded, mask, result, method);
    if (_mask.needed())
        mask.copyTo(_mask);
    result.copyTo(_dst);
}

}} // namespace cv::inpainting
