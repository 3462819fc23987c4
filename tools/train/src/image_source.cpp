// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

#include "image_source.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <initializer_list>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "image_files.hpp"

namespace pconv {

namespace {

bool aspectOk(const cv::Mat& img)
{
    const int shorter = std::min(img.rows, img.cols), longer = std::max(img.rows, img.cols);
    return shorter > 0 && (long long)longer <= (long long)kMaxAspectRatio * shorter;
}

} // namespace

bool setDecodeLimitEnvironment()
{
    if (std::getenv("OPENCV_IO_MAX_IMAGE_PIXELS") != nullptr)
        return false;
    setenv("OPENCV_IO_MAX_IMAGE_PIXELS", std::to_string(kMaxDecodedPixels).c_str(), 1);
    return true;
}

cv::Mat decodeImage(const std::vector<uchar>& bytes, int flags, std::string& why)
{
    cv::Mat img;
    if (bytes.empty())
    {
        why = "empty file";
        return img;
    }
    // Only photo formats, never the DICOM or GDAL readers (tools/common/image_files.hpp).
    why = inpainting_tools::imageBytesProblem(bytes);
    if (!why.empty())
        return img;
    try
    {
        img = cv::imdecode(bytes, flags);
    }
    catch (const cv::Exception& e)
    {
        // OpenCV's decoders raise on some corrupt headers instead of returning an empty Mat, and
        // on a header larger than the limit.
        why = e.err.find("CV_IO_MAX_IMAGE_PIXELS") != std::string::npos
                  ? "the header declares more pixels than the decoder limit (OPENCV_IO_MAX_IMAGE_PIXELS, default " +
                        std::to_string(kMaxDecodedPixels) + " here)"
                  : "cannot decode (" + e.err + ")";
        return cv::Mat();
    }
    if (img.empty())
    {
        why = "cannot decode";
        return img;
    }
    if (!aspectOk(img))
    {
        why = cv::format("%dx%d: sides more than %d:1 apart", img.cols, img.rows, kMaxAspectRatio);
        return cv::Mat();
    }
    return img;
}

cv::Mat readImage(const std::string& path, int flags, std::string& why)
{
    std::vector<uchar> bytes;
    if (!inpainting_tools::readFileBytes(path, bytes))
    {
        why = "cannot read the file";
        return cv::Mat();
    }
    return decodeImage(bytes, flags, why);
}

cv::Mat resizeShorter(const cv::Mat& img, int side)
{
    const int shorter = std::min(img.cols, img.rows);
    if (shorter == side)
        return img;
    const double s = (double)side / shorter;
    cv::Size sz(std::max(side, (int)std::lround(img.cols * s)), std::max(side, (int)std::lround(img.rows * s)));
    cv::Mat out;
    cv::resize(img, out, sz, 0, 0, s < 1 ? cv::INTER_AREA : cv::INTER_LINEAR);
    return out;
}

cv::Mat prepareTrainingImage(const cv::Mat& decoded, int imageSize, int keepSide, bool& scaledUp)
{
    CV_Assert(decoded.type() == CV_8UC3 && imageSize > 0);
    cv::Mat img = decoded;
    scaledUp = std::min(img.rows, img.cols) < imageSize;
    if (scaledUp)
        img = resizeShorter(img, imageSize);
    if (keepSide > 0 && std::min(img.rows, img.cols) > keepSide)
        img = resizeShorter(img, keepSide);
    return img;
}

cv::Mat randomCrop(const cv::Mat& src, int size, int resizeMin, int resizeMax, bool flip, cv::RNG& rng)
{
    cv::Mat img = src;
    if (resizeMax > 0)
        img = resizeShorter(src, rng.uniform(resizeMin, resizeMax + 1));
    const int x = rng.uniform(0, img.cols - size + 1), y = rng.uniform(0, img.rows - size + 1);
    cv::Mat crop = img(cv::Rect(x, y, size, size)).clone();
    if (flip && rng.uniform(0, 2) == 1)
        cv::flip(crop, crop, 1);
    return crop;
}

cv::Mat randomMaskCrop(const cv::Mat& m, int s, cv::RNG& rng)
{
    CV_Assert(m.type() == CV_8UC1 && !m.empty() && s > 0);
    cv::Mat r;
    // Masks are binary: nearest-neighbour only (soft edges from bilinear resizing make artifacts).
    const double sc = (double)s / std::min(m.rows, m.cols);
    cv::resize(m, r, cv::Size(std::max(s, (int)std::lround(m.cols * sc)), std::max(s, (int)std::lround(m.rows * sc))), 0, 0,
               cv::INTER_NEAREST);
    const int x = rng.uniform(0, r.cols - s + 1), y = rng.uniform(0, r.rows - s + 1);
    cv::Mat hole = r(cv::Rect(x, y, s, s)) != 0;
    if (rng.uniform(0, 2) == 1)
        cv::flip(hole, hole, 1);
    if (rng.uniform(0, 2) == 1)
        cv::flip(hole, hole, 0);
    return hole;
}

} // namespace pconv
