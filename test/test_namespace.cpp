// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

// The reason the namespace is cv::inpainting and not cv::inpaint: this translation unit includes
// all of OpenCV and the module, opens namespace cv, and calls both inpaint functions.

#include "opencv2/opencv.hpp"
#include "opencv2/inpainting.hpp"
#include "test_precomp.hpp"
#ifdef INPAINTING_HAVE_XPHOTO
#include "opencv2/xphoto.hpp"
#endif

using namespace cv;

namespace opencv_test_inpainting {

TEST(Inpainting_Namespace, coexists_with_cv_inpaint)
{
    Mat image(24, 24, CV_8UC3, Scalar(10, 20, 30));
    Mat mask = Mat::zeros(image.size(), CV_8UC1);
    mask(Rect(8, 8, 6, 6)).setTo(255);
    Mat fromPhoto, fromModule;
    inpaint(image, mask, fromPhoto, 3, INPAINT_TELEA);                            // cv::inpaint (photo)
    inpainting::inpaint(image, mask, fromModule, inpainting::INPAINT_TELEA);      // this module
    EXPECT_EQ(norm(fromPhoto, fromModule, NORM_INF), 0.0);
}

// photo's and xphoto's method constants are small integers that mean different methods in the two
// modules; given to inpainting::inpaint() they must be refused, never run some other method (with
// the old numbering, cv::INPAINT_TELEA silently ran Navier-Stokes).
struct ForeignConstant { int value; const char* spelled; std::vector<std::string> mustName; };

std::vector<ForeignConstant> foreignConstants()
{
    std::vector<ForeignConstant> constants = {
        { INPAINT_NS, "cv::INPAINT_NS", { "cv::INPAINT_NS", "cv::inpainting::INPAINT_NS" } },
        { INPAINT_TELEA, "cv::INPAINT_TELEA", { "cv::INPAINT_TELEA", "cv::inpainting::INPAINT_TELEA" } },
    };
#ifdef INPAINTING_HAVE_XPHOTO
    constants.push_back({ xphoto::INPAINT_SHIFTMAP, "cv::xphoto::INPAINT_SHIFTMAP",
                          { "cv::xphoto::INPAINT_SHIFTMAP", "cv::inpainting::INPAINT_SHIFTMAP" } });
    constants.push_back({ xphoto::INPAINT_FSR_BEST, "cv::xphoto::INPAINT_FSR_BEST",
                          { "cv::xphoto::INPAINT_FSR_BEST", "cv::inpainting::INPAINT_FSR_BEST" } });
    constants.push_back({ xphoto::INPAINT_FSR_FAST, "cv::xphoto::INPAINT_FSR_FAST",
                          { "cv::xphoto::INPAINT_FSR_FAST", "cv::inpainting::INPAINT_FSR_FAST" } });
#else
    // Without xphoto in this build its values (0, 1, 2 in every OpenCV 4.x) are checked as numbers.
    constants.push_back({ 0, "xphoto's INPAINT_SHIFTMAP", { "cv::xphoto::INPAINT_SHIFTMAP", "cv::inpainting::INPAINT_SHIFTMAP" } });
    constants.push_back({ 1, "xphoto's INPAINT_FSR_BEST", { "cv::xphoto::INPAINT_FSR_BEST", "cv::inpainting::INPAINT_FSR_BEST" } });
    constants.push_back({ 2, "xphoto's INPAINT_FSR_FAST", { "cv::xphoto::INPAINT_FSR_FAST", "cv::inpainting::INPAINT_FSR_FAST" } });
#endif
    return constants;
}

TEST(Inpainting_Namespace, photo_and_xphoto_constants_are_refused_naming_the_constant_to_use)
{
    Mat image(24, 24, CV_8UC3, Scalar(10, 20, 30));
    Mat mask = Mat::zeros(image.size(), CV_8UC1);
    mask(Rect(8, 8, 6, 6)).setTo(255);
    for (const ForeignConstant& c : foreignConstants())
    {
        SCOPED_TRACE(c.spelled);
        Mat out;
        expectError([&] { inpainting::inpaint(image, mask, out, c.value); }, c.mustName);
        expectError([&] { inpainting::methodName(c.value); }, c.mustName);
        expectError([&] { inpainting::VideoInpainter::create(c.value, 2); }, c.mustName);
        EXPECT_TRUE(out.empty()) << c.spelled << ": inpaint() wrote a result";
        EXPECT_FALSE(inpainting::isMethodAvailable(c.value)) << c.spelled;
    }
}

TEST(Inpainting_Namespace, module_constants_share_no_value_with_photo_or_xphoto)
{
    const std::vector<ForeignConstant> foreign = foreignConstants();
    for (int m = inpainting::INPAINT_TELEA; m <= inpainting::INPAINT_PCONV_PATCH; m++)
        for (const ForeignConstant& c : foreign)
            EXPECT_NE(m, c.value) << inpainting::methodName(m) << " has the value of " << c.spelled;
}

} // namespace opencv_test_inpainting
