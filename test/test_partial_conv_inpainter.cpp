// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

// PartialConvInpainter on tiny U-Nets written by the tests (pconv_onnx_builder.hpp): types,
// channels and sizes, bit-identical known pixels, alpha, strategies, determinism, the plumbing
// against a direct readNetFromONNX run, the standard-layer (CUDA) graph against the fused layer,
// and bad models and inputs.

#include "test_precomp.hpp"

#include <filesystem>
#include <fstream>

#include "opencv2/dnn.hpp"
#include "partial_conv_layer.hpp"
#include "partial_conv_model.hpp"
#include "partial_conv_scale.hpp"
#include "pconv_onnx_builder.hpp"

namespace opencv_test_inpainting {
namespace {

using namespace cv;
using cv::inpainting::PartialConvInpainter;
namespace pb = pconv_builder;

const std::vector<uchar>& tinyModel()
{
    static const std::vector<uchar> bytes = pb::serialize(pb::tinyUNet(3, 4, 42));
    return bytes;
}

Ptr<PartialConvInpainter> tinyInpainter()
{
    return PartialConvInpainter::createFromBuffer(tinyModel());
}

Mat testImage(Size size, int type, uint64 seed)
{
    return smoothNoisyImage(size, type, seed);
}

Mat holeMask(Size size, Rect hole)
{
    Mat mask = Mat::zeros(size, CV_8UC1);
    mask(hole & Rect(0, 0, size.width, size.height)).setTo(255);
    return mask;
}

void expectKnownPixelsIdentical(const Mat& src, const Mat& dst, const Mat& mask)
{
    ASSERT_EQ(src.type(), dst.type());
    ASSERT_EQ(src.size(), dst.size());
    Mat diff;
    compare(src.reshape(1, src.rows), dst.reshape(1, dst.rows), diff, CMP_NE);
    Mat known = mask == 0;
    for (int y = 0; y < src.rows; y++)
        for (int x = 0; x < src.cols; x++)
            if (known.at<uchar>(y, x))
                for (int c = 0; c < src.channels(); c++)
                    ASSERT_EQ(diff.at<uchar>(y, x * src.channels() + c), 0) << "known pixel changed at " << x << "," << y;
}

template <typename F>
void expectErrorContaining(F f, const std::string& fragment)
{
    try
    {
        f();
        ADD_FAILURE() << "no cv::Exception, expected one mentioning '" << fragment << "'";
    }
    catch (const cv::Exception& e)
    {
        EXPECT_NE(e.err.find(fragment), std::string::npos) << "message: " << e.err;
    }
}

} // namespace

TEST(Inpainting_PartialConvInpainter, types_channels_sizes_keep_known_pixels_and_alpha)
{
    Ptr<PartialConvInpainter> pconv = tinyInpainter();
    const Size sizes[] = { Size(1, 2), Size(5, 3), Size(37, 29), Size(64, 64) };
    for (int depth : { CV_8U, CV_16U, CV_32F })
        for (int cn : { 1, 3, 4 })
            for (const Size& size : sizes)
            {
                const Mat src = testImage(size, CV_MAKETYPE(depth, cn), 3 + depth + cn);
                const Mat mask = holeMask(size, Rect(size.width / 3, size.height / 3, std::max(1, size.width / 3),
                                                     std::max(1, size.height / 3)));
                Mat dst;
                pconv->apply(src, mask, dst);
                SCOPED_TRACE(format("depth %d cn %d size %dx%d", depth, cn, size.width, size.height));
                expectKnownPixelsIdentical(src, dst, mask);
                if (cn == 4)
                {
                    Mat a, b;
                    extractChannel(src, a, 3);
                    extractChannel(dst, b, 3);
                    EXPECT_EQ(cv::norm(a, b, NORM_INF), 0.0) << "alpha changed";
                }
                if (depth == CV_32F)
                {
                    EXPECT_TRUE(checkRange(dst));
                    double lo, hi;
                    minMaxIdx(dst.reshape(1), &lo, &hi);
                    EXPECT_GE(lo, 0.0);
                    EXPECT_LE(hi, 1.0 + 1e-6);
                }
            }
    // 1x1 with its only pixel a hole: nothing known, mid-grey as inpainting::inpaint() documents.
    Mat one(1, 1, CV_8UC3, Scalar(10, 20, 30)), dst;
    pconv->apply(one, Mat(1, 1, CV_8UC1, Scalar(255)), dst);
    EXPECT_EQ(dst.at<Vec3b>(0, 0), Vec3b(128, 128, 128));
    // No hole: an exact copy.
    pconv->apply(one, Mat(1, 1, CV_8UC1, Scalar(0)), dst);
    EXPECT_EQ(dst.at<Vec3b>(0, 0), Vec3b(10, 20, 30));
}

TEST(Inpainting_PartialConvInpainter, fill_matches_direct_network_run)
{
    // 32x32 is a multiple of 2^3: no padding, so the fill must be the net's own output for the
    // image with zeroed hole and the valid mask (1 = known), clamped to [0, 1].
    Ptr<PartialConvInpainter> pconv = tinyInpainter();
    pconv->setStrategy(inpainting::PCONV_STRATEGY_WHOLE);
    const Mat src = testImage(Size(32, 32), CV_32FC3, 5);
    const Mat mask = holeMask(src.size(), Rect(10, 12, 9, 7));
    Mat dst;
    pconv->apply(src, mask, dst);

    inpainting::registerLayers();
    dnn::Net net = dnn::readNetFromONNX(reinterpret_cast<const char*>(tinyModel().data()), tinyModel().size());
    Mat cleared = src.clone();
    cleared.setTo(Scalar::all(0), mask);
    Mat blob = dnn::blobFromImage(cleared); // (1, 3, H, W), BGR kept
    Mat valid;
    Mat(mask == 0).convertTo(valid, CV_32F, 1.0 / 255);
    net.setInput(blob, "image");
    net.setInput(dnn::blobFromImage(valid), "mask");
    Mat out = net.forward("output");
    double maxErr = 0;
    for (int y = 0; y < 32; y++)
        for (int x = 0; x < 32; x++)
            if (mask.at<uchar>(y, x))
                for (int c = 0; c < 3; c++)
                {
                    const double expected = std::min(1.0, std::max(0.0, (double)out.ptr<float>(0, c)[y * 32 + x]));
                    maxErr = std::max(maxErr, std::abs(expected - dst.at<Vec3f>(y, x)[c]));
                }
    EXPECT_LE(maxErr, 1e-6);
}

TEST(Inpainting_PartialConvInpainter, fill_ignores_hole_content_and_is_deterministic)
{
    Ptr<PartialConvInpainter> pconv = tinyInpainter();
    const Mat src = testImage(Size(50, 41), CV_8UC3, 9);
    const Mat mask = holeMask(src.size(), Rect(20, 15, 12, 10));
    Mat other = src.clone();
    other.setTo(Scalar(0, 255, 0), mask);
    Mat a, b, c;
    pconv->apply(src, mask, a);
    pconv->apply(other, mask, b);
    pconv->apply(src, mask, c);
    EXPECT_EQ(cv::norm(a, b, NORM_INF), 0.0);
    EXPECT_EQ(cv::norm(a, c, NORM_INF), 0.0);
}

TEST(Inpainting_PartialConvInpainter, gray_is_run_as_bgr)
{
    Ptr<PartialConvInpainter> pconv = tinyInpainter();
    const Mat gray = testImage(Size(40, 40), CV_8UC1, 11);
    const Mat mask = holeMask(gray.size(), Rect(12, 14, 10, 9));
    Mat bgr, outGray, outBgr, outBgrAsGray;
    cvtColor(gray, bgr, COLOR_GRAY2BGR);
    pconv->apply(gray, mask, outGray);
    pconv->apply(bgr, mask, outBgr);
    cvtColor(outBgr, outBgrAsGray, COLOR_BGR2GRAY);
    // Same net input; the only differences are the 8-bit rounding before/after the conversion.
    EXPECT_LE(cv::norm(outGray, outBgrAsGray, NORM_INF), 1.0);
}

TEST(Inpainting_PartialConvInpainter, crops_equal_whole_when_the_crop_covers_the_image)
{
    Ptr<PartialConvInpainter> pconv = tinyInpainter();
    const Mat src = testImage(Size(48, 40), CV_8UC3, 13);
    const Mat mask = holeMask(src.size(), Rect(20, 18, 6, 5));
    pconv->setContext(100); // margin larger than the image: the crop is the image
    pconv->setStrategy(inpainting::PCONV_STRATEGY_CROPS);
    Mat crops, whole;
    pconv->apply(src, mask, crops);
    pconv->setStrategy(inpainting::PCONV_STRATEGY_WHOLE);
    pconv->apply(src, mask, whole);
    EXPECT_EQ(cv::norm(crops, whole, NORM_INF), 0.0);
}

TEST(Inpainting_PartialConvInpainter, crops_touch_only_regions_around_holes)
{
    // Two far-apart holes in a large image: each is filled, known pixels stay, and the result
    // equals filling each hole alone (the regions are independent).
    Ptr<PartialConvInpainter> pconv = tinyInpainter();
    pconv->setContext(16);
    const Mat src = testImage(Size(400, 300), CV_8UC3, 17);
    Mat mask = holeMask(src.size(), Rect(30, 30, 10, 12));
    mask(Rect(340, 250, 14, 9)).setTo(255);
    Mat both, first, second;
    pconv->apply(src, mask, both);
    expectKnownPixelsIdentical(src, both, mask);
    pconv->apply(src, holeMask(src.size(), Rect(30, 30, 10, 12)), first);
    pconv->apply(src, holeMask(src.size(), Rect(340, 250, 14, 9)), second);
    EXPECT_EQ(cv::norm(both(Rect(0, 0, 200, 150)), first(Rect(0, 0, 200, 150)), NORM_INF), 0.0);
    EXPECT_EQ(cv::norm(both(Rect(200, 150, 200, 150)), second(Rect(200, 150, 200, 150)), NORM_INF), 0.0);
}

TEST(Inpainting_PartialConvInpainter, downscaled_regions_keep_known_pixels)
{
    Ptr<PartialConvInpainter> pconv = tinyInpainter();
    pconv->setWorkingSize(16);
    EXPECT_EQ(pconv->getWorkingSize(), 16);
    for (int strategy : { (int)inpainting::PCONV_STRATEGY_CROPS, (int)inpainting::PCONV_STRATEGY_WHOLE })
    {
        pconv->setStrategy(strategy);
        const Mat src = testImage(Size(90, 70), CV_16UC3, 19);
        const Mat mask = holeMask(src.size(), Rect(30, 20, 25, 20));
        Mat dst;
        pconv->apply(src, mask, dst);
        expectKnownPixelsIdentical(src, dst, mask);
        Mat fill;
        dst.copyTo(fill, mask);
        EXPECT_GT(cv::norm(fill, NORM_INF), 0.0);
        // Downscaling averages hole pixels into low-resolution pixels; those are holes too, so
        // the fill still ignores what the hole held.
        Mat other = src.clone(), dstOther;
        other.setTo(Scalar(65535, 0, 12345), mask);
        pconv->apply(other, mask, dstOther);
        EXPECT_EQ(cv::norm(dst, dstOther, NORM_INF), 0.0);
    }
    EXPECT_THROW(pconv->setWorkingSize(4), cv::Exception); // below 2^layers
}

// For every pixel, the Euclidean distance to the nearest zero pixel of `hole` (brute force).
static Mat bruteForceDistanceToKnown(const Mat& hole)
{
    std::vector<Point> known;
    for (int y = 0; y < hole.rows; y++)
        for (int x = 0; x < hole.cols; x++)
            if (!hole.at<uchar>(y, x))
                known.emplace_back(x, y);
    Mat distance(hole.size(), CV_64F, Scalar(0));
    for (int y = 0; y < hole.rows; y++)
        for (int x = 0; x < hole.cols; x++)
            if (hole.at<uchar>(y, x))
            {
                double nearest = std::numeric_limits<double>::max();
                for (const Point& k : known)
                    nearest = std::min(nearest, std::hypot((double)(k.x - x), (double)(k.y - y)));
                distance.at<double>(y, x) = nearest;
            }
    return distance;
}

// Brute-force reference of detail::holeThickness(): twice the largest distance from a hole pixel
// to the nearest known pixel of the image (outside the image counts as hole).
static double bruteForceThickness(const Mat& hole)
{
    double largest = 0;
    minMaxLoc(bruteForceDistanceToKnown(hole), nullptr, &largest);
    return 2 * largest;
}

TEST(Inpainting_PartialConvScale, hole_thickness_matches_brute_force)
{
    RNG rng(57);
    for (int trial = 0; trial < 12; trial++)
    {
        const Size size(rng.uniform(20, 60), rng.uniform(20, 50));
        Mat hole = Mat::zeros(size, CV_8UC1);
        for (int k = 0; k < 3; k++)
        {
            const Point c(rng.uniform(0, size.width), rng.uniform(0, size.height));
            if (rng.uniform(0, 2))
                circle(hole, c, rng.uniform(1, 12), Scalar(255), FILLED);
            else
                rectangle(hole, Rect(c.x, c.y, rng.uniform(1, 25), rng.uniform(1, 25)), Scalar(255), FILLED);
        }
        if (countNonZero(hole) == (int)hole.total())
            continue;
        EXPECT_NEAR(inpainting::detail::holeThickness(hole), bruteForceThickness(hole), 1e-3) << "trial " << trial;
    }
    EXPECT_EQ(inpainting::detail::holeThickness(Mat::zeros(10, 10, CV_8UC1)), 0.0);
}

TEST(Inpainting_PartialConvScale, scale_follows_the_thickest_hole_and_the_working_size)
{
    // A bar 48 px thick (rows 26..73, known rows 25 and 74): its middle rows are 24 px from a known
    // pixel, so its thickness is 48.
    Mat bar = Mat::zeros(100, 400, CV_8UC1);
    bar(Rect(100, 26, 200, 48)).setTo(255);
    const double thickness = inpainting::detail::holeThickness(bar);
    EXPECT_NEAR(thickness, 48.0, 1e-3);
    // Thickness limit looser than the bar: only the working size counts.
    EXPECT_DOUBLE_EQ(inpainting::detail::regionScale(bar, 256, 64, 8), 256.0 / 400);
    EXPECT_DOUBLE_EQ(inpainting::detail::regionScale(bar, 1000, 64, 8), 1.0);
    EXPECT_DOUBLE_EQ(inpainting::detail::regionScale(bar, 1000, 0, 8), 1.0); // 0 = off
    // Tighter: the bar is brought down to the limit, whichever of the two is smaller wins.
    EXPECT_DOUBLE_EQ(inpainting::detail::regionScale(bar, 1000, 12, 8), 12 / thickness);
    EXPECT_DOUBLE_EQ(inpainting::detail::regionScale(bar, 40, 12, 8), 40.0 / 400);
    // A region beyond the working size is measured downscaled (the hole may grow by a pixel of
    // that resolution on each side): the scale stays within 10% of the full-resolution answer.
    EXPECT_NEAR(inpainting::detail::regionScale(bar, 200, 12, 8), 12 / thickness, 0.1 * 12 / thickness);
    EXPECT_LE(inpainting::detail::regionScale(bar, 200, 12, 8), 12 / thickness);
    // Never below 2^layers pixels on the longer side.
    EXPECT_DOUBLE_EQ(inpainting::detail::regionScale(bar, 1000, 1, 64), 64.0 / 400);
}

TEST(Inpainting_PartialConvInpainter, thick_holes_run_at_the_hole_thickness_scale)
{
    Ptr<PartialConvInpainter> pconv = tinyInpainter();
    EXPECT_EQ(pconv->getHoleThickness(), 64 * 3 / 8); // default: 3/8 of the training size
    EXPECT_EQ(PartialConvInpainter::createFromBuffer(pb::serialize(pb::tinyUNet(3, 4, 42, 128)))->getHoleThickness(), 48);
    pconv->setStrategy(inpainting::PCONV_STRATEGY_WHOLE);
    pconv->setHoleThickness(24);
    pconv->setEdgeRefinement(0); // the scale alone (the blend with a full-resolution fill is tested below)
    const Mat src = testImage(Size(120, 100), CV_8UC3, 61);
    // 48 px thick (rows 26..73): twice the limit, so the net runs at half scale, 60x50, as it
    // does with the limit off and a working size of 60.
    const Mat mask = holeMask(src.size(), Rect(25, 26, 70, 48));
    Mat byThickness, byWorkingSize, fullScale;
    pconv->apply(src, mask, byThickness);
    expectKnownPixelsIdentical(src, byThickness, mask);
    pconv->setHoleThickness(0);
    EXPECT_EQ(pconv->getHoleThickness(), 0);
    pconv->apply(src, mask, fullScale);
    pconv->setWorkingSize(60);
    pconv->apply(src, mask, byWorkingSize);
    EXPECT_EQ(cv::norm(byThickness, byWorkingSize, NORM_INF), 0.0);
    EXPECT_GT(cv::norm(byThickness, fullScale, NORM_INF), 0.0); // the policy changed the fill
    // A hole thinner than the limit runs at full scale, as with the limit off.
    pconv->setWorkingSize(128);
    const Mat thin = holeMask(src.size(), Rect(25, 40, 70, 10));
    Mat thinDefault, thinOff;
    pconv->apply(src, thin, thinOff);
    pconv->setHoleThickness(24);
    pconv->apply(src, thin, thinDefault);
    EXPECT_EQ(cv::norm(thinDefault, thinOff, NORM_INF), 0.0);
    EXPECT_THROW(pconv->setHoleThickness(-1), cv::Exception);
}

TEST(Inpainting_PartialConvInpainter, edge_refinement_blends_a_full_resolution_fill_along_the_hole_edge)
{
    // Reference: the fill at the policy's scale (refinement off) and the fill at full resolution
    // (policy off), blended by hand with weight min(1, d / 8) on the first at distance d from
    // the nearest known pixel. Float images, so nothing is rounded to 8 bits.
    Ptr<PartialConvInpainter> refined = tinyInpainter(), coarse = tinyInpainter(), fine = tinyInpainter();
    for (const Ptr<PartialConvInpainter>& p : { refined, coarse, fine })
    {
        p->setStrategy(inpainting::PCONV_STRATEGY_WHOLE);
        p->setHoleThickness(24);
    }
    EXPECT_EQ(refined->getEdgeRefinement(), 24); // default
    refined->setEdgeRefinement(8);
    EXPECT_EQ(refined->getEdgeRefinement(), 8);
    coarse->setEdgeRefinement(0);
    fine->setEdgeRefinement(0);
    fine->setHoleThickness(0); // 120 px is within the working size (128): full resolution
    const Mat src = testImage(Size(120, 100), CV_32FC3, 23);
    const Mat mask = holeMask(src.size(), Rect(25, 26, 70, 48)); // 48 px thick: runs at half scale
    const Mat distance = bruteForceDistanceToKnown(mask);
    Mat got, coarseFill, fineFill;
    refined->apply(src, mask, got);
    coarse->apply(src, mask, coarseFill);
    fine->apply(src, mask, fineFill);
    expectKnownPixelsIdentical(src, got, mask);
    double worst = 0;
    int nearEdge = 0, deep = 0;
    for (int y = 0; y < src.rows; y++)
        for (int x = 0; x < src.cols; x++)
        {
            if (!mask.at<uchar>(y, x))
                continue;
            const double w = std::min(1.0, distance.at<double>(y, x) / 8);
            (w < 1 ? nearEdge : deep)++;
            for (int c = 0; c < 3; c++)
            {
                const double c0 = coarseFill.at<Vec3f>(y, x)[c], f0 = fineFill.at<Vec3f>(y, x)[c];
                worst = std::max(worst, std::abs(got.at<Vec3f>(y, x)[c] - (f0 + w * (c0 - f0))));
            }
        }
    EXPECT_LT(worst, 1e-5);
    EXPECT_GT(nearEdge, 0);
    EXPECT_GT(deep, 0);
    EXPECT_GT(cv::norm(got, coarseFill, NORM_INF), 1e-3); // the edge band did change
    EXPECT_GT(cv::norm(coarseFill, fineFill, NORM_INF), 1e-3); // and the two fills differ

    // A region larger than twice the working size: the finer fill runs below full resolution
    // (64 px on the longer side of 120 with a working size of 32) and the blend happens at its
    // resolution before the one upscale, so no region-sized copy exists; the hand-made reference
    // above cannot reproduce that order. Known pixels stay, the edge band changes, and the fill
    // still ignores what the hole held.
    refined->setWorkingSize(32);
    coarse->setWorkingSize(32);
    Mat smallGot, smallCoarse, smallOther;
    refined->apply(src, mask, smallGot);
    coarse->apply(src, mask, smallCoarse);
    expectKnownPixelsIdentical(src, smallGot, mask);
    EXPECT_GT(cv::norm(smallGot, smallCoarse, NORM_INF), 1e-3);
    Mat other = src.clone();
    other.setTo(Scalar(1, 0, 0.5), mask);
    refined->apply(other, mask, smallOther);
    EXPECT_EQ(cv::norm(smallGot, smallOther, NORM_INF), 0.0);

    refined->setWorkingSize(128);
    coarse->setWorkingSize(128);

    // A region the policy does not shrink: the same bytes as with the refinement off.
    const Mat thin = holeMask(src.size(), Rect(25, 40, 70, 10));
    refined->apply(src, thin, got);
    coarse->apply(src, thin, coarseFill);
    EXPECT_EQ(cv::norm(got, coarseFill, NORM_INF), 0.0);
    EXPECT_THROW(refined->setEdgeRefinement(-1), cv::Exception);
}

TEST(Inpainting_PartialConvInpainter, flip_averaging_is_the_mean_of_the_fill_and_the_mirrored_fill)
{
    // Reference: two plain runs, one on the mirrored image and mask, averaged by hand. Float
    // images (no rounding to 8 bits); one hole thin enough for full scale, one downscaled.
    Ptr<PartialConvInpainter> plain = tinyInpainter(), averaged = tinyInpainter();
    EXPECT_FALSE(averaged->getFlipAveraging());
    averaged->setFlipAveraging(true);
    EXPECT_TRUE(averaged->getFlipAveraging());
    const Mat src = testImage(Size(120, 100), CV_32FC3, 17);
    for (const Rect& hole : { Rect(20, 30, 50, 12), Rect(30, 20, 70, 60) })
    {
        const Mat mask = holeMask(src.size(), hole);
        Mat direct, mirroredSrc, mirroredMask, mirroredFill, expected, got;
        plain->apply(src, mask, direct);
        flip(src, mirroredSrc, 1);
        flip(mask, mirroredMask, 1);
        plain->apply(mirroredSrc, mirroredMask, mirroredFill);
        flip(mirroredFill, mirroredFill, 1);
        addWeighted(direct, 0.5, mirroredFill, 0.5, 0.0, expected);
        averaged->apply(src, mask, got);
        expectKnownPixelsIdentical(src, got, mask);
        Mat gotHole, expectedHole;
        got.copyTo(gotHole, mask);
        expected.copyTo(expectedHole, mask);
        EXPECT_LT(cv::norm(gotHole, expectedHole, NORM_INF), 1e-5) << hole;
        EXPECT_GT(cv::norm(direct, got, NORM_INF), 1e-3) << hole;  // it did change the fill
    }
}

TEST(Inpainting_PartialConvInpainter, engines_agree)
{
    Ptr<PartialConvInpainter> pconv = tinyInpainter();
    const Mat src = testImage(Size(40, 33), CV_32FC3, 23);
    const Mat mask = holeMask(src.size(), Rect(8, 9, 15, 11));
    Mat results[3];
    for (int impl = 0; impl < 3; impl++)
    {
        pconv->setLayerImplementation(impl);
        EXPECT_EQ(pconv->getLayerImplementation(), impl);
        pconv->apply(src, mask, results[impl]);
    }
    EXPECT_LE(cv::norm(results[0], results[1], NORM_INF), 1e-4);
    EXPECT_LE(cv::norm(results[0], results[2], NORM_INF), 1e-4);
}

TEST(Inpainting_PartialConvInpainter, cuda_target_switches_graphs_and_back)
{
    // CUDA cannot run here; this checks that choosing it builds the standard-layer graph and that
    // returning to the CPU restores the fused network with the same result.
    Ptr<PartialConvInpainter> pconv = tinyInpainter();
    const Mat src = testImage(Size(30, 26), CV_8UC3, 43);
    const Mat mask = holeMask(src.size(), Rect(9, 8, 10, 7));
    Mat before, after;
    pconv->apply(src, mask, before);
    pconv->setPreferableBackend(dnn::DNN_BACKEND_CUDA);
    pconv->setPreferableTarget(dnn::DNN_TARGET_CUDA);
    EXPECT_EQ(pconv->getPreferableTarget(), (int)dnn::DNN_TARGET_CUDA);
    pconv->setPreferableBackend(dnn::DNN_BACKEND_OPENCV);
    pconv->setPreferableTarget(dnn::DNN_TARGET_CPU);
    pconv->apply(src, mask, after);
    EXPECT_EQ(cv::norm(before, after, NORM_INF), 0.0);
}

// ONNX marks an absent optional input with an empty name: a PartialConv2d with inputs (X, M, W, "").
// OpenCV 4.6's importer cannot read it (it looks "" up as a constant), nor could the standard-layer
// rewrite for CUDA (std::out_of_range): the validator refuses it with a message that says what to do.
TEST(Inpainting_PartialConvInpainter, empty_optional_bias_name_is_refused_clearly)
{
    onnx::ModelProto m = pb::tinyUNet(2, 2, 5, 32);
    m.mutable_graph()->mutable_node(0)->set_input(3, "");
    expectErrorContaining([&] { PartialConvInpainter::createFromBuffer(pb::serialize(m)); },
                          "PartialConv2d 'enc1': the bias input is an empty name");
}

// Found by fuzz/fuzz_model: a mutated model on which OpenCV 4.6's importer indexes a node's inputs
// past their count; protobuf's CHECK threw google::protobuf::FatalException out of
// createFromBuffer(). It is now a cv::Exception naming the model like any bad model.
TEST(Inpainting_PartialConvInpainter, importer_internal_failure_is_a_cv_exception)
{
    std::ifstream in(std::string(INPAINTING_SOURCE_DIR) + "/fuzz/corpus/model/regress_importer_protobuf_check",
                     std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    ASSERT_GT(bytes.size(), 2u);
    const std::vector<uchar> model(bytes.begin() + 2, bytes.end()); // the fuzzer's door and option bytes
    try
    {
        PartialConvInpainter::createFromBuffer(model);
        ADD_FAILURE() << "no exception";
    }
    catch (const cv::Exception& e)
    {
        EXPECT_NE(e.err.find("inpainting model '<buffer>'"), std::string::npos) << e.err;
    }
}

TEST(Inpainting_PartialConvInpainter, metadata_and_graph_depth)
{
    Ptr<PartialConvInpainter> pconv = tinyInpainter();
    EXPECT_EQ(pconv->getLayers(), 3);
    EXPECT_EQ(pconv->getTrainSize(), 64);
    EXPECT_EQ(pconv->getWorkingSize(), 128);
    // Without metadata: depth from the graph's stride-2 chain, train size 256.
    Ptr<PartialConvInpainter> bare = PartialConvInpainter::createFromBuffer(pb::serialize(pb::tinyUNet(4, 2, 1, 64, false)));
    EXPECT_EQ(bare->getLayers(), 4);
    EXPECT_EQ(bare->getTrainSize(), 256);
}

TEST(Inpainting_PartialConvInpainter, standard_layer_graph_equals_fused_layer)
{
    // The CUDA route: every PartialConv2d rewritten as standard operators, run here on the CPU.
    inpainting::registerLayers();
    RNG rng(29);
    auto run = [](const std::vector<uchar>& bytes, const std::vector<std::pair<std::string, Mat>>& inputs,
                  const std::string& output) {
        dnn::Net net = dnn::readNetFromONNX(reinterpret_cast<const char*>(bytes.data()), bytes.size());
        for (const auto& in : inputs)
            net.setInput(in.second, in.first);
        return net.forward(output).clone();
    };
    auto hasCustomLayer = [](const std::vector<uchar>& bytes) {
        dnn::Net net = dnn::readNetFromONNX(reinterpret_cast<const char*>(bytes.data()), bytes.size());
        std::vector<String> types;
        net.getLayerTypes(types);
        return std::find(types.begin(), types.end(), String(inpainting::detail::kPartialConvLayerType)) != types.end();
    };

    // The tiny U-Net (grouped masks, broadcast first-layer mask, Resize, Concat).
    const std::vector<uchar> standard = inpainting::detail::rewriteWithStandardOps(tinyModel());
    EXPECT_TRUE(hasCustomLayer(tinyModel()));
    EXPECT_FALSE(hasCustomLayer(standard));
    const int ishape[] = { 1, 3, 64, 64 }, mshape[] = { 1, 1, 64, 64 };
    Mat image(4, ishape, CV_32F), mask(4, mshape, CV_32F);
    rng.fill(image, RNG::UNIFORM, 0.f, 1.f);
    float* m = mask.ptr<float>();
    for (size_t i = 0; i < mask.total(); i++)
        m[i] = rng.uniform(0.0, 1.0) < 0.7 ? 1.f : 0.f;
    const std::vector<std::pair<std::string, Mat>> unetInputs = { { "image", image }, { "mask", mask } };
    const Mat fused = run(tinyModel(), unetInputs, "output");
    const Mat plain = run(standard, unetInputs, "output");
    const double unetErr = cv::norm(fused.reshape(1, 1), plain.reshape(1, 1), NORM_INF);
    std::cout << "standard-layer graph vs fused layer, tiny U-Net: max abs " << unetErr << std::endl;
    EXPECT_LE(unetErr, 1e-4);

    // Single layers: asymmetric pads, stride, dilation, C-channel / 1-channel masks, no bias.
    for (int variant = 0; variant < 3; variant++)
    {
        pb::PConvSpec s = pb::randomSpec(rng, 5, 6, 3, 4, variant != 2);
        s.strideW = 2;
        s.dilationH = 2;
        s.pads[0] = 2; s.pads[1] = 1; s.pads[2] = variant == 0 ? 0 : 2; s.pads[3] = variant == 0 ? 3 : 1;
        const int maskChannels = variant == 1 ? 1 : 6;
        const int H = 12, W = 15;
        const int Ho = (H + s.pads[0] + s.pads[2] - 2 * 2 - 1) / 1 + 1, Wo = (W + s.pads[1] + s.pads[3] - 3 - 1) / 2 + 1;
        const std::vector<uchar> model = pb::serialize(pb::singleLayerModel(s, 1, H, W, maskChannels, Ho, Wo));
        const int xs[] = { 1, 6, H, W }, ms[] = { 1, maskChannels, H, W };
        Mat X(4, xs, CV_32F), M(4, ms, CV_32F);
        rng.fill(X, RNG::UNIFORM, -1.f, 1.f);
        for (size_t i = 0; i < M.total(); i++)
            M.ptr<float>()[i] = rng.uniform(0.0, 1.0) < 0.5 ? 1.f : 0.f;
        const std::vector<std::pair<std::string, Mat>> inputs = { { "X", X }, { "M", M } };
        const std::vector<uchar> rewritten = inpainting::detail::rewriteWithStandardOps(model);
        for (const char* out : { "Y", "M_out" })
        {
            const Mat a = run(model, inputs, out), b = run(rewritten, inputs, out);
            EXPECT_LE(cv::norm(a.reshape(1, 1), b.reshape(1, 1), NORM_INF), 1e-4) << "variant " << variant << " " << out;
        }
    }
}

TEST(Inpainting_PartialConvInpainter, bad_images_and_masks)
{
    Ptr<PartialConvInpainter> pconv = tinyInpainter();
    const Mat src = testImage(Size(20, 20), CV_8UC3, 31);
    const Mat mask = holeMask(src.size(), Rect(5, 5, 5, 5));
    Mat dst;
    expectErrorContaining([&] { pconv->apply(Mat(), mask, dst); }, "'image' is empty");
    expectErrorContaining([&] { pconv->apply(src, Mat(), dst); }, "'mask' is empty");
    expectErrorContaining([&] { pconv->apply(src, Mat::zeros(10, 20, CV_8UC1), dst); }, "same size");
    expectErrorContaining([&] { pconv->apply(src, Mat::zeros(20, 20, CV_32FC1), dst); }, "CV_8UC1");
    expectErrorContaining([&] { pconv->apply(Mat(20, 20, CV_16SC3, Scalar(0)), mask, dst); }, "CV_8U, CV_16U or CV_32F");
    expectErrorContaining([&] { pconv->apply(Mat(20, 20, CV_8UC2, Scalar(0)), mask, dst); }, "1, 3 or 4 channels");
    expectErrorContaining([&] { pconv->setStrategy(7); }, "strategy");
    expectErrorContaining([&] { pconv->setLayerImplementation(3); }, "implementation");
    expectErrorContaining([&] { pconv->setContext(-1); }, "pixels");
}

TEST(Inpainting_PartialConvInpainter, bad_models_raise_clear_errors)
{
    const std::string dir = makeTempDir("pconv_bad_models");
    auto createFromFile = [&](const std::string& name, const std::vector<uchar>& bytes) {
        const std::string path = dir + "/" + name;
        pb::writeBytes(path, bytes);
        return [path] { PartialConvInpainter::create(path); };
    };
    const std::vector<uchar>& good = tinyModel();

    if (inpainting::detail::defaultModelBytes().empty())
    {
        // A build without models/pconv_default.onnx: create() without a path says so.
        expectErrorContaining([] { PartialConvInpainter::create(); }, "no default model (");
        try
        {
            PartialConvInpainter::create();
        }
        catch (const cv::Exception& e)
        {
            EXPECT_EQ(e.code, Error::StsObjectNotFound);
        }
    }
    else
    {
        EXPECT_NO_THROW(PartialConvInpainter::create()); // the embedded model passes the same validator
    }
    expectErrorContaining([&] { PartialConvInpainter::create(dir + "/missing.onnx"); }, "cannot open");
    expectErrorContaining(createFromFile("empty.onnx", {}), "empty");
    expectErrorContaining(createFromFile("truncated.onnx", std::vector<uchar>(good.begin(), good.begin() + good.size() / 2)),
                          "truncated");
    for (size_t cut : { (size_t)1, (size_t)7, good.size() - 3 })
        EXPECT_THROW(PartialConvInpainter::createFromBuffer(std::vector<uchar>(good.begin(), good.begin() + cut)), cv::Exception)
            << "cut at " << cut;
    RNG rng(37);
    for (int i = 0; i < 20; i++)
    {
        std::vector<uchar> noise(rng.uniform(1, 4000));
        for (uchar& b : noise)
            b = (uchar)rng.uniform(0, 256);
        EXPECT_THROW(PartialConvInpainter::createFromBuffer(noise), cv::Exception);
    }
    // A folder is not a model.
    EXPECT_THROW(PartialConvInpainter::create(dir), cv::Exception);

    auto mutated = [&](const std::function<void(onnx::ModelProto&)>& change) {
        onnx::ModelProto model = pb::tinyUNet(3, 4, 42);
        change(model);
        return pb::serialize(model);
    };
    auto findNode = [](onnx::ModelProto& model, const std::string& name) -> onnx::NodeProto& {
        for (onnx::NodeProto& n : *model.mutable_graph()->mutable_node())
            if (n.name() == name)
                return n;
        throw std::runtime_error("no node " + name);
    };
    expectErrorContaining(createFromFile("renamed_input.onnx", mutated([](onnx::ModelProto& m) {
        m.mutable_graph()->mutable_input(1)->set_name("valid");
    })), "input named 'mask'");
    expectErrorContaining(createFromFile("renamed_output.onnx", mutated([](onnx::ModelProto& m) {
        m.mutable_graph()->mutable_output(0)->set_name("prediction");
    })), "output named 'output'");
    expectErrorContaining(createFromFile("no_shape.onnx", mutated([](onnx::ModelProto& m) {
        m.mutable_graph()->mutable_input(0)->mutable_type()->mutable_tensor_type()->clear_shape();
    })), "declares no shape");
    expectErrorContaining(createFromFile("kernel.onnx", mutated([&](onnx::ModelProto& m) {
        onnx::NodeProto& n = findNode(m, "enc2");
        for (onnx::AttributeProto& a : *n.mutable_attribute())
            if (a.name() == "kernel_shape")
                a.set_ints(0, 5);
    })), "kernel_shape");
    expectErrorContaining(createFromFile("groups.onnx", mutated([&](onnx::ModelProto& m) {
        onnx::NodeProto& n = findNode(m, "dec2");
        for (onnx::AttributeProto& a : *n.mutable_attribute())
            if (a.name() == "mask_channel_groups")
                a.set_ints(0, 1);
    })), "mask_channel_groups");
    expectErrorContaining(createFromFile("bias.onnx", mutated([](onnx::ModelProto& m) {
        for (onnx::TensorProto& t : *m.mutable_graph()->mutable_initializer())
            if (t.name() == "enc1.bias")
            {
                t.set_dims(0, 3);
                t.set_raw_data(t.raw_data().substr(0, 12));
            }
    })), "bias");
    expectErrorContaining(createFromFile("short_weight.onnx", mutated([](onnx::ModelProto& m) {
        for (onnx::TensorProto& t : *m.mutable_graph()->mutable_initializer())
            if (t.name() == "enc2.weight")
                t.set_raw_data(t.raw_data().substr(0, t.raw_data().size() - 8));
    })), "truncated");
    expectErrorContaining(createFromFile("undefined_input.onnx", mutated([&](onnx::ModelProto& m) {
        findNode(m, "enc2").set_input(0, "nowhere");
    })), "nowhere");
    expectErrorContaining(createFromFile("channels.onnx", mutated([](onnx::ModelProto& m) {
        // The weight of enc2 reads 5 channels but enc1 produces 4: only shape inference finds it.
        for (onnx::TensorProto& t : *m.mutable_graph()->mutable_initializer())
            if (t.name() == "enc2.weight")
            {
                const int64_t O = t.dims(0), k = t.dims(2) * t.dims(3);
                t.set_dims(1, 5);
                t.set_raw_data(std::string((size_t)(O * 5 * k * 4), '\0'));
            }
    })), "channels");
    expectErrorContaining(createFromFile("metadata.onnx", mutated([](onnx::ModelProto& m) {
        pb::setMetadata(m, "inpainting.layers", "seven");
    })), "inpainting.layers");
    // The good model still loads from a file.
    EXPECT_NO_THROW(createFromFile("good.onnx", good)());
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
}

TEST(Inpainting_PartialConvInpainter, inpaint_entry_point_and_cli)
{
    // INPAINT_PCONV is available exactly when a default model is embedded; without one, a clear error.
    const bool embedded = !inpainting::detail::defaultModelBytes().empty();
    EXPECT_EQ(inpainting::isMethodAvailable(inpainting::INPAINT_PCONV), embedded);
    const Mat src = testImage(Size(40, 30), CV_8UC3, 41);
    const Mat mask = holeMask(src.size(), Rect(10, 10, 8, 6));
    Mat dst, viaCreate;
    if (embedded)
    {
        // The entry point runs the same default model as create().
        inpainting::inpaint(src, mask, dst, inpainting::INPAINT_PCONV);
        PartialConvInpainter::create()->apply(src, mask, viaCreate);
        EXPECT_EQ(cv::norm(dst, viaCreate, NORM_INF), 0.0);
    }
    else
    {
        expectErrorContaining([&] { inpainting::inpaint(src, mask, dst, inpainting::INPAINT_PCONV); }, "model");
    }

    const std::string dir = makeTempDir("pconv_cli");
    pb::writeBytes(dir + "/model.onnx", tinyModel());
    imwrite(dir + "/image.png", src);
    imwrite(dir + "/mask.png", mask);
    std::string output;
    const int code = runCommand(binaryPath("inpaint") + " --image=" + dir + "/image.png --mask=" + dir +
                                "/mask.png --output=" + dir + "/out.png --method=pconv --model=" + dir + "/model.onnx",
                                output);
    ASSERT_EQ(code, 0) << output;
    const Mat result = imread(dir + "/out.png");
    ASSERT_FALSE(result.empty());
    Mat expected;
    tinyInpainter()->apply(src, mask, expected);
    EXPECT_EQ(cv::norm(result, expected, NORM_INF), 0.0);

    // --model also feeds pconv_patch (the network's fill guiding the patch synthesis).
    const int guided = runCommand(binaryPath("inpaint") + " --image=" + dir + "/image.png --mask=" + dir +
                                  "/mask.png --output=" + dir + "/guided.png --method=pconv_patch --model=" + dir +
                                  "/model.onnx", output);
    ASSERT_EQ(guided, 0) << output;
    Mat expectedGuided;
    inpainting::PconvPatchInpainter::create(dir + "/model.onnx")->apply(src, mask, expectedGuided);
    EXPECT_EQ(cv::norm(imread(dir + "/guided.png"), expectedGuided, NORM_INF), 0.0);

    pb::writeBytes(dir + "/bad.onnx", std::vector<uchar>(tinyModel().begin(), tinyModel().begin() + 100));
    const int bad = runCommand(binaryPath("inpaint") + " --image=" + dir + "/image.png --mask=" + dir +
                               "/mask.png --output=" + dir + "/out2.png --method=pconv --model=" + dir + "/bad.onnx",
                               output);
    EXPECT_EQ(bad, 2) << output;
    EXPECT_NE(output.find("bad.onnx"), std::string::npos) << output;
    EXPECT_FALSE(std::filesystem::exists(dir + "/out2.png"));

    // Without --model: the embedded model (same bytes as the library's fill), or with none embedded
    // one clear line and exit 2.
    const int noModel = runCommand(binaryPath("inpaint") + " --image=" + dir + "/image.png --mask=" + dir +
                                   "/mask.png --output=" + dir + "/out3.png --method=pconv", output);
    if (embedded)
    {
        ASSERT_EQ(noModel, 0) << output;
        const Mat viaCli = imread(dir + "/out3.png");
        ASSERT_FALSE(viaCli.empty());
        EXPECT_EQ(cv::norm(viaCli, viaCreate, NORM_INF), 0.0);
    }
    else
    {
        EXPECT_EQ(noModel, 2) << output;
        EXPECT_NE(output.find("not available"), std::string::npos) << output;
    }

    // inpaint_compare takes --model too; its pconv column is the same fill.
    const int compare = runCommand(binaryPath("inpaint_compare") + " --image=" + dir + "/image.png --mask=" + dir +
                                   "/mask.png --methods=telea,pconv --model=" + dir + "/model.onnx --output=" + dir +
                                   "/grid.png --results=" + dir + "/results", output);
    ASSERT_EQ(compare, 0) << output;
    EXPECT_NE(output.find("pconv"), std::string::npos) << output;
    const Mat compared = imread(dir + "/results/pconv.png");
    ASSERT_FALSE(compared.empty());
    Mat expectedFromShown;
    tinyInpainter()->apply(src, mask, expectedFromShown); // the fill ignores hole content (shown white there)
    EXPECT_EQ(cv::norm(compared, expectedFromShown, NORM_INF), 0.0);
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
}

}  // namespace opencv_test_inpainting
