// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

// networkIntensityRange(): the range PartialConvInpainter maps to the network's [0, 1], and what it
// does to fills of 12-bit scans in 16-bit images and of float images in other units.

#include "test_precomp.hpp"

namespace opencv_test_inpainting {
namespace {

using namespace cv;

Mat holeMask(Size size)
{
    Mat mask = Mat::zeros(size, CV_8UC1);
    rectangle(mask, Rect(size.width / 3, size.height / 3, size.width / 4, size.height / 4), Scalar(255), FILLED);
    line(mask, Point(5, size.height - 10), Point(size.width - 5, 10), Scalar(255), 5);
    return mask;
}

Mat smallPhoto()
{
    Mat photo = loadSamplePhoto("fruits.jpg");
    CV_Assert(!photo.empty());
    resize(photo, photo, Size(192, 144), 0, 0, INTER_AREA);
    return photo;
}

// Brute-force reference of the documented float rule: all known values sorted, ranks
// floor(0.001 (n-1)) and ceil(0.999 (n-1)).
Vec2d referenceFloatRange(const Mat& image, const Mat& mask)
{
    std::vector<double> values;
    const int colour = image.channels() == 4 ? 3 : image.channels();
    bool unit = true;
    for (int y = 0; y < image.rows; y++)
        for (int x = 0; x < image.cols; x++)
            if (!mask.at<uchar>(y, x))
                for (int c = 0; c < colour; c++)
                {
                    const double v = image.ptr<float>(y)[x * image.channels() + c];
                    values.push_back(v);
                    unit = unit && v >= 0 && v <= 1;
                }
    if (unit)
        return Vec2d(0, 1);
    std::sort(values.begin(), values.end());
    const size_t n = values.size();
    return Vec2d(values[(size_t)std::floor(0.001 * (n - 1))], values[(size_t)std::ceil(0.999 * (n - 1))]);
}

double holeMean(const Mat& image, const Mat& mask)
{
    Mat gray;
    image.convertTo(gray, CV_64F);
    if (gray.channels() > 1)
        gray = gray.reshape(1, (int)gray.total()).colRange(0, std::min(3, gray.channels())).clone().reshape(3, image.rows);
    return mean(gray, mask)[0];
}

} // namespace

TEST(Inpainting_IntensityRange, rule_per_type_against_a_brute_force_reference)
{
    const Size size(64, 48);
    Mat mask = holeMask(size);
    // 8U: always the nominal range.
    EXPECT_EQ(inpainting::networkIntensityRange(Mat(size, CV_8UC3, Scalar::all(3)), mask), Vec2d(0, 255));
    // 16U: the smallest bit depth that holds the largest known value; hole values do not count.
    const int maxima[] = { 0, 255, 256, 1023, 1024, 4095, 4096, 16383, 16384, 65535 };
    const double expected[] = { 255, 255, 1023, 1023, 4095, 4095, 16383, 16383, 65535, 65535 };
    for (int i = 0; i < 10; i++)
        for (int cn : { 1, 3, 4 })
        {
            Mat image(size, CV_MAKETYPE(CV_16U, cn), Scalar::all(maxima[i] / 2));
            image.at<ushort>(0, cn - 1 == 3 ? 2 : cn - 1) = (ushort)maxima[i]; // a known pixel, a colour channel
            image.setTo(Scalar::all(65535), mask);                        // the hole: ignored
            if (cn == 4)
                image.forEach<Vec4w>([](Vec4w& p, const int*) { p[3] = 65535; }); // alpha: ignored
            EXPECT_EQ(inpainting::networkIntensityRange(image, mask), Vec2d(0, expected[i])) << maxima[i] << " cn " << cn;
        }
    // 32F inside [0, 1]: the module's convention, unchanged.
    Mat unit(size, CV_32FC3);
    randu(unit, 0.0, 1.0);
    EXPECT_EQ(inpainting::networkIntensityRange(unit, mask), Vec2d(0, 1));
    // 32F outside [0, 1]: the robust range, with outliers that must not widen it.
    RNG rng(5);
    for (int cn : { 1, 3, 4 })
    {
        Mat image(size, CV_MAKETYPE(CV_32F, cn));
        rng.fill(image, RNG::NORMAL, -300.0, 900.0); // Hounsfield-like units
        image.at<float>(3, 3 * cn) = 1e7f;            // an outlier (a known pixel)
        image.setTo(Scalar::all(-1e9), mask);
        const Vec2d reference = referenceFloatRange(image, mask);
        const Vec2d got = inpainting::networkIntensityRange(image, mask);
        EXPECT_EQ(got, reference) << "cn " << cn;
        EXPECT_LT(got[1], 1e6);
        EXPECT_GT(got[0], -1e6);
    }
    // A constant float image outside [0, 1]: a unit-wide range around it.
    EXPECT_EQ(inpainting::networkIntensityRange(Mat(size, CV_32FC1, Scalar(7.0)), mask), Vec2d(6.5, 7.5));
}

// The issue: a 12-bit scan in a 16-bit image was seen as nearly black and filled dark. Now the
// fill of the 12-bit image, brought to 8 bits, equals the fill of the 8-bit photo within rounding.
TEST(Inpainting_IntensityRange, twelve_bit_image_fills_like_the_eight_bit_photo)
{
    const Mat photo = smallPhoto(), mask = holeMask(photo.size());
    Mat scan;
    photo.convertTo(scan, CV_16UC3, 4095.0 / 255.0);
    Ptr<inpainting::PartialConvInpainter> pconv = inpainting::PartialConvInpainter::create();
    Mat fill8, fill12;
    pconv->apply(photo, mask, fill8);
    pconv->apply(scan, mask, fill12);
    Mat back;
    fill12.convertTo(back, CV_64FC3, 255.0 / 4095.0);
    Mat ref;
    fill8.convertTo(ref, CV_64FC3);
    Mat diff;
    absdiff(back, ref, diff);
    const Scalar meanDiff = mean(diff, mask);
    double maxDiff = 0;
    minMaxLoc(diff.reshape(1), nullptr, &maxDiff);
    EXPECT_LT((meanDiff[0] + meanDiff[1] + meanDiff[2]) / 3, 1.0); // 8-bit levels, over the hole
    EXPECT_LT(maxDiff, 12.0);
    // The hole mean: the 12-bit fill is about as bright as the truth (before, 0.62 of it in the
    // issue's example; here the 8-bit photo's fill reaches 0.89).
    const double truthMean = holeMean(scan, mask), fillMean = holeMean(fill12, mask);
    EXPECT_GT(fillMean, 0.85 * truthMean);
    EXPECT_LT(fillMean, 1.15 * truthMean);
}

// Float images in other units (values far outside [0, 1]): the fill equals, after mapping back,
// the fill of the image mapped to [0, 1] by the brute-force range.
TEST(Inpainting_IntensityRange, float_image_outside_unit_range_fills_like_its_unit_version)
{
    const Mat photo = smallPhoto(), mask = holeMask(photo.size());
    Mat hdr;
    photo.convertTo(hdr, CV_32FC3, 2000.0 / 255.0, -1000.0); // [-1000, 1000]
    const Vec2d range = referenceFloatRange(hdr, mask);
    Mat unit;
    hdr.convertTo(unit, CV_32FC3, 1.0 / (range[1] - range[0]), -range[0] / (range[1] - range[0]));
    Ptr<inpainting::PartialConvInpainter> pconv = inpainting::PartialConvInpainter::create();
    Mat fillHdr, fillUnit;
    pconv->apply(hdr, mask, fillHdr);
    // `unit` has values slightly outside [0, 1] (below the 0.1 % / above the 99.9 % ranks), so its
    // own range is the same ranks, mapped: (0, 1) up to rounding. Map its fill back and compare.
    const Vec2d unitRange = inpainting::networkIntensityRange(unit, mask);
    EXPECT_NEAR(unitRange[0], 0.0, 1e-5);
    EXPECT_NEAR(unitRange[1], 1.0, 1e-5);
    pconv->apply(unit, mask, fillUnit);
    Mat back;
    fillUnit.convertTo(back, CV_32FC3, range[1] - range[0], range[0]);
    Mat diff;
    absdiff(back, fillHdr, diff);
    double maxDiff = 0;
    minMaxLoc(diff.reshape(1), nullptr, &maxDiff);
    EXPECT_LT(maxDiff, 0.01 * (range[1] - range[0])) << "range " << range;
    // Known pixels untouched; the fill within the range and close to the truth's mean.
    Mat knownCopy = hdr.clone();
    fillHdr.copyTo(knownCopy, mask);
    EXPECT_TRUE(sameBytes(knownCopy, fillHdr));
    double lo = 0, hi = 0;
    Mat holeValues;
    fillHdr.copyTo(holeValues, mask); // zero elsewhere: the bounds below include 0, inside the range
    minMaxLoc(holeValues.reshape(1), &lo, &hi);
    EXPECT_GE(lo, range[0] - 1e-3);
    EXPECT_LE(hi, range[1] + 1e-3);
    EXPECT_NEAR(holeMean(fillHdr, mask), holeMean(hdr, mask), 0.1 * (range[1] - range[0]));
}

} // namespace opencv_test_inpainting
