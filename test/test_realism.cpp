// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

#include "test_precomp.hpp"

namespace opencv_test_inpainting {
namespace {

using namespace cv;

// A texture: smoothed uniform noise, so that gradients and local statistics are far from 0.
Mat texture(Size size, int type, uint64 seed)
{
    RNG rng(seed);
    Mat noise(size, CV_32FC(CV_MAT_CN(type)));
    rng.fill(noise, RNG::UNIFORM, 0.2, 0.8);
    GaussianBlur(noise, noise, Size(3, 3), 0.7);
    Mat out;
    const int depth = CV_MAT_DEPTH(type);
    noise.convertTo(out, depth, depth == CV_8U ? 255 : depth == CV_16U ? 65535 : 1);
    return out;
}

// Sobel by its 3x3 formula in double precision, magnitudes summed over the channels, at every
// interior pixel (0 on the outermost ring, which the tests' holes never reach).
Mat referenceGradientMagnitude(const Mat& img, double range)
{
    const int cn = img.channels();
    Mat d, g = Mat::zeros(img.size(), CV_64F);
    img.convertTo(d, CV_64F, 1.0 / range);
    for (int y = 1; y < d.rows - 1; y++)
        for (int x = 1; x < d.cols - 1; x++)
        {
            auto v = [&](int yy, int xx, int c) { return d.ptr<double>(yy)[xx * cn + c]; };
            for (int c = 0; c < cn; c++)
            {
                const double gx = (v(y - 1, x + 1, c) + 2 * v(y, x + 1, c) + v(y + 1, x + 1, c)) -
                                  (v(y - 1, x - 1, c) + 2 * v(y, x - 1, c) + v(y + 1, x - 1, c));
                const double gy = (v(y + 1, x - 1, c) + 2 * v(y + 1, x, c) + v(y + 1, x + 1, c)) -
                                  (v(y - 1, x - 1, c) + 2 * v(y - 1, x, c) + v(y - 1, x + 1, c));
                g.at<double>(y, x) += std::sqrt(gx * gx + gy * gy);
            }
        }
    return g;
}

// The gradient ratio written plainly (the test's holes stay 2 pixels away from the border).
double referenceGradientRatio(const Mat& result, const Mat& truth, const Mat& mask, double range)
{
    auto gradientSum = [&](const Mat& img) {
        const Mat g = referenceGradientMagnitude(img, range);
        double total = 0;
        for (int y = 0; y < g.rows; y++)
            for (int x = 0; x < g.cols; x++)
                if (mask.at<uchar>(y, x))
                    total += g.at<double>(y, x);
        return total;
    };
    return gradientSum(result) / gradientSum(truth);
}

} // namespace

TEST(Inpainting_Realism, gradient_ratio_matches_plain_reference)
{
    Mat mask = Mat::zeros(Size(40, 30), CV_8UC1);
    circle(mask, Point(20, 15), 9, Scalar(255), FILLED);
    for (int type : { CV_8UC1, CV_8UC3, CV_16UC3, CV_32FC3 })
    {
        const Mat truth = texture(mask.size(), type, 11);
        Mat result;
        GaussianBlur(truth, result, Size(5, 5), 1.5);
        const int depth = CV_MAT_DEPTH(type);
        const double range = depth == CV_8U ? 255 : depth == CV_16U ? 65535 : 1;
        const double expected = referenceGradientRatio(result, truth, mask, range);
        EXPECT_GT(expected, 0.05) << typeToString(type);
        EXPECT_LT(expected, 0.8) << typeToString(type); // blur: less detail than the truth
        EXPECT_NEAR(inpainting::gradientRatio(result, truth, mask), expected, 1e-9) << typeToString(type);
        EXPECT_NEAR(inpainting::evaluate(result, truth, mask).gradientRatio, expected, 1e-9) << typeToString(type);
    }
}

TEST(Inpainting_Realism, gradient_ratio_is_one_for_the_truth_and_scales_with_contrast)
{
    Mat mask = Mat::zeros(Size(32, 32), CV_8UC1);
    mask(Rect(8, 6, 14, 17)).setTo(255);
    const Mat truth = texture(mask.size(), CV_32FC3, 3);
    EXPECT_DOUBLE_EQ(inpainting::gradientRatio(truth, truth, mask), 1.0);
    // Gradients are linear: half the contrast (plus any offset) halves the ratio.
    const Mat halved = truth * 0.5 + Scalar::all(0.25);
    EXPECT_NEAR(inpainting::gradientRatio(halved, truth, mask), 0.5, 1e-6);
}

TEST(Inpainting_Realism, gradient_ratio_ignores_alpha_and_is_nan_when_undefined)
{
    Mat mask = Mat::zeros(Size(24, 24), CV_8UC1);
    mask(Rect(6, 6, 10, 10)).setTo(255);
    const Mat truth = texture(mask.size(), CV_8UC3, 5), result = texture(mask.size(), CV_8UC3, 6);
    Mat truthA, resultA;
    cvtColor(truth, truthA, COLOR_BGR2BGRA);
    cvtColor(result, resultA, COLOR_BGR2BGRA);
    Mat alpha;
    extractChannel(texture(mask.size(), CV_8UC1, 7), alpha, 0);
    insertChannel(alpha, resultA, 3);
    EXPECT_NEAR(inpainting::gradientRatio(resultA, truthA, mask), inpainting::gradientRatio(result, truth, mask), 1e-12);

    EXPECT_TRUE(std::isnan(inpainting::gradientRatio(result, truth, Mat::zeros(mask.size(), CV_8UC1))));
    const Mat flat(mask.size(), CV_8UC3, Scalar::all(90));
    EXPECT_TRUE(std::isnan(inpainting::gradientRatio(result, flat, mask)));
    EXPECT_TRUE(std::isnan(inpainting::evaluate(result, truth, Mat::zeros(mask.size(), CV_8UC1)).gradientRatio));
}

namespace {

// The detail error written plainly: referenceGradientMagnitude blurred by a Gaussian kernel built here from its formula (radius 4 sigma,
// OpenCV's size for double images), read at the hole pixels (the test's holes stay more than
// 4 sigma + 1 pixels away from the border).
double referenceDetailError(const Mat& result, const Mat& truth, const Mat& mask, double range, double sigma)
{
    const int radius = cvRound(sigma * 4); // OpenCV: ksize = round(8 sigma + 1) | 1 for doubles
    std::vector<double> kernel(2 * radius + 1);
    double kernelSum = 0;
    for (int i = -radius; i <= radius; i++)
        kernelSum += kernel[i + radius] = std::exp(-i * i / (2 * sigma * sigma));
    const Mat gr = referenceGradientMagnitude(result, range), gt = referenceGradientMagnitude(truth, range);
    double difference = 0, truthTotal = 0;
    for (int y = 0; y < mask.rows; y++)
        for (int x = 0; x < mask.cols; x++)
        {
            if (!mask.at<uchar>(y, x))
                continue;
            double dr = 0, dt = 0;
            for (int i = -radius; i <= radius; i++)
                for (int j = -radius; j <= radius; j++)
                {
                    const double k = kernel[i + radius] * kernel[j + radius] / (kernelSum * kernelSum);
                    dr += k * gr.at<double>(y + i, x + j);
                    dt += k * gt.at<double>(y + i, x + j);
                }
            difference += std::abs(dr - dt);
            truthTotal += dt;
        }
    return difference / truthTotal;
}

} // namespace

TEST(Inpainting_Realism, detail_error_matches_plain_reference)
{
    Mat mask = Mat::zeros(Size(48, 40), CV_8UC1);
    circle(mask, Point(24, 20), 9, Scalar(255), FILLED);
    for (int type : { CV_8UC1, CV_8UC3, CV_16UC3, CV_32FC3 })
    {
        const Mat truth = texture(mask.size(), type, 21);
        // Detail misplaced: the left half of the image blurred, the right half another texture.
        Mat result = truth.clone(), blurred;
        GaussianBlur(truth, blurred, Size(5, 5), 1.5);
        blurred(Rect(0, 0, 24, 40)).copyTo(result(Rect(0, 0, 24, 40)));
        texture(Size(24, 40), type, 22).copyTo(result(Rect(24, 0, 24, 40)));
        const int depth = CV_MAT_DEPTH(type);
        const double range = depth == CV_8U ? 255 : depth == CV_16U ? 65535 : 1;
        const double expected = referenceDetailError(result, truth, mask, range, 1.0);
        EXPECT_GT(expected, 0.1) << typeToString(type);
        EXPECT_NEAR(inpainting::detailError(result, truth, mask, 1.0), expected, 1e-9) << typeToString(type);
    }
}

TEST(Inpainting_Realism, detail_error_is_zero_for_the_truth_about_one_flat_and_above_for_seams)
{
    Mat mask = Mat::zeros(Size(64, 64), CV_8UC1);
    mask(Rect(16, 16, 32, 32)).setTo(255);
    const Mat truth = texture(mask.size(), CV_32FC3, 8);
    EXPECT_DOUBLE_EQ(inpainting::detailError(truth, truth, mask), 0.0);
    // No detail in the hole: only the blur of the border's gradients is left, so a little below 1.
    Mat flat = truth.clone();
    flat.setTo(Scalar::all(0.5), mask);
    const double flatError = inpainting::detailError(flat, truth, mask);
    EXPECT_GT(flatError, 0.7);
    EXPECT_LE(flatError, 1.0);
    EXPECT_NEAR(inpainting::evaluate(flat, truth, mask).detailError, flatError, 1e-12);
    // Over a smooth truth, seams (steps between flat patches) are all error; the gradient ratio
    // calls them detail.
    Mat smooth(mask.size(), CV_32FC3), seams;
    for (int y = 0; y < smooth.rows; y++)
        for (int x = 0; x < smooth.cols; x++)
            smooth.at<Vec3f>(y, x) = Vec3f::all(0.3f + 0.004f * x);
    seams = smooth.clone();
    for (int x = 16; x < 48; x += 8)
        seams(Rect(x, 16, 4, 32)) += Scalar::all(0.08);
    EXPECT_GT(inpainting::gradientRatio(seams, smooth, mask), 2.0);
    EXPECT_GT(inpainting::detailError(seams, smooth, mask), 2.0);
    EXPECT_GT(inpainting::detailError(seams, smooth, mask), inpainting::detailError(smooth, smooth, mask) + 2.0);
}

TEST(Inpainting_Realism, detail_error_is_nan_when_undefined)
{
    Mat mask = Mat::zeros(Size(24, 24), CV_8UC1);
    mask(Rect(6, 6, 10, 10)).setTo(255);
    const Mat truth = texture(mask.size(), CV_8UC3, 5), result = texture(mask.size(), CV_8UC3, 6);
    EXPECT_TRUE(std::isnan(inpainting::detailError(result, truth, Mat::zeros(mask.size(), CV_8UC1))));
    const Mat flat(mask.size(), CV_8UC3, Scalar::all(90));
    EXPECT_TRUE(std::isnan(inpainting::detailError(result, flat, mask)));
    EXPECT_TRUE(std::isnan(inpainting::evaluate(result, truth, Mat::zeros(mask.size(), CV_8UC1)).detailError));
}

namespace {

// Descriptor values of one channel of a gray image with every pixel a hole, the way the SWD
// documents them: 3x3 neighbourhoods at every position, the border reflected (OpenCV's
// BORDER_REFLECT_101, written out).
void descriptorMoments(const Mat& gray, double& mean, double& stddev)
{
    auto reflect = [](int i, int n) { return i < 0 ? -i : i >= n ? 2 * n - 2 - i : i; };
    double sum = 0, sumSq = 0, count = 0;
    for (int y = 0; y < gray.rows; y++)
        for (int x = 0; x < gray.cols; x++)
            for (int dy = -1; dy <= 1; dy++)
                for (int dx = -1; dx <= 1; dx++)
                {
                    const double v = gray.at<float>(reflect(y + dy, gray.rows), reflect(x + dx, gray.cols));
                    sum += v;
                    sumSq += v * v;
                    count++;
                }
    mean = sum / count;
    stddev = std::sqrt(sumSq / count - mean * mean);
}

Ptr<inpainting::SlicedWassersteinDistance> singleLevelSwd(int directions)
{
    Ptr<inpainting::SlicedWassersteinDistance> swd = inpainting::SlicedWassersteinDistance::create(7, 0);
    swd->setLevels(1);
    swd->setPatchSize(3);
    swd->setDirections(directions);
    swd->setRepeats(1);
    return swd;
}

} // namespace

TEST(Inpainting_Realism, swd_of_a_constant_shift_matches_the_closed_form)
{
    // With one level (the image itself) and the whole image a hole, adding c to every pixel moves
    // every descriptor by c/sigma along (1, ..., 1) in the truth's normalised units, so every
    // projection on a unit direction u moves by (c/sigma) * sum(u) and keeps its order: the 1-D
    // distance is exactly |c/sigma * sum(u)|. For u uniform on the sphere of dimension D,
    // E|sum(u)| = sqrt(D) * E|u_1| = sqrt(D) * Gamma(D/2) / (sqrt(pi) * Gamma((D+1)/2)).
    const Mat truth = texture(Size(48, 40), CV_32FC1, 21);
    const double c = 0.05;
    const Mat result = truth + Scalar::all(c);
    const Mat mask(truth.size(), CV_8UC1, Scalar(255));
    double m, sigma;
    descriptorMoments(truth, m, sigma);
    const double D = 9;
    const double meanAbsSum = std::sqrt(D) * std::exp(std::lgamma(D / 2) - std::lgamma((D + 1) / 2)) / std::sqrt(CV_PI);
    const double expected = 1e3 * c / sigma * meanAbsSum;

    const int directions = 4096;
    Ptr<inpainting::SlicedWassersteinDistance> swd = singleLevelSwd(directions);
    swd->add(result, truth, mask);
    ASSERT_EQ(swd->getCount(), 1);
    // The estimate averages |u . 1| over the random directions: its relative standard deviation
    // is sqrt(Var|u_1| / E|u_1|^2 / directions) < 0.8 / 64 = 1.3 %; allow 4 of them.
    EXPECT_NEAR(swd->getDistance(), expected, 0.05 * expected) << "sigma " << sigma;
}

TEST(Inpainting_Realism, swd_is_zero_for_the_truth_and_deterministic)
{
    Mat mask = Mat::zeros(Size(64, 48), CV_8UC1);
    ellipse(mask, Point(30, 24), Size(16, 10), 30, 0, 360, Scalar(255), FILLED);
    const Mat truth = texture(mask.size(), CV_8UC3, 1);
    Ptr<inpainting::SlicedWassersteinDistance> swd = inpainting::SlicedWassersteinDistance::create();
    swd->add(truth, truth, mask);
    const std::vector<double> levels = swd->getLevelDistances();
    ASSERT_EQ(levels.size(), 4u);
    for (double d : levels)
        EXPECT_EQ(d, 0.0);

    Mat blurred;
    GaussianBlur(truth, blurred, Size(7, 7), 2.0);
    auto distance = [&](int seed) {
        Ptr<inpainting::SlicedWassersteinDistance> s = inpainting::SlicedWassersteinDistance::create(seed, 64);
        s->add(blurred, truth, mask);
        s->add(truth, truth, mask);
        return s->getDistance();
    };
    const int threads = getNumThreads();
    setNumThreads(1);
    const double one = distance(3);
    setNumThreads(std::max(2, threads));
    const double two = distance(3);
    setNumThreads(threads);
    EXPECT_GT(one, 0.0);
    EXPECT_EQ(one, two); // same bits whatever the thread count
    EXPECT_EQ(distance(3), distance(3));
    EXPECT_NE(distance(3), distance(4)); // the seed chooses descriptors and directions
}

TEST(Inpainting_Realism, swd_prefers_a_texture_of_the_same_statistics_to_a_blur)
{
    // The perception-distortion trade-off in one test: a blurred fill is closer to the truth
    // pixel by pixel than another sample of the same texture, but the SWD ranks the other sample
    // far closer, which is what the metric is for.
    Mat mask = Mat::zeros(Size(96, 80), CV_8UC1);
    mask(Rect(24, 20, 48, 40)).setTo(255);
    Ptr<inpainting::SlicedWassersteinDistance> blurSwd = inpainting::SlicedWassersteinDistance::create(0, 256);
    Ptr<inpainting::SlicedWassersteinDistance> sampleSwd = inpainting::SlicedWassersteinDistance::create(0, 256);
    double blurMse = 0, sampleMse = 0;
    for (int i = 0; i < 4; i++)
    {
        const Mat truth = texture(mask.size(), CV_8UC3, 100 + i);
        Mat blurred = truth.clone(), sample = truth.clone();
        Mat smooth;
        GaussianBlur(truth, smooth, Size(9, 9), 3.0);
        smooth.copyTo(blurred, mask);
        texture(mask.size(), CV_8UC3, 200 + i).copyTo(sample, mask);
        blurSwd->add(blurred, truth, mask);
        sampleSwd->add(sample, truth, mask);
        blurMse += inpainting::evaluate(blurred, truth, mask).mseHole;
        sampleMse += inpainting::evaluate(sample, truth, mask).mseHole;
    }
    EXPECT_LT(blurMse, sampleMse);
    EXPECT_LT(3 * sampleSwd->getDistance(), blurSwd->getDistance())
        << "sample " << sampleSwd->getDistance() << " blur " << blurSwd->getDistance();
}

TEST(Inpainting_Realism, swd_bad_input_and_empty_sets)
{
    Mat mask = Mat::zeros(Size(20, 20), CV_8UC1);
    mask(Rect(5, 5, 8, 8)).setTo(255);
    const Mat gray = texture(mask.size(), CV_8UC1, 1), colour = texture(mask.size(), CV_8UC3, 2);
    Ptr<inpainting::SlicedWassersteinDistance> swd = inpainting::SlicedWassersteinDistance::create();
    EXPECT_TRUE(std::isnan(swd->getDistance()));
    EXPECT_TRUE(swd->getLevelDistances().empty());
    swd->add(colour, colour, Mat::zeros(mask.size(), CV_8UC1)); // no hole: nothing added
    EXPECT_EQ(swd->getCount(), 0);
    swd->add(gray, gray, mask);
    EXPECT_EQ(swd->getCount(), 1);
    expectError([&] { swd->add(colour, colour, mask); }, { "'truth' has 3 colour channels", "had 1" });
    expectError([&] { swd->setLevels(3); }, { "setLevels", "clear()" });
    swd->clear();
    EXPECT_EQ(swd->getCount(), 0);
    swd->setLevels(3);
    swd->add(colour, colour, mask);
    EXPECT_EQ(swd->getLevelDistances().size(), 3u);
    expectError([&] { swd->setLevels(0); }, { "'levels' must be in [1, 8]" });
    expectError([&] { swd->setPatchSize(4); }, { "'patchSize'" });
    expectError([&] { swd->setDirections(0); }, { "'directions' must be in [1, 8192]" });
    expectError([&] { swd->setRepeats(65); }, { "'repeats' must be in [1, 64]" });
    expectError([&] { inpainting::SlicedWassersteinDistance::create(0, -1); }, { "'descriptorsPerImage'" });
}

} // namespace opencv_test_inpainting
