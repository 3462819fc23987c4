// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

#include "test_precomp.hpp"

namespace opencv_test_inpainting {
namespace {

using namespace cv;

// SSIM written plainly: direct 11x11 Gaussian sums in double precision over the valid windows,
// one channel at a time, on intensities already scaled to [0, 1].
double referenceSsim(const Mat& a, const Mat& b, double range)
{
    const int r = 5;
    double g[11], gsum = 0;
    for (int i = 0; i < 11; i++)
        gsum += g[i] = std::exp(-(i - r) * (i - r) / (2 * 1.5 * 1.5));
    for (double& v : g)
        v /= gsum;
    const double c1 = 1e-4, c2 = 9e-4;
    Mat da, db;
    a.convertTo(da, CV_64F, 1.0 / range);
    b.convertTo(db, CV_64F, 1.0 / range);
    const int cn = a.channels();
    double total = 0;
    for (int c = 0; c < cn; c++)
    {
        double sum = 0;
        int windows = 0;
        for (int y = r; y < a.rows - r; y++)
            for (int x = r; x < a.cols - r; x++)
            {
                double mx = 0, my = 0, xx = 0, yy = 0, xy = 0;
                for (int i = -r; i <= r; i++)
                    for (int j = -r; j <= r; j++)
                    {
                        const double w = g[i + r] * g[j + r];
                        const double px = da.ptr<double>(y + i)[(x + j) * cn + c];
                        const double py = db.ptr<double>(y + i)[(x + j) * cn + c];
                        mx += w * px; my += w * py;
                        xx += w * px * px; yy += w * py * py; xy += w * px * py;
                    }
                const double vx = xx - mx * mx, vy = yy - my * my, cxy = xy - mx * my;
                sum += ((2 * mx * my + c1) * (2 * cxy + c2)) / ((mx * mx + my * my + c1) * (vx + vy + c2));
                windows++;
            }
        total += sum / windows;
    }
    return total / cn;
}


} // namespace

TEST(Inpainting_Metrics, ssim_matches_plain_reference)
{
    for (int type : { CV_8UC1, CV_8UC3, CV_16UC3, CV_32FC1 })
    {
        const Mat a = uniformNoiseImage(Size(37, 29), type, 1);
        // b: a blurred and noisy version of a, so SSIM is far from both 0 and 1.
        Mat b;
        GaussianBlur(a, b, Size(5, 5), 1.2);
        const double range = CV_MAT_DEPTH(type) == CV_8U ? 255 : CV_MAT_DEPTH(type) == CV_16U ? 65535 : 1;
        const double expected = referenceSsim(a, b, range);
        EXPECT_GT(expected, 0.05);
        EXPECT_LT(expected, 0.95);
        EXPECT_NEAR(inpainting::ssim(a, b), expected, 1e-9) << typeToString(type);
    }
}

TEST(Inpainting_Metrics, ssim_of_identical_images_is_one)
{
    const Mat a = uniformNoiseImage(Size(20, 20), CV_8UC3, 2);
    EXPECT_NEAR(inpainting::ssim(a, a), 1.0, 1e-12);
}

TEST(Inpainting_Metrics, psnr_matches_cv_psnr)
{
    const Mat truth = uniformNoiseImage(Size(64, 48), CV_8UC3, 3);
    Mat result = truth.clone();
    randu(result(Rect(10, 10, 20, 15)), Scalar::all(0), Scalar::all(256));
    Mat mask = Mat::zeros(truth.size(), CV_8UC1);
    mask(Rect(10, 10, 20, 15)).setTo(255);
    const inpainting::InpaintingMetrics m = inpainting::evaluate(result, truth, mask);
    EXPECT_NEAR(m.psnr, cv::PSNR(result, truth, 255.0), 1e-6);
    EXPECT_NEAR(m.psnrHole, cv::PSNR(result(Rect(10, 10, 20, 15)), truth(Rect(10, 10, 20, 15)), 255.0), 1e-6);
    // Every error lies in the hole: mse over the image = mseHole * hole fraction.
    EXPECT_NEAR(m.mse, m.mseHole * (20.0 * 15) / (64.0 * 48), 1e-12);
}

TEST(Inpainting_Metrics, hand_computed_tiny_case)
{
    // 2x2 gray: truth 0,100,200,255; result differs by 10 at (0,0) (hole) and 20 at (1,1) (known).
    const Mat truth = (Mat_<uchar>(2, 2) << 0, 100, 200, 255);
    const Mat result = (Mat_<uchar>(2, 2) << 10, 100, 200, 235);
    const Mat mask = (Mat_<uchar>(2, 2) << 255, 0, 0, 0);
    const inpainting::InpaintingMetrics m = inpainting::evaluate(result, truth, mask);
    EXPECT_NEAR(m.l1Hole, 10.0 / 255, 1e-12);
    EXPECT_NEAR(m.mseHole, 100.0 / (255 * 255), 1e-12);
    EXPECT_NEAR(m.mse, (100.0 + 400.0) / 4 / (255 * 255), 1e-12);
    EXPECT_NEAR(m.psnr, 10 * std::log10(4.0 * 255 * 255 / 500.0), 1e-9);
    EXPECT_NEAR(m.psnrHole, 10 * std::log10(255.0 * 255 / 100.0), 1e-9);
    EXPECT_TRUE(std::isnan(m.ssim)); // undefined below the 11x11 window
}

TEST(Inpainting_Metrics, scale_independent_of_depth)
{
    const Mat truth8 = uniformNoiseImage(Size(32, 24), CV_8UC3, 4);
    Mat result8;
    GaussianBlur(truth8, result8, Size(3, 3), 1.0);
    Mat mask = Mat::zeros(truth8.size(), CV_8UC1);
    circle(mask, Point(16, 12), 6, Scalar(255), FILLED);
    Mat truthF, resultF, truth16, result16;
    truth8.convertTo(truthF, CV_32F, 1 / 255.0);
    result8.convertTo(resultF, CV_32F, 1 / 255.0);
    truth8.convertTo(truth16, CV_16U, 257);
    result8.convertTo(result16, CV_16U, 257);
    const inpainting::InpaintingMetrics m8 = inpainting::evaluate(result8, truth8, mask);
    for (const auto& pair : { std::make_pair(resultF, truthF), std::make_pair(result16, truth16) })
    {
        const inpainting::InpaintingMetrics m = inpainting::evaluate(pair.first, pair.second, mask);
        EXPECT_NEAR(m.l1Hole, m8.l1Hole, 1e-6);
        EXPECT_NEAR(m.psnr, m8.psnr, 1e-4);
        EXPECT_NEAR(m.psnrHole, m8.psnrHole, 1e-4);
        EXPECT_NEAR(m.ssim, m8.ssim, 1e-6);
    }
}

TEST(Inpainting_Metrics, alpha_is_ignored_and_no_hole_is_handled)
{
    const Mat truth = uniformNoiseImage(Size(16, 16), CV_8UC4, 5);
    Mat result = truth.clone();
    std::vector<Mat> planes;
    split(result, planes);
    planes[3].setTo(0); // alpha differs everywhere; colour is equal
    merge(planes, result);
    const inpainting::InpaintingMetrics m = inpainting::evaluate(result, truth, Mat::zeros(truth.size(), CV_8UC1));
    EXPECT_EQ(m.l1Hole, 0);
    EXPECT_EQ(m.psnr, 100);
    EXPECT_EQ(m.psnrHole, 100);
    EXPECT_NEAR(m.ssim, 1.0, 1e-12);
}

TEST(Inpainting_Metrics, bad_input)
{
    const Mat a = uniformNoiseImage(Size(16, 16), CV_8UC3, 6);
    const Mat mask = Mat::zeros(a.size(), CV_8UC1);
    EXPECT_THROW(inpainting::evaluate(Mat(), a, mask), cv::Exception);
    EXPECT_THROW(inpainting::evaluate(a, a(Rect(0, 0, 15, 16)).clone(), mask), cv::Exception);
    EXPECT_THROW(inpainting::evaluate(a, a, Mat::zeros(15, 16, CV_8UC1)), cv::Exception);
    EXPECT_THROW(inpainting::evaluate(a, a, Mat::zeros(16, 16, CV_32FC1)), cv::Exception);
    Mat a16;
    a.convertTo(a16, CV_16U);
    EXPECT_THROW(inpainting::evaluate(a, a16, mask), cv::Exception);
    EXPECT_THROW(inpainting::ssim(a(Rect(0, 0, 10, 16)), a(Rect(0, 0, 10, 16))), cv::Exception);
    try
    {
        inpainting::evaluate(a, a(Rect(0, 0, 15, 16)).clone(), mask);
    }
    catch (const cv::Exception& e)
    {
        EXPECT_NE(e.err.find("'truth'"), std::string::npos) << e.err;
    }
}

} // namespace opencv_test_inpainting
