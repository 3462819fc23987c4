// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

// The reason the namespace is cv::inpainting and not cv::inpaint: this translation unit includes
// all of OpenCV and the module, opens namespace cv, and calls both inpaint functions.

#include "opencv2/opencv.hpp"
#include "opencv2/inpainting.hpp"
#include "test_precomp.hpp"

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

} // namespace opencv_test_inpainting
