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

namespace pconv {

namespace {

// Whether the bytes start like one of the formats listImages() accepts by name. OpenCV picks a
// decoder by content, not by name, and Debian's build also has DICOM (GDCM) and GDAL readers:
// GDCM abort()s the process on a corrupt file, which would end a training run over one bad file.
bool photoSignature(const std::vector<uchar>& b)
{
    auto at = [&](size_t offset, std::initializer_list<int> sig) {
        if (b.size() < offset + sig.size())
            return false;
        size_t i = offset;
        for (int c : sig)
            if (b[i++] != (uchar)c)
                return false;
        return true;
    };
    return at(0, { 0xFF, 0xD8, 0xFF }) ||                                     // JPEG
           at(0, { 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A }) ||         // PNG
           at(0, { 'B', 'M' }) ||                                             // BMP
           at(0, { 'I', 'I', 42, 0 }) || at(0, { 'M', 'M', 0, 42 }) ||       // TIFF
           (at(0, { 'R', 'I', 'F', 'F' }) && at(8, { 'W', 'E', 'B', 'P' })) || // WebP
           (b.size() >= 2 && b[0] == 'P' && b[1] >= '1' && b[1] <= '7') ||   // PBM/PGM/PPM/PAM
           at(0, { 0, 0, 0, 0x0C, 'j', 'P', ' ', ' ' }) || at(0, { 0xFF, 0x4F, 0xFF, 0x51 }); // JPEG 2000
}

// OpenCV picks the first reader whose check accepts a file, and two readers outside the photo
// formats accept files by a marker deep in them: GDCM (DICOM, "DICM" at byte 128), which abort()s
// the process on a corrupt file, and GDAL (DTED elevation data, "DTED" at byte 140). GDCM comes
// before JPEG 2000 in the list, and photoSignature() is looser than OpenCV's own checks for PNM,
// PAM and WebP ("P1" not followed by a space, say), so a file could pass it and still reach them
// (found by fuzz/fuzz_train_data; seeds regress_dicom_after_*). A file with either marker is
// refused, as the sample programs refuse the DICOM one. Returns the reason, or nullptr.
const char* foreignReaderMarker(const std::vector<uchar>& b)
{
    auto has = [&](size_t offset, const char* marker) {
        return b.size() >= offset + 4 && std::equal(marker, marker + 4, b.begin() + offset);
    };
    if (has(128, "DICM"))
        return "has a DICOM marker (\"DICM\" at byte 128), which OpenCV would decode with GDCM";
    if (has(140, "DTED"))
        return "has a DTED marker (\"DTED\" at byte 140), which OpenCV would decode with GDAL";
    return nullptr;
}

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
    if (!photoSignature(bytes))
    {
        why = "not a JPEG, PNG, BMP, TIFF, WebP, PNM or JPEG 2000 file";
        return img;
    }
    if (const char* foreign = foreignReaderMarker(bytes))
    {
        why = foreign;
        return img;
    }
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
    std::ifstream in(path, std::ios::binary);
    std::vector<uchar> bytes;
    if (in)
        bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    if (!in && !in.eof())
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
    // Masks are binary: nearest-neighbour only (DESIGN.md).
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
