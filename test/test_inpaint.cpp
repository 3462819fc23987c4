// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

#include "test_precomp.hpp"

namespace opencv_test_inpainting {
namespace {

using namespace cv;

const int kClassical[] = { inpainting::INPAINT_TELEA, inpainting::INPAINT_NS, inpainting::INPAINT_SHIFTMAP,
                           inpainting::INPAINT_FSR_FAST, inpainting::INPAINT_FSR_BEST };

double rangeOf(int depth) { return depth == CV_8U ? 255 : depth == CV_16U ? 65535 : 1; }

// A smooth test image of the given type: horizontal and vertical ramps per channel, so that a
// good fill is close to the truth and a wrongly scaled fill (type conversions) is far from it.
Mat smoothImage(Size size, int type)
{
    const int cn = CV_MAT_CN(type);
    Mat f(size, CV_32FC(cn));
    for (int y = 0; y < size.height; y++)
        for (int x = 0; x < size.width; x++)
            for (int c = 0; c < cn; c++)
                f.ptr<float>(y)[x * cn + c] = 0.2f + 0.5f * (c % 2 ? (float)x / size.width : (float)y / size.height) + 0.05f * c;
    Mat out;
    f.convertTo(out, type, rangeOf(CV_MAT_DEPTH(type)));
    return out;
}

Mat centreHole(Size size, int side)
{
    Mat mask = Mat::zeros(size, CV_8UC1);
    mask(Rect((size.width - side) / 2, (size.height - side) / 2, side, side)).setTo(255);
    return mask;
}

bool knownPixelsEqual(const Mat& a, const Mat& b, const Mat& hole)
{
    Mat diff;
    compare(a.reshape(1, (int)a.total()), b.reshape(1, (int)b.total()), diff, CMP_NE);
    diff = diff.reshape(a.channels(), a.rows);
    std::vector<Mat> planes;
    split(diff, planes);
    for (Mat& p : planes)
    {
        p.setTo(0, hole);
        if (countNonZero(p) > 0)
            return false;
    }
    return true;
}

std::string errorOf(const std::function<void()>& f)
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

} // namespace

TEST(Inpainting_Inpaint, every_type_and_channel_count_for_every_classical_method)
{
    const Size size(48, 40);
    const Mat hole = centreHole(size, 8);
    for (int method : kClassical)
    {
        if (!inpainting::isMethodAvailable(method))
            continue;
        for (int depth : { CV_8U, CV_16U, CV_32F })
            for (int cn : { 1, 3, 4 })
            {
                const int type = CV_MAKETYPE(depth, cn);
                const Mat truth = smoothImage(size, type);
                Mat input = truth.clone();
                input.setTo(Scalar::all(0), hole); // the hole's content must not matter
                Mat result;
                inpainting::inpaint(input, hole, result, method);
                const std::string what = inpainting::methodName(method) + " " + typeToString(type);
                ASSERT_EQ(result.type(), type) << what;
                ASSERT_EQ(result.size(), size) << what;
                EXPECT_TRUE(knownPixelsEqual(result, input, hole)) << what;
                if (cn == 4) // alpha untouched everywhere, hole included
                {
                    Mat alphaIn, alphaOut;
                    extractChannel(input, alphaIn, 3);
                    extractChannel(result, alphaOut, 3);
                    EXPECT_EQ(countNonZero(alphaIn != alphaOut), 0) << what;
                }
                // The fill of a smooth ramp is close to it: a few % of the range at most.
                Mat colourTruth = truth, colourResult = result;
                if (cn == 4)
                {
                    cvtColor(truth, colourTruth, COLOR_BGRA2BGR);
                    cvtColor(result, colourResult, COLOR_BGRA2BGR);
                }
                const double meanErr = norm(colourResult, colourTruth, NORM_L1, hole) / (countNonZero(hole) * colourTruth.channels());
                EXPECT_LT(meanErr / rangeOf(depth), 0.06) << what;
            }
    }
}

TEST(Inpainting_Inpaint, telea_equals_photo_module)
{
    const Mat photo = loadSamplePhoto("fruits.jpg");
    ASSERT_FALSE(photo.empty());
    Mat mask;
    inpainting::MaskGenerator::create(inpainting::MASK_STROKES, 0.1, 0.15, 3)->generate(photo.size(), mask);
    // Away from the image's outer two pixels: there the photo module reads the hole's own values,
    // which the module works around (test_thin_holes.cpp, diffusion_next_to_the_border_ignores_the_hole).
    Mat inner = Mat::zeros(mask.size(), CV_8UC1);
    inner(Rect(2, 2, mask.cols - 4, mask.rows - 4)).setTo(255);
    mask &= inner;
    Mat ours, theirs, cleared = photo.clone();
    cleared.setTo(Scalar::all(0), mask); // the wrapper clears the hole (see fill_does_not_depend_on_hole_content)
    inpainting::inpaint(photo, mask, ours, inpainting::INPAINT_TELEA);
    cv::inpaint(cleared, mask, theirs, 3.0, cv::INPAINT_TELEA);
    EXPECT_EQ(maxAbsDiff(ours, theirs), 0.0);
}

TEST(Inpainting_Inpaint, fill_does_not_depend_on_hole_content)
{
    const Mat photo = loadSamplePhoto("fruits.jpg");
    ASSERT_FALSE(photo.empty());
    Mat small;
    resize(photo, small, Size(96, 80), 0, 0, INTER_AREA);
    Mat mask = Mat::zeros(small.size(), CV_8UC1);
    mask(Rect(30, 0, 20, 12)).setTo(255); // touches the top border
    circle(mask, Point(60, 50), 8, Scalar(255), FILLED);
    Mat white = small.clone();
    white.setTo(Scalar::all(255), mask);
    for (int method : kClassical)
    {
        if (!inpainting::isMethodAvailable(method))
            continue;
        Mat a, b;
        inpainting::inpaint(small, mask, a, method);
        inpainting::inpaint(white, mask, b, method);
        EXPECT_EQ(maxAbsDiff(a, b), 0.0) << inpainting::methodName(method);
    }
}

TEST(Inpainting_Inpaint, non_binary_mask_is_thresholded)
{
    const Mat image = smoothImage(Size(32, 32), CV_8UC3);
    Mat soft = centreHole(image.size(), 6) / 255; // values 0 and 1
    soft.at<uchar>(3, 3) = 128;
    Mat binary = soft.clone();
    binary.setTo(255, soft > 0);
    for (int method : { inpainting::INPAINT_TELEA, inpainting::INPAINT_NS })
    {
        Mat a, b;
        inpainting::inpaint(image, soft, a, method);
        inpainting::inpaint(image, binary, b, method);
        EXPECT_EQ(maxAbsDiff(a, b), 0.0);
    }
}

TEST(Inpainting_Inpaint, no_hole_returns_input_and_all_hole_returns_mid_grey)
{
    for (int type : { CV_8UC3, CV_16UC1, CV_32FC4 })
    {
        const Mat image = smoothImage(Size(20, 16), type);
        Mat result;
        inpainting::inpaint(image, Mat::zeros(image.size(), CV_8UC1), result, inpainting::INPAINT_NS);
        EXPECT_EQ(maxAbsDiff(result, image), 0.0);

        for (int method : kClassical)
        {
            if (!inpainting::isMethodAvailable(method))
                continue;
            inpainting::inpaint(image, Mat(image.size(), CV_8UC1, Scalar(255)), result, method);
            ASSERT_EQ(result.type(), type);
            Mat colour = result;
            if (CV_MAT_CN(type) == 4)
                cvtColor(result, colour, COLOR_BGRA2BGR);
            const double grey = CV_MAT_DEPTH(type) == CV_32F ? 0.5 : std::floor(rangeOf(CV_MAT_DEPTH(type)) * 0.5 + 0.5);
            double lo, hi;
            minMaxLoc(colour.reshape(1), &lo, &hi);
            EXPECT_EQ(lo, grey);
            EXPECT_EQ(hi, grey);
        }
    }
}

// The masks no method decides (no hole, all hole) have one answer, whatever the entry point, the
// mask's non-zero value, and whether the result is written over the input.
TEST(Inpainting_Inpaint, every_entry_point_resolves_no_hole_and_all_hole_alike)
{
    std::vector<std::pair<std::string, std::function<void(const Mat&, const Mat&, Mat&)>>> entries;
    for (int m = inpainting::INPAINT_TELEA; m <= inpainting::INPAINT_PCONV_PATCH; m++)
        if (inpainting::isMethodAvailable(m))
            entries.push_back({ "inpaint " + inpainting::methodName(m), [m](const Mat& src, const Mat& mask, Mat& dst) {
                                   inpainting::inpaint(src, mask, dst, m);
                               } });
    const Ptr<inpainting::PatchMatchInpainter> patchmatch = inpainting::PatchMatchInpainter::create();
    entries.push_back({ "PatchMatchInpainter", [patchmatch](const Mat& src, const Mat& mask, Mat& dst) {
                           patchmatch->apply(src, mask, dst);
                       } });
    if (inpainting::isMethodAvailable(inpainting::INPAINT_PCONV))
    {
        const Ptr<inpainting::PartialConvInpainter> pconv = inpainting::PartialConvInpainter::create();
        entries.push_back({ "PartialConvInpainter", [pconv](const Mat& src, const Mat& mask, Mat& dst) {
                               pconv->apply(src, mask, dst);
                           } });
        const Ptr<inpainting::PconvPatchInpainter> pconvPatch = inpainting::PconvPatchInpainter::create();
        entries.push_back({ "PconvPatchInpainter", [pconvPatch](const Mat& src, const Mat& mask, Mat& dst) {
                               pconvPatch->apply(src, mask, dst);
                           } });
    }
    for (int type : { CV_8UC3, CV_16UC1, CV_32FC4, CV_8UC4 })
    {
        const Mat image = smoothImage(Size(20, 16), type);
        const int depth = CV_MAT_DEPTH(type), cn = CV_MAT_CN(type);
        const Mat noHole = Mat::zeros(image.size(), CV_8UC1), allHole(image.size(), CV_8UC1, Scalar(7));
        // All hole: the type's mid-grey in the colour channels, the input's alpha.
        Mat grey(image.size(), type, Scalar::all(depth == CV_32F ? 0.5 : std::floor(rangeOf(depth) * 0.5 + 0.5)));
        if (cn == 4)
        {
            std::vector<Mat> planes;
            split(grey, planes);
            extractChannel(image, planes[3], 3);
            merge(planes, grey);
        }
        for (const auto& entry : entries)
            for (bool inPlace : { false, true })
            {
                SCOPED_TRACE(entry.first + (inPlace ? ", in place, " : ", ") + typeToString(type));
                Mat result = inPlace ? image.clone() : Mat();
                entry.second(inPlace ? result : image, noHole, result);
                EXPECT_TRUE(sameBytes(result, image)) << "no hole: not a copy";
                result = inPlace ? image.clone() : Mat();
                entry.second(inPlace ? result : image, allHole, result);
                EXPECT_TRUE(sameBytes(result, grey)) << "all hole: not mid-grey with the input's alpha";
            }
    }
}

TEST(Inpainting_Inpaint, tiny_images)
{
    for (const Size& size : { Size(1, 1), Size(2, 3), Size(5, 1) })
    {
        const Mat image = smoothImage(size, CV_8UC3);
        Mat mask = Mat::zeros(size, CV_8UC1);
        mask.at<uchar>(0, 0) = 255;
        for (int method : kClassical)
        {
            if (!inpainting::isMethodAvailable(method))
                continue;
            Mat result;
            ASSERT_NO_THROW(inpainting::inpaint(image, mask, result, method)) << inpainting::methodName(method) << size;
            EXPECT_EQ(result.size(), size);
            EXPECT_TRUE(knownPixelsEqual(result, image, mask));
        }
    }
}

TEST(Inpainting_Inpaint, bad_input_names_the_argument)
{
    const Mat image = smoothImage(Size(16, 16), CV_8UC3);
    const Mat mask = centreHole(image.size(), 4);
    Mat out;
    const int m = inpainting::INPAINT_TELEA;
    EXPECT_NE(errorOf([&] { inpainting::inpaint(Mat(), mask, out, m); }).find("'src' is empty"), std::string::npos);
    EXPECT_NE(errorOf([&] { inpainting::inpaint(image, Mat(), out, m); }).find("'mask' is empty"), std::string::npos);
    EXPECT_NE(errorOf([&] { inpainting::inpaint(image, mask(Rect(0, 0, 15, 16)), out, m); }).find("same size"), std::string::npos);
    EXPECT_NE(errorOf([&] { inpainting::inpaint(image, Mat::zeros(16, 16, CV_8UC3), out, m); }).find("'mask' must be CV_8UC1"), std::string::npos);
    EXPECT_NE(errorOf([&] { inpainting::inpaint(image, Mat::zeros(16, 16, CV_32FC1), out, m); }).find("'mask' must be CV_8UC1"), std::string::npos);
    EXPECT_NE(errorOf([&] { inpainting::inpaint(Mat::zeros(16, 16, CV_64FC3), mask, out, m); }).find("CV_8U, CV_16U or CV_32F"), std::string::npos);
    EXPECT_NE(errorOf([&] { inpainting::inpaint(Mat::zeros(16, 16, CV_8SC1), mask, out, m); }).find("'src'"), std::string::npos);
    EXPECT_NE(errorOf([&] { inpainting::inpaint(Mat::zeros(16, 16, CV_8UC2), mask, out, m); }).find("1, 3 or 4 channels"), std::string::npos);
    EXPECT_NE(errorOf([&] { inpainting::inpaint(image, mask, out, 99); }).find("unknown method"), std::string::npos);
    EXPECT_NE(errorOf([&] { inpainting::inpaint(image, mask, out, -1); }).find("unknown method"), std::string::npos);
    Mat nan = Mat::zeros(16, 16, CV_32FC1);
    nan.at<float>(2, 2) = std::numeric_limits<float>::quiet_NaN();
    EXPECT_NE(errorOf([&] { inpainting::inpaint(nan, mask, out, m); }).find("NaN"), std::string::npos);
    nan.at<float>(2, 2) = std::numeric_limits<float>::infinity();
    EXPECT_NE(errorOf([&] { inpainting::inpaint(nan, mask, out, m); }).find("Inf"), std::string::npos);
}

TEST(Inpainting_Inpaint, method_names_round_trip_and_unavailable_methods_say_so)
{
    for (int m = inpainting::INPAINT_TELEA; m <= inpainting::INPAINT_CRIMINISI; m++)
        EXPECT_EQ(inpainting::methodFromName(inpainting::methodName(m)), m);
    EXPECT_THROW(inpainting::methodFromName("teleaa"), cv::Exception);
    EXPECT_NE(errorOf([] { inpainting::methodFromName("x"); }).find("telea, ns"), std::string::npos);
    const Mat image = smoothImage(Size(16, 16), CV_8UC3);
    const Mat mask = centreHole(image.size(), 4);
    for (int m = inpainting::INPAINT_TELEA; m <= inpainting::INPAINT_CRIMINISI; m++)
    {
        if (inpainting::isMethodAvailable(m))
            continue;
        Mat out;
        EXPECT_NE(errorOf([&] { inpainting::inpaint(image, mask, out, m); }).find("not available"), std::string::npos)
            << inpainting::methodName(m);
    }
}

} // namespace opencv_test_inpainting
