// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

#include "test_precomp.hpp"
#include "pconv_onnx_builder.hpp"

#include <filesystem>

namespace opencv_test_inpainting {
namespace {

using namespace cv;
namespace fs = std::filesystem;
namespace pb = pconv_builder;

const int kSide = 8; // declared input side of the test networks

struct FeatureNet
{
    Mat weights; // 4 x 3 (output x RGB input), 1x1 convolution
    Mat bias;    // 4
};

FeatureNet fixedNet()
{
    FeatureNet n;
    n.weights = (Mat_<float>(4, 3) << 0.5f, -0.25f, 1.0f, -0.75f, 0.5f, 0.25f, 0.3f, 0.3f, 0.3f, 1.0f, -1.0f, 0.0f);
    n.bias = (Mat_<float>(1, 4) << 0.1f, 0.2f, -0.05f, 0.0f);
    return n;
}

std::string writeFeatureNet(const std::string& dir, const std::string& name, const FeatureNet& n, bool pooled)
{
    const std::string path = dir + "/" + name;
    pb::writeBytes(path, pb::serialize(pb::featureModel(n.weights, n.bias, kSide, "Relu", pooled)));
    return path;
}

// The network written plainly: RGB in [0, 1], ImageNet normalisation, 1x1 convolution, ReLU.
std::vector<double> referenceFeatures(const Mat& bgr8, const FeatureNet& n)
{
    const double mean[3] = { 0.485, 0.456, 0.406 }, stdv[3] = { 0.229, 0.224, 0.225 };
    std::vector<double> out(4 * bgr8.total());
    for (int y = 0; y < bgr8.rows; y++)
        for (int x = 0; x < bgr8.cols; x++)
        {
            const Vec3b p = bgr8.at<Vec3b>(y, x);
            double rgb[3];
            for (int c = 0; c < 3; c++)
                rgb[c] = (p[2 - c] / 255.0 - mean[c]) / stdv[c];
            for (int k = 0; k < 4; k++)
            {
                double v = n.bias.at<float>(k);
                for (int c = 0; c < 3; c++)
                    v += n.weights.at<float>(k, c) * rgb[c];
                out[(size_t)k * bgr8.total() + y * bgr8.cols + x] = std::max(0.0, v);
            }
        }
    return out;
}

Mat randomBgr(uint64 seed)
{
    Mat m(kSide, kSide, CV_8UC3);
    RNG(seed).fill(m, RNG::UNIFORM, 0, 256);
    return m;
}

} // namespace

TEST(Inpainting_Perceptual, perceptual_distance_matches_hand_computed_l1)
{
    const std::string dir = makeTempDir("perceptual");
    const FeatureNet n = fixedNet();
    Ptr<inpainting::FeatureNetwork> net =
        inpainting::FeatureNetwork::create(writeFeatureNet(dir, "f.onnx", n, false), Size(kSide, kSide));
    const Mat a = randomBgr(1), b = randomBgr(2);
    const std::vector<double> fa = referenceFeatures(a, n), fb = referenceFeatures(b, n);
    double l1 = 0;
    for (size_t i = 0; i < fa.size(); i++)
        l1 += std::abs(fa[i] - fb[i]);
    l1 /= fa.size();
    EXPECT_GT(l1, 0.05);
    EXPECT_NEAR(inpainting::perceptualDistance(net, a, b), l1, 1e-5 * l1);
    EXPECT_EQ(inpainting::perceptualDistance(net, a, a), 0.0);

    std::vector<Mat> outputs;
    net->computeOutputs(a, outputs);
    ASSERT_EQ(outputs.size(), 1u);
    ASSERT_EQ(outputs[0].total(), fa.size());
    for (size_t i = 0; i < fa.size(); i++)
        ASSERT_NEAR(outputs[0].ptr<float>()[i], fa[i], 1e-5) << i;
    // 16-bit and float inputs are scaled by their range: the same features.
    Mat a16, a32;
    a.convertTo(a16, CV_16U, 257);
    a.convertTo(a32, CV_32F, 1 / 255.0);
    std::vector<Mat> o16, o32;
    net->computeOutputs(a16, o16);
    net->computeOutputs(a32, o32);
    EXPECT_LT(norm(o16[0], outputs[0], NORM_INF), 1e-5);
    EXPECT_LT(norm(o32[0], outputs[0], NORM_INF), 1e-5);
    fs::remove_all(dir);
}

TEST(Inpainting_Perceptual, embedding_is_the_global_average_of_spatial_outputs)
{
    const std::string dir = makeTempDir("embedding");
    const FeatureNet n = fixedNet();
    Ptr<inpainting::FeatureNetwork> maps =
        inpainting::FeatureNetwork::create(writeFeatureNet(dir, "maps.onnx", n, false), Size(kSide, kSide));
    Ptr<inpainting::FeatureNetwork> pooled =
        inpainting::FeatureNetwork::create(writeFeatureNet(dir, "pooled.onnx", n, true), Size(kSide, kSide));
    // A larger image is resized to the input size first.
    Mat big;
    resize(randomBgr(3), big, Size(4 * kSide, 3 * kSide), 0, 0, INTER_NEAREST);
    Mat e1, e2;
    maps->computeEmbedding(big, e1);
    pooled->computeEmbedding(big, e2);
    ASSERT_EQ(e1.size(), Size(4, 1));
    ASSERT_EQ(e2.size(), Size(4, 1));
    EXPECT_LT(norm(e1, e2, NORM_INF), 1e-5);
    EXPECT_GT(norm(e1, NORM_INF), 0.05);
    fs::remove_all(dir);
}

namespace {

// n vectors in 2-D whose sample mean and unbiased sample covariance are exactly `mu` and `cov`:
// random vectors, centred, whitened by their own covariance's Cholesky factor, then coloured.
Mat gaussianSet(int n, const Vec2d& mu, const Matx22d& cov, uint64 seed)
{
    Mat x(n, 2, CV_64F);
    RNG(seed).fill(x, RNG::NORMAL, 0, 1);
    Mat m;
    reduce(x, m, 0, REDUCE_AVG);
    x -= repeat(m, n, 1);
    auto cholesky = [](const Matx22d& s) {
        const double l00 = std::sqrt(s(0, 0)), l10 = s(1, 0) / l00;
        return Matx22d(l00, 0, l10, std::sqrt(s(1, 1) - l10 * l10));
    };
    const Mat s = x.t() * x / (n - 1.0);
    const Matx22d own = cholesky(Matx22d(s.ptr<double>())), target = cholesky(cov);
    const Mat whitened = x * Mat(own.inv()).t();
    Mat out = whitened * Mat(target).t();
    out += repeat(Mat(Matx12d(mu[0], mu[1])), n, 1);
    return out;
}

// Closed form of the Fréchet distance of two 2-D Gaussians: for a 2x2 matrix with nonnegative
// eigenvalues l1, l2, Tr sqrt(M) = sqrt(l1) + sqrt(l2) = sqrt(tr M + 2 sqrt(det M)).
// With rank-1 covariances det M is 0 exactly; computed, its rounding (~1e-17) would add a spurious
// 2 sqrt(det) ~ 1e-8 to the reference.
double closedForm2d(const Vec2d& mu1, const Matx22d& s1, const Vec2d& mu2, const Matx22d& s2, bool rankOne = false)
{
    const Matx22d p = s1 * s2;
    const double det = rankOne ? 0.0 : std::max(0.0, determinant(p));
    const double traceSqrt = std::sqrt(trace(p) + 2 * std::sqrt(det));
    const Vec2d d = mu1 - mu2;
    return d.dot(d) + trace(s1) + trace(s2) - 2 * traceSqrt;
}

} // namespace

TEST(Inpainting_Perceptual, frechet_distance_matches_the_closed_form)
{
    // Non-commuting covariances (the easy diagonal case would not test the square root).
    const Vec2d mu1(0.5, -1.0), mu2(1.5, 0.25);
    const Matx22d s1(2.0, 0.8, 0.8, 1.0), s2(0.5, -0.3, -0.3, 1.5);
    const double expected = closedForm2d(mu1, s1, mu2, s2);
    EXPECT_GT(expected, 1.0);
    // 50 vectors in 2-D: the covariance route (symmetric eigendecompositions).
    const Mat a = gaussianSet(50, mu1, s1, 1), b = gaussianSet(60, mu2, s2, 2);
    EXPECT_NEAR(inpainting::frechetDistance(a, b), expected, 1e-9 * expected);
    Mat af, bf;
    a.convertTo(af, CV_32F);
    b.convertTo(bf, CV_32F);
    EXPECT_NEAR(inpainting::frechetDistance(af, bf), expected, 1e-4 * expected);
    EXPECT_NEAR(inpainting::frechetDistance(a, a), 0.0, 1e-9);

    // 2 vectors in 2-D: the few-vectors route (SVD of the cross product), singular covariances
    // 2 v v^T; the closed form holds with det = 0.
    const Vec2d v1(0.7, -0.2), v2(0.1, 0.9);
    const Mat c = (Mat_<double>(2, 2) << mu1[0] + v1[0], mu1[1] + v1[1], mu1[0] - v1[0], mu1[1] - v1[1]);
    const Mat d = (Mat_<double>(2, 2) << mu2[0] + v2[0], mu2[1] + v2[1], mu2[0] - v2[0], mu2[1] - v2[1]);
    const Matx22d r1 = 2 * Matx21d(v1[0], v1[1]) * Matx12d(v1[0], v1[1]);
    const Matx22d r2 = 2 * Matx21d(v2[0], v2[1]) * Matx12d(v2[0], v2[1]);
    const double singular = closedForm2d(mu1, r1, mu2, r2, true);
    EXPECT_NEAR(inpainting::frechetDistance(c, d), singular, 1e-9 * singular);
}

TEST(Inpainting_Perceptual, frechet_distance_routes_agree_in_high_dimension)
{
    // 20 and 25 vectors of 30 dimensions: the few-vectors route (SVD) versus a
    // direct computation of the same quantity through the eigenvalues of S1^(1/2) S2 S1^(1/2).
    const int d = 30, n = 20;
    Mat a(n, d, CV_64F), b(n + 5, d, CV_64F);
    RNG rng(9);
    rng.fill(a, RNG::NORMAL, 0, 1);
    rng.fill(b, RNG::NORMAL, 0.3, 1.5);
    const double fast = inpainting::frechetDistance(a, b);
    // Reference: plain formulas with OpenCV's symmetric eigen() on the full d x d covariances.
    auto stats = [](const Mat& x, Mat& mu, Mat& cov) {
        reduce(x, mu, 0, REDUCE_AVG);
        const Mat c = x - repeat(mu, x.rows, 1);
        cov = c.t() * c / (x.rows - 1.0);
    };
    Mat mu1, s1, mu2, s2, w, v;
    stats(a, mu1, s1);
    stats(b, mu2, s2);
    eigen(s1, w, v);
    Mat root = Mat::zeros(d, d, CV_64F);
    for (int i = 0; i < d; i++)
        root += std::sqrt(std::max(0.0, w.at<double>(i))) * v.row(i).t() * v.row(i);
    Mat inner = root * s2 * root;
    inner = (inner + inner.t()) / 2;
    eigen(inner, w);
    double traceSqrt = 0;
    for (int i = 0; i < d; i++)
        traceSqrt += std::sqrt(std::max(0.0, w.at<double>(i)));
    const double reference = norm(mu1, mu2, NORM_L2SQR) + trace(s1)[0] + trace(s2)[0] - 2 * traceSqrt;
    EXPECT_NEAR(fast, reference, 1e-6 * reference);
}

TEST(Inpainting_Perceptual, frechet_distance_is_nan_for_single_vectors)
{
    const Mat one = (Mat_<float>(1, 3) << 1, 2, 3), two = (Mat_<float>(2, 3) << 1, 2, 3, 4, 5, 6);
    EXPECT_TRUE(std::isnan(inpainting::frechetDistance(one, two)));
    expectError([&] { inpainting::frechetDistance(two, Mat(2, 4, CV_32F, Scalar(0))); }, { "3 dimensions", "4" });
}

} // namespace opencv_test_inpainting
