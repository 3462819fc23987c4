// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

// PatchMatchInpainter: what patch synthesis does that diffusion cannot (periodic texture, edges),
// determinism, the module's type/channel contract and bad input.

#include "test_precomp.hpp"
#include "patch_test_helpers.hpp"

namespace opencv_test_inpainting {

using namespace cv;
using namespace patch_test_helpers;

TEST(Inpainting_PatchMatch, periodic_texture_is_refilled_close_to_truth_where_diffusion_is_not)
{
    const Mat truth = toType(periodicTexture(Size(128, 112), 3, 11), CV_8U);
    const Mat hole = squareHole(truth.size(), Rect(46, 40, 30, 28));
    Mat input = truth.clone();
    input.setTo(Scalar::all(255), hole);

    Mat pm, telea, ns;
    inpainting::PatchMatchInpainter::create()->apply(input, hole, pm);
    inpainting::inpaint(input, hole, telea, inpainting::INPAINT_TELEA);
    inpainting::inpaint(input, hole, ns, inpainting::INPAINT_NS);

    // The texture repeats exactly, so a converged search finds zero-cost matches: the fill is the
    // truth up to rounding. Diffusion smooths the hole and stays far below.
    const double bound = 35.0;
    const double psnrPm = psnrInHole(pm, truth, hole);
    const double psnrTelea = psnrInHole(telea, truth, hole);
    const double psnrNs = psnrInHole(ns, truth, hole);
    EXPECT_GT(psnrPm, bound);
    EXPECT_LT(psnrTelea, bound);
    EXPECT_LT(psnrNs, bound);
    EXPECT_GT(psnrPm, psnrTelea + 10.0);
    EXPECT_GT(psnrPm, psnrNs + 10.0);
}

TEST(Inpainting_PatchMatch, hole_on_a_straight_edge_continues_the_edge)
{
    // A 45-degree edge between two noisy regions (dark below-left, bright above-right), with a
    // hole centred on it: the edge must cross the hole where the line continues, sharply.
    const Size size(112, 112);
    Mat image(size, CV_8UC1);
    RNG rng(3);
    for (int y = 0; y < size.height; y++)
        for (int x = 0; x < size.width; x++)
            image.at<uchar>(y, x) = saturate_cast<uchar>((x > y ? 190 : 60) + rng.gaussian(6.0));
    const Rect holeRect(40, 40, 32, 32);
    const Mat hole = squareHole(size, holeRect);
    Mat input = image.clone();
    input.setTo(Scalar::all(0), hole);

    Mat result;
    inpainting::PatchMatchInpainter::create()->apply(input, hole, result);

    for (int y = holeRect.y; y < holeRect.br().y; y++)
    {
        // The edge position in this row: where the fill crosses the mid level, scanning from the
        // left of the hole (smoothed over 3 px to ignore the noise).
        int crossing = -1;
        for (int x = holeRect.x; x < holeRect.br().x - 2; x++)
        {
            const double m = (result.at<uchar>(y, x) + result.at<uchar>(y, x + 1) + result.at<uchar>(y, x + 2)) / 3.0;
            if (m > 125)
            {
                crossing = x + 1;
                break;
            }
        }
        if (y > holeRect.y && y < holeRect.br().y - 4) // the line x = y lies inside this row of the hole
            EXPECT_NEAR(crossing, y, 2) << "row " << y;
        // Contrast: 4 px or more away from the line the fill has the colour of its side.
        for (int x = holeRect.x; x < holeRect.br().x; x++)
        {
            if (x > y + 4)
                EXPECT_GT(result.at<uchar>(y, x), 150) << "(" << x << ", " << y << ")";
            else if (x < y - 4)
                EXPECT_LT(result.at<uchar>(y, x), 100) << "(" << x << ", " << y << ")";
        }
    }
}

TEST(Inpainting_PatchMatch, same_seed_gives_same_bytes_on_any_thread_count)
{
    ThreadCountGuard guard;
    const Mat photo = loadSamplePhoto("fruits.jpg");
    ASSERT_FALSE(photo.empty());
    Mat small;
    resize(photo, small, Size(200, 160), 0, 0, INTER_AREA);
    Mat mask;
    inpainting::MaskGenerator::create(inpainting::MASK_MIXED, 0.2, 0.3, 7)->generate(small.size(), mask);

    Ptr<inpainting::PatchMatchInpainter> pm = inpainting::PatchMatchInpainter::create(7, 3, 5);
    Mat a, b, c, d, other;
    setNumThreads(1);
    pm->apply(small, mask, a);
    setNumThreads(2);
    pm->apply(small, mask, b);
    setNumThreads(4);
    pm->apply(small, mask, c);
    setNumThreads(guard.saved);
    inpainting::PatchMatchInpainter::create(7, 3, 5)->apply(small, mask, d);
    EXPECT_TRUE(sameBytes(a, b));
    EXPECT_TRUE(sameBytes(a, c));
    EXPECT_TRUE(sameBytes(a, d));
    // The seed is used: another seed takes other random candidates and ends elsewhere.
    inpainting::PatchMatchInpainter::create(7, 3, 6)->apply(small, mask, other);
    EXPECT_FALSE(sameBytes(a, other));
}

TEST(Inpainting_PatchMatch, every_type_and_channel_count)
{
    expectEveryTypeAndChannelCount([](const Mat& input, const Mat& hole, Mat& result) {
        inpainting::PatchMatchInpainter::create()->apply(input, hole, result);
    }, 35.0);
}

TEST(Inpainting_PatchMatch, known_pixels_untouched_and_fill_independent_of_hole_content)
{
    const Mat photo = loadSamplePhoto("baboon.jpg");
    ASSERT_FALSE(photo.empty());
    Mat small;
    resize(photo, small, Size(128, 128), 0, 0, INTER_AREA);
    Mat mask = Mat::zeros(small.size(), CV_8UC1);
    mask(Rect(0, 50, 30, 20)).setTo(255); // touches the left border
    circle(mask, Point(80, 40), 12, Scalar(255), FILLED);
    Mat white = small.clone(), black = small.clone();
    white.setTo(Scalar::all(255), mask);
    black.setTo(Scalar::all(0), mask);

    Mat a, b, c;
    Ptr<inpainting::PatchMatchInpainter> pm = inpainting::PatchMatchInpainter::create(5, 2, 1);
    pm->apply(white, mask, a);
    pm->apply(black, mask, b);
    inpainting::inpaint(white, mask, c, inpainting::INPAINT_PATCHMATCH);
    EXPECT_TRUE(knownPixelsEqual(a, small, mask));
    EXPECT_TRUE(knownPixelsEqual(c, small, mask));
    EXPECT_TRUE(sameBytes(a, b));
    // The fill is not left as it was: nothing of the white hole survives.
    Mat holePixels;
    cvtColor(a, holePixels, COLOR_BGR2GRAY);
    EXPECT_LT(countNonZero((holePixels == 255) & mask), countNonZero(mask) / 20);
}

TEST(Inpainting_PatchMatch, entry_point_small_images_and_degenerate_masks)
{
    EXPECT_TRUE(inpainting::isMethodAvailable(inpainting::INPAINT_PATCHMATCH));
    EXPECT_EQ(inpainting::methodFromName("patchmatch"), inpainting::INPAINT_PATCHMATCH);

    // Images too small for a 7x7 (or even 3x3) fully known patch still get a fill.
    for (const Size& size : { Size(1, 1), Size(2, 3), Size(5, 1), Size(6, 6), Size(9, 4) })
    {
        const Mat image = toType(periodicTexture(size, 3, 2), CV_8U);
        Mat mask = Mat::zeros(size, CV_8UC1);
        mask.at<uchar>(0, 0) = 255;
        Mat result;
        ASSERT_NO_THROW(inpainting::PatchMatchInpainter::create()->apply(image, mask, result)) << size;
        EXPECT_EQ(result.size(), size);
        EXPECT_TRUE(knownPixelsEqual(result, image, mask)) << size;
    }

    const Mat image = toType(periodicTexture(Size(40, 30), 3, 2), CV_16U);
    Mat result;
    inpainting::PatchMatchInpainter::create()->apply(image, Mat::zeros(image.size(), CV_8UC1), result);
    EXPECT_TRUE(sameBytes(result, image)); // no hole: a copy
    inpainting::PatchMatchInpainter::create()->apply(image, Mat(image.size(), CV_8UC1, Scalar(255)), result);
    double lo, hi;
    minMaxLoc(result.reshape(1), &lo, &hi);
    EXPECT_EQ(lo, 32768.0); // all hole: the mid-grey of the type, as every method
    EXPECT_EQ(hi, 32768.0);
}

TEST(Inpainting_PatchMatch, bad_input_and_parameters_raise)
{
    Ptr<inpainting::PatchMatchInpainter> pm = inpainting::PatchMatchInpainter::create();
    expectApplyRejectsBadInput([&](const Mat& image, const Mat& mask, Mat& out) { pm->apply(image, mask, out); });

    for (int bad : { -1, 0, 1, 2, 4, 8, 33 })
        EXPECT_NE(errorOf([&] { inpainting::PatchMatchInpainter::create(bad); }).find("'patchSize'"), std::string::npos) << bad;
    for (int bad : { 0, -3, 101 })
        EXPECT_NE(errorOf([&] { inpainting::PatchMatchInpainter::create(7, bad); }).find("'iterations'"), std::string::npos) << bad;
    EXPECT_THROW(pm->setPatchSize(6), cv::Exception);
    EXPECT_THROW(pm->setIterations(0), cv::Exception);
    EXPECT_EQ(pm->getPatchSize(), 13); // a rejected value leaves the setting as it was
    EXPECT_EQ(pm->getIterations(), 4);
    pm->setPatchSize(9);
    pm->setIterations(2);
    pm->setSeed(-5);
    EXPECT_EQ(pm->getPatchSize(), 9);
    EXPECT_EQ(pm->getIterations(), 2);
    EXPECT_EQ(pm->getSeed(), -5);
}

} // namespace opencv_test_inpainting
