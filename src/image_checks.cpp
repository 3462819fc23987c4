// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

#include "precomp.hpp"

namespace cv {
namespace inpainting {
namespace detail {

void checkImage(const Mat& image, const char* imageArg)
{
    if (image.empty())
        CV_Error_(Error::StsBadArg, ("inpainting: '%s' is empty", imageArg));
    if (image.dims != 2)
        CV_Error_(Error::StsBadArg, ("inpainting: '%s' must be a 2-D image, got %d dimensions", imageArg, image.dims));
    const int depth = image.depth();
    if (depth != CV_8U && depth != CV_16U && depth != CV_32F)
        CV_Error_(Error::StsUnsupportedFormat,
                  ("inpainting: '%s' must be CV_8U, CV_16U or CV_32F, got %s", imageArg, depthToString(depth)));
    const int cn = image.channels();
    if (cn != 1 && cn != 3 && cn != 4)
        CV_Error_(Error::StsUnsupportedFormat,
                  ("inpainting: '%s' must have 1, 3 or 4 channels, got %d", imageArg, cn));
    checkFinite(image, "inpainting", imageArg);
}

void checkImageAndMask(const Mat& image, const Mat& mask, const char* imageArg, const char* maskArg)
{
    if (image.empty())
        CV_Error_(Error::StsBadArg, ("inpainting: '%s' is empty", imageArg));
    if (mask.empty())
        CV_Error_(Error::StsBadArg, ("inpainting: '%s' is empty", maskArg));
    checkImage(image, imageArg);
    if (mask.type() != CV_8UC1)
        CV_Error_(Error::StsBadArg,
                  ("inpainting: '%s' must be CV_8UC1 (non-zero = hole), got %s", maskArg, typeToString(mask.type()).c_str()));
    if (mask.size() != image.size())
        CV_Error_(Error::StsBadSize,
                  ("inpainting: '%s' is %dx%d but '%s' is %dx%d; they must have the same size",
                   maskArg, mask.cols, mask.rows, imageArg, image.cols, image.rows));
}

namespace {

template <typename T> bool allFinite(const Mat& m)
{
    const int n = m.cols * m.channels();
    for (int y = 0; y < m.rows; y++)
    {
        const T* row = m.ptr<T>(y);
        for (int i = 0; i < n; i++)
            if (!std::isfinite(row[i]))
                return false;
    }
    return true;
}

} // namespace

void checkFinite(const Mat& image, const char* fn, const char* arg)
{
    // A plain loop, not cv::checkRange: that one also rejects a finite FLT_MAX (its upper bound
    // is exclusive).
    bool finite = true;
    switch (image.depth())
    {
    case CV_32F: finite = allFinite<float>(image); break;
    case CV_64F: finite = allFinite<double>(image); break;
    case CV_16F: { Mat f; image.convertTo(f, CV_32F); finite = allFinite<float>(f); break; }
    default: return;
    }
    if (!finite)
        CV_Error_(Error::StsBadArg, ("%s: '%s' contains NaN or Inf values (only finite values are accepted)", fn, arg));
}

Mat binaryHoleMask(const Mat& mask)
{
    Mat binary;
    threshold(mask, binary, 0, 255, THRESH_BINARY);
    return binary;
}

double depthRange(int depth)
{
    switch (depth)
    {
    case CV_8U: return 255.0;
    case CV_16U: return 65535.0;
    default: return 1.0;
    }
}

Mat unitColour(const Mat& image, int depth)
{
    Mat colour = image;
    if (image.channels() == 4)
        cvtColor(image, colour, COLOR_BGRA2BGR);
    Mat out;
    colour.convertTo(out, depth, 1.0 / depthRange(image.depth()));
    return out;
}

void checkSameSizeAndType(const Mat& a, const Mat& b, const char* fn, const char* aArg, const char* bArg)
{
    if (a.empty() || b.empty())
        CV_Error_(Error::StsBadArg, ("%s: '%s' is empty", fn, a.empty() ? aArg : bArg));
    if (a.size() != b.size() || a.type() != b.type())
        CV_Error_(Error::StsBadArg, ("%s: '%s' (%dx%d %s) and '%s' (%dx%d %s) must have the same size and type",
                                     fn, aArg, a.cols, a.rows, typeToString(a.type()).c_str(),
                                     bArg, b.cols, b.rows, typeToString(b.type()).c_str()));
}

void compositeOverHole(const Mat& src, const Mat& filled, const Mat& holeMask, Mat& dst)
{
    CV_Assert(src.size() == filled.size() && src.type() == filled.type() && holeMask.size() == src.size());
    Mat out = src.clone();
    filled.copyTo(out, holeMask);
    dst = out;
}

bool fillTrivialMask(const Mat& src, const Mat& mask, OutputArray dst)
{
    const int holePixels = countNonZero(mask);
    if (holePixels == 0)
    {
        src.copyTo(dst);
        return true;
    }
    if (holePixels < (int)mask.total())
        return false;
    const double grey = depthRange(src.depth()) * 0.5;
    Mat filled(src.size(), src.type(), Scalar::all(src.depth() == CV_32F ? grey : std::floor(grey + 0.5)));
    if (src.channels() == 4)
    {
        const int alpha[] = { 3, 3 };
        mixChannels(&src, 1, &filled, 1, alpha, 1);
    }
    filled.copyTo(dst); // a new image first: dst may be src, whose alpha was still needed
    return true;
}

void fillHolesKeepingKnown(const Mat& src, const Mat& mask, OutputArray dst,
                           const std::function<void(const Mat& cleared, const Mat& hole, Mat& filled)>& fill)
{
    if (fillTrivialMask(src, mask, dst))
        return;
    const Mat hole = binaryHoleMask(mask);

    Mat colour = src, alpha;
    if (src.channels() == 4)
    {
        Mat planes[2] = { Mat(src.size(), CV_MAKETYPE(src.depth(), 3)), Mat(src.size(), src.depth()) };
        const int fromTo[] = { 0, 0, 1, 1, 2, 2, 3, 3 };
        mixChannels(&src, 1, planes, 2, fromTo, 4);
        colour = planes[0];
        alpha = planes[1];
    }

    // The fill must not depend on what the hole held (often the object being removed); OpenCV
    // 4.6's Telea, for one, reads hole pixels where a hole touches the image border.
    Mat cleared = colour.clone();
    cleared.setTo(Scalar::all(0), hole);

    Mat filled;
    fill(cleared, hole, filled);
    CV_Assert(filled.size() == colour.size() && filled.type() == colour.type());

    Mat result;
    compositeOverHole(colour, filled, hole, result);
    if (!alpha.empty())
    {
        Mat planes[2] = { result, alpha };
        merge(planes, 2, result);
    }
    result.copyTo(dst);
}

}}} // namespace cv::inpainting::detail
