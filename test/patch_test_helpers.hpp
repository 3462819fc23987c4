// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

// Helpers of the patch-synthesis suites (PatchMatchInpainter, PconvPatchInpainter): synthetic
// textures with a known truth, holes, byte comparisons.

#ifndef OPENCV_INPAINTING_PATCH_TEST_HELPERS_HPP
#define OPENCV_INPAINTING_PATCH_TEST_HELPERS_HPP

#include <cstring>
#include <functional>
#include <string>
#include "opencv2/core.hpp"
#include "opencv2/imgproc.hpp"

namespace opencv_test_inpainting {
namespace patch_test_helpers {

using namespace cv;

inline double rangeOf(int depth) { return depth == CV_8U ? 255 : depth == CV_16U ? 65535 : 1; }

// A texture of period 16 in x and y: a seeded random 16x16 tile (lightly blurred, so that it looks
// like a texture rather than noise) repeated. Diffusion cannot invent such content inside a hole;
// a patch method can copy it from an identical place.
inline Mat periodicTexture(Size size, int cn, int seed)
{
    Mat tile(16, 16, CV_32FC(cn));
    RNG rng(seed);
    rng.fill(tile, RNG::UNIFORM, Scalar::all(0.1), Scalar::all(0.9));
    Mat wrapped; // GaussianBlur has no BORDER_WRAP: blur a wrapped copy and keep its centre
    copyMakeBorder(tile, wrapped, 2, 2, 2, 2, BORDER_WRAP);
    GaussianBlur(wrapped, wrapped, Size(3, 3), 0.8, 0.8);
    tile = wrapped(Rect(2, 2, 16, 16)).clone();
    Mat out(size, CV_32FC(cn));
    for (int y = 0; y < size.height; y++)
        for (int x = 0; x < size.width; x++)
            for (int c = 0; c < cn; c++)
                out.ptr<float>(y)[x * cn + c] = tile.ptr<float>(y % 16)[(x % 16) * cn + c];
    return out; // values in [0.1, 0.9]
}

inline Mat toType(const Mat& unitFloat, int depth)
{
    Mat out;
    unitFloat.convertTo(out, depth, rangeOf(depth));
    return out;
}

inline Mat squareHole(Size size, Rect r)
{
    Mat mask = Mat::zeros(size, CV_8UC1);
    mask(r).setTo(255);
    return mask;
}

// PSNR over the hole pixels (all channels), intensities scaled to [0, 1].
inline double psnrInHole(const Mat& a, const Mat& b, const Mat& hole)
{
    Mat da, db;
    a.convertTo(da, CV_64F, 1.0 / rangeOf(a.depth()));
    b.convertTo(db, CV_64F, 1.0 / rangeOf(b.depth()));
    const double sse = std::pow(norm(da, db, NORM_L2, hole), 2);
    const double mse = sse / (countNonZero(hole) * a.channels());
    return mse <= 0 ? 100.0 : 10.0 * std::log10(1.0 / mse);
}

inline bool knownPixelsEqual(const Mat& a, const Mat& b, const Mat& hole)
{
    CV_Assert(a.size() == b.size() && a.type() == b.type());
    const size_t pixelBytes = a.elemSize();
    for (int y = 0; y < a.rows; y++)
        for (int x = 0; x < a.cols; x++)
            if (!hole.at<uchar>(y, x) && std::memcmp(a.ptr(y, x), b.ptr(y, x), pixelBytes) != 0)
                return false;
    return true;
}

inline std::string errorOf(const std::function<void()>& f)
{
    try
    {
        f();
    }
    catch (const cv::Exception& e)
    {
        return e.err;
    }
    return "(no exception)";
}

// Restores OpenCV's thread count when a test ends, pass or fail.
struct ThreadCountGuard
{
    int saved = getNumThreads();
    ~ThreadCountGuard() { setNumThreads(saved); }
};

/** Fills a hole of a periodic texture in every depth (8U, 16U, 32F) and channel count (1, 3, 4) with
`apply` and checks what every patch-based method promises: type and size kept, known pixels equal,
alpha copied through (hole included), and a fill within `minPsnr` dB of the truth in the hole. */
inline void expectEveryTypeAndChannelCount(const std::function<void(const Mat& input, const Mat& hole, Mat& result)>& apply,
                                           double minPsnr)
{
    const Rect holeRect(20, 18, 14, 12);
    for (int depth : { CV_8U, CV_16U, CV_32F })
        for (int cn : { 1, 3, 4 })
        {
            const Mat truth = toType(periodicTexture(Size(64, 56), cn, 5), depth);
            const Mat hole = squareHole(truth.size(), holeRect);
            Mat input = truth.clone();
            input.setTo(Scalar::all(0), hole);
            Mat result;
            apply(input, hole, result);
            const std::string what = typeToString(truth.type());
            ASSERT_EQ(result.type(), truth.type()) << what;
            ASSERT_EQ(result.size(), truth.size()) << what;
            EXPECT_TRUE(knownPixelsEqual(result, input, hole)) << what;
            Mat colourTruth = truth, colourResult = result;
            if (cn == 4)
            {
                Mat alphaIn, alphaOut;
                extractChannel(input, alphaIn, 3);
                extractChannel(result, alphaOut, 3);
                EXPECT_EQ(maxAbsDiff(alphaIn, alphaOut), 0.0) << what;
                cvtColor(truth, colourTruth, COLOR_BGRA2BGR);
                cvtColor(result, colourResult, COLOR_BGRA2BGR);
            }
            EXPECT_GT(psnrInHole(colourResult, colourTruth, hole), minPsnr) << what;
        }
}

/** The input checks every inpainter's apply() shares: empty image or mask, sizes that differ, a
mask that is not CV_8UC1, an unsupported depth or channel count each raise a message naming them. */
inline void expectApplyRejectsBadInput(const std::function<void(const Mat& image, const Mat& mask, Mat& out)>& apply)
{
    const Mat image = toType(periodicTexture(Size(32, 32), 3, 1), CV_8U);
    const Mat mask = squareHole(image.size(), Rect(10, 10, 6, 6));
    Mat out;
    EXPECT_NE(errorOf([&] { apply(Mat(), mask, out); }).find("'image' is empty"), std::string::npos);
    EXPECT_NE(errorOf([&] { apply(image, Mat(), out); }).find("'mask' is empty"), std::string::npos);
    EXPECT_NE(errorOf([&] { apply(image, mask(Rect(0, 0, 31, 32)), out); }).find("same size"), std::string::npos);
    EXPECT_NE(errorOf([&] { apply(image, Mat::zeros(32, 32, CV_8UC3), out); }).find("'mask' must be CV_8UC1"), std::string::npos);
    EXPECT_NE(errorOf([&] { apply(image, Mat::zeros(32, 32, CV_16UC1), out); }).find("'mask' must be CV_8UC1"), std::string::npos);
    EXPECT_NE(errorOf([&] { apply(Mat::zeros(32, 32, CV_64FC3), mask, out); }).find("CV_8U, CV_16U or CV_32F"), std::string::npos);
    EXPECT_NE(errorOf([&] { apply(Mat::zeros(32, 32, CV_8UC2), mask, out); }).find("1, 3 or 4 channels"), std::string::npos);
}

} // namespace patch_test_helpers
} // namespace opencv_test_inpainting

#endif
