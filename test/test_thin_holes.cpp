// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

// Thin hole parts (scratches) in PartialConvInpainter: which pixels count as thin, and that they
// are filled by the photo module's Navier-Stokes diffusion while the network keeps the rest.

#include "test_precomp.hpp"

#include "pconv_onnx_builder.hpp"
#include "thin_holes.hpp"

namespace opencv_test_inpainting {
namespace {

using namespace cv;
using cv::inpainting::PartialConvInpainter;
namespace pb = pconv_builder;

Ptr<PartialConvInpainter> tinyInpainter()
{
    static const std::vector<uchar> bytes = pb::serialize(pb::tinyUNet(3, 4, 42));
    return PartialConvInpainter::createFromBuffer(bytes);
}

// A 1-px diagonal scratch and a 3-px horizontal one.
Mat scratchMask(Size size)
{
    Mat mask = Mat::zeros(size, CV_8UC1);
    line(mask, Point(5, 4), Point(size.width - 8, size.height - 6), Scalar(255), 1, LINE_8);
    mask(Rect(10, size.height / 2, size.width - 25, 3)).setTo(255);
    return mask;
}

// The photo module's Navier-Stokes, one channel at a time (it takes 16U and 32F single-channel only).
Mat navierStokes(const Mat& colour, const Mat& hole)
{
    std::vector<Mat> planes;
    split(colour, planes);
    for (Mat& plane : planes)
    {
        Mat out;
        cv::inpaint(plane, hole, out, 3.0, cv::INPAINT_NS);
        plane = out;
    }
    Mat merged;
    merge(planes, merged);
    return merged;
}

} // namespace

TEST(Inpainting_ThinHoles, lines_up_to_width_plus_one_are_thin_thicker_parts_are_not)
{
    Mat hole = Mat::zeros(Size(240, 160), CV_8UC1);
    const int widths[] = { 1, 2, 3, 4, 5, 6 };
    for (int i = 0; i < 6; i++)
        hole(Rect(10, 8 + 14 * i, 100, widths[i])).setTo(255);
    line(hole, Point(120, 10), Point(230, 90), Scalar(255), 1, LINE_8); // 1-px diagonal
    const Rect box(130, 100, 40, 30);
    hole(box).setTo(255);
    const Rect spur(box.x + box.width, 112, 40, 2); // a 2-px line leaving the box
    hole(spur).setTo(255);

    const Mat thin = cv::inpainting::detail::thinHoleParts(hole, 3);
    ASSERT_EQ(thin.type(), CV_8UC1);
    EXPECT_EQ(countNonZero(thin & ~hole), 0) << "thin pixels outside the hole";
    for (int i = 0; i < 6; i++)
    {
        const Rect r(10, 8 + 14 * i, 100, widths[i]);
        const int count = countNonZero(thin(r));
        if (widths[i] <= 4)
            EXPECT_EQ(count, r.area()) << "a " << widths[i] << "-px line must be thin throughout";
        else
            EXPECT_EQ(count, 0) << "a " << widths[i] << "-px line is not thin";
    }
    Mat diagonal = Mat::zeros(hole.size(), CV_8UC1);
    line(diagonal, Point(120, 10), Point(230, 90), Scalar(255), 1, LINE_8);
    EXPECT_EQ(countNonZero(thin & diagonal), countNonZero(diagonal));
    EXPECT_EQ(countNonZero(thin(box)), 0) << "a box has no thin pixels, corners included";
    // The spur is thin except where it joins the box (within 2 px of it).
    EXPECT_EQ(countNonZero(thin(Rect(spur.x + 2, spur.y, spur.width - 2, spur.height))), (spur.width - 2) * 2);
    // Wider width: the 5-px line becomes thin too, the 6-px one stays thick.
    const Mat wider = cv::inpainting::detail::thinHoleParts(hole, 4);
    EXPECT_EQ(countNonZero(wider(Rect(10, 8 + 14 * 4, 100, 5))), 500);
    EXPECT_EQ(countNonZero(wider(Rect(10, 8 + 14 * 5, 100, 6))), 0);
}

TEST(Inpainting_ThinHoles, scratches_are_filled_by_navier_stokes_in_every_type)
{
    for (int type : { CV_8UC3, CV_8UC1, CV_16UC3, CV_32FC1, CV_32FC3, CV_8UC4 })
    {
        const Mat src = smoothNoisyImage(Size(96, 80), type, 5);
        const Mat mask = scratchMask(src.size());
        Mat result;
        tinyInpainter()->apply(src, mask, result);
        ASSERT_EQ(result.type(), type);

        Mat colour = src;
        if (src.channels() == 4)
            cvtColor(src, colour, COLOR_BGRA2BGR);
        Mat expected = colour.depth() == CV_8U ? Mat() : navierStokes(colour, mask);
        if (colour.depth() == CV_8U)
            cv::inpaint(colour, mask, expected, 3.0, cv::INPAINT_NS);
        if (src.channels() == 4)
        {
            Mat alpha;
            extractChannel(src, alpha, 3);
            std::vector<Mat> planes;
            split(expected, planes);
            planes.push_back(alpha);
            merge(planes, expected);
        }
        EXPECT_EQ(cv::norm(result, expected, NORM_INF), 0.0) << typeToString(type);
    }
}

TEST(Inpainting_ThinHoles, net_fills_the_thick_part_diffusion_the_thin_part_from_it)
{
    const Mat src = smoothNoisyImage(Size(120, 100), CV_8UC3, 8);
    Mat mask = Mat::zeros(src.size(), CV_8UC1);
    const Rect box(20, 30, 24, 20);
    mask(box).setTo(255);
    mask(Rect(box.x + box.width, 38, 50, 2)).setTo(255);               // a scratch leaving the box
    line(mask, Point(60, 80), Point(115, 60), Scalar(255), 1, LINE_8); // and one on its own
    const Mat thin = cv::inpainting::detail::thinHoleParts(mask, 3);
    ASSERT_GT(countNonZero(thin), 80);

    Ptr<PartialConvInpainter> withThin = tinyInpainter(), netOnly = tinyInpainter();
    EXPECT_EQ(withThin->getThinHoleWidth(), 3); // default
    netOnly->setThinHoleWidth(0);
    EXPECT_EQ(netOnly->getThinHoleWidth(), 0);
    Mat a, b;
    withThin->apply(src, mask, a);
    netOnly->apply(src, mask, b);

    // The network's input is the whole hole either way: its fill of the thick part is unchanged.
    const Mat thick = mask & ~thin;
    Mat differs;
    compare(a.reshape(1, a.rows), b.reshape(1, b.rows), differs, CMP_NE);
    differs = differs.reshape(3, a.rows);
    std::vector<Mat> planes;
    split(differs, planes);
    const Mat anyDiffers = planes[0] | planes[1] | planes[2];
    EXPECT_EQ(countNonZero(anyDiffers & thick), 0);
    EXPECT_EQ(countNonZero(anyDiffers & (mask == 0)), 0);
    // The thin part is Navier-Stokes diffusion reading the network's fill where it touches it.
    Mat expected;
    cv::inpaint(b, thin, expected, 3.0, cv::INPAINT_NS);
    Mat thinResult, thinExpected;
    a.copyTo(thinResult, thin);
    expected.copyTo(thinExpected, thin);
    EXPECT_EQ(cv::norm(thinResult, thinExpected, NORM_INF), 0.0);
    EXPECT_GT(countNonZero(anyDiffers & thin), 0) << "the thin part was left to the network";

    // What the hole held does not matter.
    Mat other = src.clone(), c;
    other.setTo(Scalar(0, 0, 255), mask);
    withThin->apply(other, mask, c);
    EXPECT_EQ(cv::norm(a, c, NORM_INF), 0.0);
}

TEST(Inpainting_ThinHoles, diffusion_next_to_the_border_ignores_the_hole)
{
    // OpenCV 4.6's Telea and Navier-Stokes read the hole's own values one pixel from the border:
    // the module's diffusion must not (the hole's content is cleared or arbitrary).
    Mat src(20, 20, CV_8UC3, Scalar(100, 120, 140)), other = src.clone();
    Mat mask = Mat::zeros(src.size(), CV_8UC1);
    mask(Rect(6, 1, 8, 1)).setTo(255); // a scratch one pixel below the top border
    other.setTo(Scalar(0, 0, 0), mask);
    for (int method : { inpainting::INPAINT_TELEA, inpainting::INPAINT_NS })
    {
        Mat a, b;
        inpainting::inpaint(src, mask, a, method);
        inpainting::inpaint(other, mask, b, method);
        EXPECT_EQ(cv::norm(a, b, NORM_INF), 0.0) << inpainting::methodName(method);
        EXPECT_LE(cv::norm(a, src, NORM_INF), 1.0) << inpainting::methodName(method); // was 64 below for NS
    }
    Mat a, b;
    tinyInpainter()->apply(src, mask, a);
    tinyInpainter()->apply(other, mask, b);
    EXPECT_EQ(cv::norm(a, b, NORM_INF), 0.0);
    EXPECT_LE(cv::norm(a, src, NORM_INF), 1.0);
}

TEST(Inpainting_ThinHoles, diffusion_on_tiny_images_continues_the_known_pixels)
{
    // OpenCV 4.6's Telea and Navier-Stokes return garbage on images with a side below 3; the module
    // mirrors such images out before diffusing. A constant image must be filled with its constant
    // by every diffusion path: the two baselines and the thin-hole fill of the network's inpainter.
    for (const Size& size : { Size(2, 1), Size(1, 2), Size(9, 1), Size(1, 9), Size(2, 2), Size(17, 2), Size(3, 3) })
        for (int type : { CV_8UC3, CV_16UC1, CV_32FC3 })
        {
            const double range = CV_MAT_DEPTH(type) == CV_8U ? 255 : CV_MAT_DEPTH(type) == CV_16U ? 65535 : 1;
            const Scalar value(0.2 * range, 0.5 * range, 0.7 * range);
            const Mat src(size, type, value);
            Mat mask = Mat::zeros(size, CV_8UC1);
            mask.at<uchar>(size.height / 2, size.width / 2) = 255;
            Mat expected(size, type, value);
            const double tolerance = CV_MAT_DEPTH(type) == CV_32F ? 1e-4 : 1.0;
            // Telea's first-order extrapolation is not exact on constants at any size (1 grey level
            // on a 20x20 image, measured with the photo module directly), 2 on the mirrored tiny
            // images; garbage, the failure this guards against, was hundreds to thousands.
            const double teleaTolerance = CV_MAT_DEPTH(type) == CV_32F ? 2.0 / 255 : 2.0;
            for (int method : { inpainting::INPAINT_TELEA, inpainting::INPAINT_NS })
            {
                Mat dst;
                inpainting::inpaint(src, mask, dst, method);
                EXPECT_LE(cv::norm(dst, expected, NORM_INF), method == inpainting::INPAINT_TELEA ? teleaTolerance : tolerance)
                    << inpainting::methodName(method) << " " << size << " " << typeToString(type);
            }
            Mat dst;
            tinyInpainter()->apply(src, mask, dst);
            EXPECT_LE(cv::norm(dst, expected, NORM_INF), tolerance) << "pconv " << size << " " << typeToString(type);
        }
}

} // namespace opencv_test_inpainting
