// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

#include "test_precomp.hpp"

namespace opencv_test_inpainting {

using namespace cv;

TEST(Inpainting_Extend, size_placement_mask_and_alpha_in_every_type)
{
    for (int depth : { CV_8U, CV_16U, CV_32F })
        for (int cn : { 1, 3, 4 })
        {
            Mat image(20, 30, CV_MAKETYPE(depth, cn));
            randu(image, 0, depth == CV_32F ? 1.0 : depth == CV_8U ? 255.0 : 65535.0);
            Mat out, mask;
            inpainting::extendImage(image, out, 3, 5, 7, 2, inpainting::INPAINT_TELEA, mask);
            ASSERT_EQ(out.size(), Size(30 + 7 + 2, 20 + 3 + 5));
            ASSERT_EQ(out.type(), image.type());
            ASSERT_EQ(mask.size(), out.size());
            ASSERT_EQ(mask.type(), CV_8UC1);
            EXPECT_TRUE(sameBytes(out(Rect(7, 3, 30, 20)), image)) << typeToString(image.type());
            Mat expectedMask(out.size(), CV_8UC1, Scalar(255));
            expectedMask(Rect(7, 3, 30, 20)).setTo(0);
            EXPECT_EQ(countNonZero(mask != expectedMask), 0);
            if (cn == 4)
            {
                // Alpha of a new pixel: the nearest original pixel's (edge replication).
                Mat alpha, padded;
                extractChannel(out, alpha, 3);
                Mat srcAlpha;
                extractChannel(image, srcAlpha, 3);
                copyMakeBorder(srcAlpha, padded, 3, 5, 7, 2, BORDER_REPLICATE);
                EXPECT_TRUE(sameBytes(alpha, padded));
            }
        }
}

// A constant image stays constant whatever the method; vertical stripes continue exactly upwards
// and downwards under the exemplar method (each new patch is a copy of the stripes).
TEST(Inpainting_Extend, fills_continue_the_image)
{
    const Mat flat(24, 32, CV_8UC3, Scalar(30, 90, 150));
    // (Not Telea: OpenCV 4.6's Telea is off by up to 3 levels on this flat image's frame.)
    for (int method : { (int)inpainting::INPAINT_NS, (int)inpainting::INPAINT_CRIMINISI,
                        (int)inpainting::INPAINT_PATCHMATCH })
    {
        Mat out;
        inpainting::extendImage(flat, out, 4, 4, 6, 6, method);
        Mat diff;
        absdiff(out, Scalar(30, 90, 150), diff);
        double maxDiff = 0;
        minMaxLoc(diff.reshape(1), nullptr, &maxDiff);
        EXPECT_LE(maxDiff, 1.0) << inpainting::methodName(method);
    }
    Mat stripes(30, 40, CV_8UC1);
    for (int x = 0; x < stripes.cols; x++)
        stripes.col(x).setTo(x % 4 < 2 ? 40 : 210);
    Mat out;
    inpainting::extendImage(stripes, out, 6, 6, 0, 0, inpainting::INPAINT_CRIMINISI);
    for (int y = 0; y < out.rows; y++)
        EXPECT_TRUE(sameBytes(out.row(y), stripes.row(0))) << "row " << y;
}

// A region of interest is extended from its own pixels, not from the image around it.
TEST(Inpainting_Extend, roi_uses_only_its_own_pixels)
{
    Mat big(40, 40, CV_8UC4);
    randu(big, 0, 256);
    const Mat roi = big(Rect(10, 12, 20, 16));
    Mat out, fromCopy;
    inpainting::extendImage(roi, out, 3, 3, 3, 3, inpainting::INPAINT_NS);
    inpainting::extendImage(roi.clone(), fromCopy, 3, 3, 3, 3, inpainting::INPAINT_NS);
    EXPECT_TRUE(sameBytes(out, fromCopy));
}

TEST(Inpainting_Extend, same_as_inpaint_of_the_padded_image_with_a_frame_mask)
{
    Mat photo = loadSamplePhoto("fruits.jpg");
    ASSERT_FALSE(photo.empty());
    resize(photo, photo, Size(96, 72), 0, 0, INTER_AREA);
    Mat out, mask;
    inpainting::extendImage(photo, out, 8, 8, 8, 8, inpainting::INPAINT_NS, mask);
    // Reference: pad with anything (zeros here: the pad's values must not matter), inpaint the pad.
    Mat padded, reference;
    copyMakeBorder(photo, padded, 8, 8, 8, 8, BORDER_CONSTANT, Scalar::all(0));
    inpainting::inpaint(padded, mask, reference, inpainting::INPAINT_NS);
    EXPECT_TRUE(sameBytes(out, reference));
}

} // namespace opencv_test_inpainting
