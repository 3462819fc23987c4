// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

// libFuzzer target: the image entry points of the module (inpaint, evaluate, ssim, holeRatio, the
// mask generator, method names) on small images and masks of arbitrary type, channel count and
// size, all decoded from the fuzzer's bytes. A cv::Exception is the expected answer to bad input;
// anything else that escapes (other exceptions, crashes, sanitizer reports, hangs) is a bug, and
// so is a successful call that breaks a documented promise (checked below).
//
// Input: [op] [fields of the op] [pixel bytes, repeated as needed]

#include <cmath>
#include <string>

#include "fuzz_input.hpp"
#include "opencv2/inpainting.hpp"

using namespace inpainting_fuzz;

namespace {

const int kMaxSide = 24; // small images keep each run fast; sizes 1..24 cover the tiny/odd cases

// The mask argument: mostly a proper CV_8UC1 of the image's size with various contents, sometimes
// of the wrong type or size, or empty.
cv::Mat arbitraryMask(ByteReader& in, cv::Size size)
{
    const int variant = in.range(0, 7);
    if (size.empty() && variant != 5)
        return cv::Mat();
    cv::Mat mask(size, CV_8UC1);
    switch (variant)
    {
    case 0: in.fill(mask); return mask;                                     // non-binary values
    case 1: in.fill(mask); return mask > 127;                               // binary 0/255
    case 2: mask.setTo(0); return mask;                                     // no hole
    case 3: mask.setTo(255); return mask;                                   // all hole
    case 4: { cv::Mat m(size, CV_MAKETYPE(in.range(0, 7), in.range(1, 4))); in.fill(m); return m; }
    case 5: { cv::Mat m(in.range(1, kMaxSide), in.range(1, kMaxSide), CV_8UC1); in.fill(m); return m; }
    case 6: return cv::Mat();
    default: mask.setTo(0); mask.at<uchar>(mask.rows / 2, mask.cols / 2) = 1; return mask; // one pixel
    }
}

bool isFinite(double v) { return std::isfinite(v); }

void fuzzInpaint(ByteReader& in)
{
    // One byte picks a method; the table keeps the seed corpus's bytes meaning the methods they
    // were written for. -1 stays an unknown id; the values photo and xphoto use (0, 1, 2) are
    // fuzzed by fuzzNames.
    static const int kMethods[] = {
        cv::inpainting::INPAINT_TELEA, cv::inpainting::INPAINT_NS, cv::inpainting::INPAINT_SHIFTMAP,
        cv::inpainting::INPAINT_FSR_FAST, cv::inpainting::INPAINT_FSR_BEST, cv::inpainting::INPAINT_PCONV,
        cv::inpainting::INPAINT_PATCHMATCH, cv::inpainting::INPAINT_PCONV_PATCH, cv::inpainting::INPAINT_CRIMINISI,
    };
    const int pick = in.range(-1, 8);
    const int method = pick < 0 ? -1 : kMethods[pick];
    // xphoto's FSR "best" costs seconds per few hundred scattered hole pixels (measured here: 42 s
    // for 23x23 with half the pixels missing, plain Release); that is its known cost, not a hang
    // of ours, so it gets images small enough to stay under the fuzzer's time limit.
    const int maxSide = method == cv::inpainting::INPAINT_FSR_BEST ? 12 : kMaxSide;
    const cv::Mat src = arbitraryImage(in, maxSide);
    const cv::Mat mask = arbitraryMask(in, src.size());
    const cv::Mat srcCopy = src.clone(), maskCopy = mask.clone();
    cv::Mat dst;
    try
    {
        cv::inpainting::inpaint(src, mask, dst, method);
    }
    catch (const cv::Exception&)
    {
        return;
    }
    if (dst.size() != src.size() || dst.type() != src.type())
        invariantFailed("inpaint: result differs from src in size or type");
    if (cv::norm(src, srcCopy, cv::NORM_INF) != 0 || cv::norm(mask, maskCopy, cv::NORM_INF) != 0)
        invariantFailed("inpaint: modified an input");
    const size_t elem = src.elemSize();
    for (int y = 0; y < src.rows; y++)
        for (int x = 0; x < src.cols; x++)
            if (mask.at<uchar>(y, x) == 0 && std::memcmp(src.ptr(y, x), dst.ptr(y, x), elem) != 0)
                invariantFailed("inpaint: a known pixel changed");
}

void fuzzMetrics(ByteReader& in, bool full)
{
    const cv::Mat a = arbitraryImage(in, kMaxSide);
    // The second image is mostly of the first one's type and size (the interesting case).
    cv::Mat b;
    if (in.range(0, 3) != 0 && !a.empty())
    {
        b.create(a.size(), a.type());
        in.fill(b);
    }
    else
        b = arbitraryImage(in, kMaxSide);
    try
    {
        if (full)
        {
            const cv::Mat mask = arbitraryMask(in, b.size());
            const cv::inpainting::InpaintingMetrics m = cv::inpainting::evaluate(a, b, mask);
            if (!isFinite(m.l1Hole) || !isFinite(m.mse) || !isFinite(m.psnr) || !isFinite(m.mseHole) ||
                !isFinite(m.psnrHole))
                invariantFailed("evaluate: a metric is not finite");
            if (!isFinite(m.ssim) && a.cols >= 11 && a.rows >= 11)
                invariantFailed("evaluate: ssim is not finite on an image of at least 11x11");
        }
        else
        {
            const double s = cv::inpainting::ssim(a, b);
            if (!isFinite(s))
                invariantFailed("ssim: not finite");
        }
    }
    catch (const cv::Exception&)
    {
    }
}

void fuzzMasks(ByteReader& in)
{
    const int kind = in.range(-1, 6);
    // Ratios on a grid that includes 0, 1 and values outside [0, 1].
    const double minRatio = in.range(-2, 42) / 40.0, maxRatio = in.range(-2, 42) / 40.0;
    const int seed = (int)(in.byte() | (in.byte() << 8));
    const cv::Size size(in.range(-1, 48), in.range(-1, 48));
    cv::Mat mask;
    try
    {
        cv::Ptr<cv::inpainting::MaskGenerator> gen = cv::inpainting::MaskGenerator::create(kind, minRatio, maxRatio, seed);
        gen->generate(size, mask);
    }
    catch (const cv::Exception&)
    {
        return;
    }
    if (mask.type() != CV_8UC1 || mask.size() != size)
        invariantFailed("MaskGenerator: mask is not CV_8UC1 of the requested size");
    if (cv::countNonZero(mask != 0 & mask != 255) != 0)
        invariantFailed("MaskGenerator: mask is not 0/255");
    // Documented: the ratio lies in the range up to one pixel's worth at very small sizes.
    const double total = (double)size.area(), count = cv::countNonZero(mask);
    if (count < std::floor(minRatio * total) - 1 || count > std::ceil(maxRatio * total) + 1)
        invariantFailed("MaskGenerator: hole ratio outside [min, max]");
    const double r = cv::inpainting::holeRatio(mask);
    if (!(r >= 0 && r <= 1))
        invariantFailed("holeRatio: outside [0, 1]");
}

void fuzzNames(ByteReader& in)
{
    const int id = (int)(int8_t)in.byte();
    std::string name(reinterpret_cast<const char*>(in.rest()), in.restSize());
    try { (void)cv::inpainting::isMethodAvailable(id); } catch (const cv::Exception&) {}
    try
    {
        const std::string n = cv::inpainting::methodName(id);
        if (cv::inpainting::methodFromName(n) != id)
            invariantFailed("methodFromName(methodName(id)) != id");
    }
    catch (const cv::Exception&) {}
    try { (void)cv::inpainting::methodFromName(name); } catch (const cv::Exception&) {}
    try
    {
        const std::string b = cv::inpainting::holeRatioBucketName(id);
        if (b.empty())
            invariantFailed("holeRatioBucketName: empty name");
    }
    catch (const cv::Exception&) {}
    double ratio = 0;
    std::memcpy(&ratio, name.data(), std::min(name.size(), sizeof(ratio)));
    const int bucket = cv::inpainting::holeRatioBucket(ratio);
    if (bucket < -1 || bucket >= cv::inpainting::HOLE_BUCKETS)
        invariantFailed("holeRatioBucket: out of range");
}

void fuzzHoleRatio(ByteReader& in)
{
    const cv::Mat m = arbitraryImage(in, kMaxSide);
    try
    {
        const double r = cv::inpainting::holeRatio(m);
        if (!(r >= 0 && r <= 1))
            invariantFailed("holeRatio: outside [0, 1]");
    }
    catch (const cv::Exception&) {}
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***)
{
    quietOpenCV();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    ByteReader in(data, size);
    switch (in.range(0, 7))
    {
    case 0: case 1: case 2: fuzzInpaint(in); break; // the main entry point gets most inputs
    case 3: fuzzMetrics(in, true); break;
    case 4: fuzzMetrics(in, false); break;
    case 5: fuzzMasks(in); break;
    case 6: fuzzNames(in); break;
    default: fuzzHoleRatio(in); break;
    }
    return 0;
}
