// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

// Each loss term on tiny tensors against values computed by hand in plain loops.

#include <gtest/gtest.h>

#include <cmath>

#include <fstream>
#include <sstream>
#include <unistd.h>

#include <opencv2/imgproc.hpp>

#include "losses.hpp"
#include "opencv2/inpainting/metrics.hpp"
#include "train_test_utils.hpp"
#include "util.hpp"

namespace {

using namespace pconv;

// 1 image, 1 channel broadcast to 3 identical planes is not used: plain (1,3,2,2) values.
struct Tiny
{
    torch::Tensor out, truth, mask;
    Tiny()
    {
        out = torch::tensor({0.5f, 0.2f, 0.9f, 0.0f, 0.1f, 0.3f, 0.7f, 0.4f, 1.0f, 0.6f, 0.2f, 0.8f}).view({1, 3, 2, 2});
        truth = torch::tensor({0.4f, 0.2f, 0.5f, 0.3f, 0.1f, 0.9f, 0.6f, 0.6f, 0.8f, 0.6f, 0.0f, 0.5f}).view({1, 3, 2, 2});
        mask = torch::tensor({1.f, 0.f, 1.f, 0.f}).view({1, 1, 2, 2});   // pixels (0,1) and (1,1) are holes
    }
};

double at(const torch::Tensor& t, int c, int y, int x) { return t[0][c][y][x].item<double>(); }

TEST(Inpainting_TrainLosses, valid_hole_tv_by_hand)
{
    Tiny d;
    LossWeights w;
    LossTerms t = computeLosses(d.out, d.truth, d.mask, w, nullptr);
    double valid = 0, hole = 0;
    double comp[3][2][2];
    for (int c = 0; c < 3; c++)
        for (int y = 0; y < 2; y++)
            for (int x = 0; x < 2; x++)
            {
                const bool known = at(d.mask, 0, y, x) > 0.5;
                const double diff = std::fabs(at(d.out, c, y, x) - at(d.truth, c, y, x));
                (known ? valid : hole) += diff;
                comp[c][y][x] = known ? at(d.truth, c, y, x) : at(d.out, c, y, x);
            }
    valid /= 12;
    hole /= 12;
    double tvx = 0, tvy = 0;
    for (int c = 0; c < 3; c++)
        for (int k = 0; k < 2; k++)
        {
            tvx += std::fabs(comp[c][k][1] - comp[c][k][0]);
            tvy += std::fabs(comp[c][1][k] - comp[c][0][k]);
        }
    const double tv = tvx / 6 + tvy / 6;
    EXPECT_NEAR(t.valid.item<double>(), valid, 1e-6);
    EXPECT_NEAR(t.hole.item<double>(), hole, 1e-6);
    EXPECT_NEAR(t.tv.item<double>(), tv, 1e-6);
    EXPECT_EQ(t.perceptual.item<double>(), 0.0);
    EXPECT_EQ(t.style.item<double>(), 0.0);
    EXPECT_NEAR(t.total.item<double>(), 1 * valid + 6 * hole + 0.1 * tv, 1e-6);
    // Hand values of this example (see the arrays above), so the loops above are checked too.
    // Valid column x=0: |.5-.4|+|.9-.5| + |.1-.1|+|.7-.6| + |1-.8|+|.2-0| = 1.0;
    // hole column x=1: |.2-.2|+|0-.3| + |.3-.9|+|.4-.6| + |.6-.6|+|.8-.5| = 1.4; 12 elements each.
    EXPECT_NEAR(valid, 1.0 / 12, 1e-6);
    EXPECT_NEAR(hole, 1.4 / 12, 1e-6);
    // Composite planes [[.4,.2],[.5,0]], [[.1,.3],[.6,.4]], [[.8,.6],[0,.8]]: horizontal steps sum
    // to .7+.4+1.0 = 2.1, vertical ones to .3+.6+1.0 = 1.9, 6 pairs each.
    EXPECT_NEAR(tv, 2.1 / 6 + 1.9 / 6, 1e-6);
}

TEST(Inpainting_TrainLosses, gram_matrix_by_hand)
{
    // (1,2,1,2): channel 0 = [1, 2], channel 1 = [3, -1]; G = F F^T / (C*H*W) = [[5, 1], [1, 10]] / 4.
    torch::Tensor f = torch::tensor({1.f, 2.f, 3.f, -1.f}).view({1, 2, 1, 2});
    torch::Tensor g = gramMatrix(f);
    ASSERT_EQ(g.sizes(), torch::IntArrayRef({1, 2, 2}));
    EXPECT_NEAR(g[0][0][0].item<double>(), 5.0 / 4, 1e-6);
    EXPECT_NEAR(g[0][0][1].item<double>(), 1.0 / 4, 1e-6);
    EXPECT_NEAR(g[0][1][0].item<double>(), 1.0 / 4, 1e-6);
    EXPECT_NEAR(g[0][1][1].item<double>(), 10.0 / 4, 1e-6);
}


// (1,3,H,W) tensor of an OpenCV CV_32FC3 image (BGR planes in channel order).
torch::Tensor tensorOf(const cv::Mat& img)
{
    std::vector<cv::Mat> planes;
    cv::split(img, planes);
    std::vector<torch::Tensor> ch;
    for (const cv::Mat& p : planes)
        ch.push_back(torch::from_blob((void*)p.ptr<float>(), {p.rows, p.cols}, torch::kFloat).clone());
    return torch::stack(ch, 0).unsqueeze(0);
}

// A photo-like pair: a smooth gradient with texture as the truth, a blurred and shifted copy
// with noise as the "output", so that SSIM is well away from 1 and from 0.
void ssimPair(cv::Mat& truth, cv::Mat& other, int w, int h, uint64_t seed)
{
    cv::RNG rng(seed);
    truth.create(h, w, CV_32FC3);
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
            truth.at<cv::Vec3f>(y, x) = cv::Vec3f(0.2f + 0.6f * x / w, 0.5f + 0.3f * std::sin(0.4f * y),
                                                  (float)rng.uniform(0.0, 1.0));
    cv::GaussianBlur(truth, other, cv::Size(5, 5), 1.2);
    cv::Mat noise(h, w, CV_32FC3);
    rng.fill(noise, cv::RNG::NORMAL, 0.0, 0.05);
    other = other + noise + cv::Scalar(0.03, -0.02, 0.0);
    cv::min(cv::max(other, 0.0), 1.0, other);
}

TEST(Inpainting_TrainLosses, ssim_matches_the_benchmark_metric)
{
    // Reference: cv::inpainting::ssim, computed in double by OpenCV's filters, a separate code path.
    for (int k = 0; k < 3; k++)
    {
        const int w = 23 + 17 * k, h = 11 + 9 * k;  // from the smallest allowed size up, non-square
        cv::Mat truth, other;
        ssimPair(truth, other, w, h, 7 + k);
        const double ref = cv::inpainting::ssim(other, truth);
        const double got = meanSsim(tensorOf(other), tensorOf(truth)).item<double>();
        ASSERT_GT(ref, 0.05);
        ASSERT_LT(ref, 0.95);
        EXPECT_NEAR(got, ref, 2e-5) << w << "x" << h;
        EXPECT_NEAR(meanSsim(tensorOf(truth), tensorOf(truth)).item<double>(), 1.0, 1e-6);
    }
    // A batch is the mean of its images.
    cv::Mat t0, o0, t1, o1;
    ssimPair(t0, o0, 30, 20, 1);
    ssimPair(t1, o1, 30, 20, 2);
    const double both = meanSsim(torch::cat({tensorOf(o0), tensorOf(o1)}), torch::cat({tensorOf(t0), tensorOf(t1)})).item<double>();
    EXPECT_NEAR(both, (cv::inpainting::ssim(o0, t0) + cv::inpainting::ssim(o1, t1)) / 2, 2e-5);
    EXPECT_THROW(meanSsim(torch::zeros({1, 3, 10, 20}), torch::zeros({1, 3, 10, 20})), c10::Error);
}

TEST(Inpainting_TrainLosses, ssim_term_is_weighted_and_reaches_only_the_hole)
{
    cv::Mat truthImg, outImg;
    ssimPair(truthImg, outImg, 32, 24, 5);
    torch::Tensor truth = tensorOf(truthImg);
    torch::Tensor mask = torch::ones({1, 1, 24, 32});
    mask.slice(2, 6, 14).slice(3, 10, 25).zero_();  // a 8x15 hole
    LossWeights w;
    torch::Tensor out0 = tensorOf(outImg);
    const LossTerms off = computeLosses(out0, truth, mask, w, nullptr);

    // The term is 1 - SSIM of the composite (known pixels from the truth), as the benchmark scores it.
    cv::Mat holeMat(24, 32, CV_8U, cv::Scalar(0)), comp = truthImg.clone();
    holeMat(cv::Rect(10, 6, 15, 8)).setTo(255);
    outImg.copyTo(comp, holeMat);
    EXPECT_NEAR(off.ssim.item<double>(), 1 - cv::inpainting::ssim(comp, truthImg), 2e-5);
    EXPECT_GT(off.ssim.item<double>(), 0.01);

    torch::Tensor out = out0.clone().requires_grad_(true);
    w.ssim = 2.5;
    const LossTerms on = computeLosses(out, truth, mask, w, nullptr);
    EXPECT_NEAR(on.total.item<double>(), off.total.item<double>() + 2.5 * off.ssim.item<double>(), 1e-5);
    // Only the SSIM term, to see where its gradient goes: nowhere outside the hole.
    (1 - meanSsim(mask * truth + (1 - mask) * out, truth)).backward();
    torch::Tensor g = out.grad().abs();
    EXPECT_EQ((g * mask).sum().item<double>(), 0.0);
    EXPECT_GT((g * (1 - mask)).sum().item<double>(), 0.0);
}

// VGG16 pool1..pool3 written out in double with explicit ops (RGB flip, ImageNet normalisation).
std::vector<torch::Tensor> referenceVgg(const std::vector<torch::Tensor>& w, const torch::Tensor& bgr)
{
    namespace F = torch::nn::functional;
    torch::Tensor x = bgr.to(torch::kDouble);
    torch::Tensor rgb = torch::stack({x.select(1, 2), x.select(1, 1), x.select(1, 0)}, 1);
    const double mean[3] = {0.485, 0.456, 0.406}, sd[3] = {0.229, 0.224, 0.225};
    std::vector<torch::Tensor> ch;
    for (int c = 0; c < 3; c++)
        ch.push_back((rgb.select(1, c) - mean[c]) / sd[c]);
    torch::Tensor h = torch::stack(ch, 1);
    std::vector<torch::Tensor> out;
    for (int i = 0; i < 7; i++)
    {
        h = torch::relu(F::conv2d(h, w[2 * i].to(torch::kDouble), F::Conv2dFuncOptions().padding(1).bias(w[2 * i + 1].to(torch::kDouble))));
        if (i == 1 || i == 3 || i == 6)
        {
            h = F::max_pool2d(h, F::MaxPool2dFuncOptions(2).stride(2));
            out.push_back(h);
        }
    }
    return out;
}

double meanAbsDiff(const torch::Tensor& a, const torch::Tensor& b)
{
    torch::Tensor x = a.to(torch::kDouble).contiguous().view(-1), y = b.to(torch::kDouble).contiguous().view(-1);
    double s = 0;
    for (int64_t i = 0; i < x.numel(); i++)
        s += std::fabs(x[i].item<double>() - y[i].item<double>());
    return s / (double)x.numel();
}

// Gram matrix by loops: G[i][j] = sum_p F[i][p] F[j][p] / (C*H*W).
torch::Tensor loopGram(const torch::Tensor& f)
{
    const int64_t C = f.size(1), P = f.size(2) * f.size(3);
    torch::Tensor x = f[0].reshape({C, P}).to(torch::kDouble);
    auto a = x.accessor<double, 2>();
    torch::Tensor g = torch::zeros({1, C, C}, torch::kDouble);
    for (int64_t i = 0; i < C; i++)
        for (int64_t j = 0; j < C; j++)
        {
            double s = 0;
            for (int64_t p = 0; p < P; p++)
                s += a[i][p] * a[j][p];
            g[0][i][j] = s / (double)(C * P);
        }
    return g;
}

TEST(Inpainting_TrainLosses, perceptual_and_style_with_random_vgg_weights)
{
    torch::manual_seed(21);
    // Random weights in the file format of convert_vgg16.py, read back through the loader.
    const int convs[7][2] = {{3, 64}, {64, 64}, {64, 128}, {128, 128}, {128, 256}, {256, 256}, {256, 256}};
    std::vector<torch::Tensor> w;
    for (auto& c : convs)
    {
        w.push_back(torch::randn({c[1], c[0], 3, 3}) * std::sqrt(2.0 / (9.0 * c[0])));
        w.push_back(torch::randn({c[1]}) * 0.1);
    }
    const std::string path = std::string(std::getenv("TMPDIR") ? std::getenv("TMPDIR") : "/tmp") + "/pconv_vgg_test_" +
                             std::to_string(::getpid()) + ".bin";
    saveVggWeights(path, w);
    Vgg16Features vgg;
    vgg->loadWeights(path);
    std::remove(path.c_str());
    for (int i = 0; i < 7; i++)
        ASSERT_TRUE(torch::equal(vgg->convs[i]->weight, w[2 * i]));

    torch::Tensor out = torch::rand({1, 3, 8, 8}), truth = torch::rand({1, 3, 8, 8});
    torch::Tensor mask = (torch::rand({1, 1, 8, 8}) > 0.4).to(torch::kFloat);
    LossWeights lw;
    LossTerms t = computeLosses(out, truth, mask, lw, vgg);
    torch::Tensor comp = mask * truth + (1 - mask) * out;
    auto fo = referenceVgg(w, out), fc = referenceVgg(w, comp), ft = referenceVgg(w, truth);
    double perceptual = 0, style = 0;
    for (int p = 0; p < 3; p++)
    {
        perceptual += meanAbsDiff(fo[p], ft[p]) + meanAbsDiff(fc[p], ft[p]);
        style += meanAbsDiff(loopGram(fo[p]), loopGram(ft[p])) + meanAbsDiff(loopGram(fc[p]), loopGram(ft[p]));
    }
    EXPECT_GT(perceptual, 0.0);
    EXPECT_NEAR(t.perceptual.item<double>(), perceptual, 1e-4 * perceptual);
    EXPECT_NEAR(t.style.item<double>(), style, 1e-4 * style);
    EXPECT_NEAR(t.total.item<double>(),
                t.valid.item<double>() + 6 * t.hole.item<double>() + 0.05 * perceptual + 120 * style +
                    0.1 * t.tv.item<double>(),
                1e-4 * t.total.item<double>());
}

TEST(Inpainting_TrainLosses, vgg_file_errors_are_bad_input)
{
    const std::string path = std::string("/tmp/pconv_vgg_bad_") + std::to_string(::getpid()) + ".bin";
    {
        std::ofstream f(path);
        f << "PCVGG16 1\n" << "short";
    }
    EXPECT_THROW(loadVggWeights(path), BadInput);
    std::remove(path.c_str());
    EXPECT_THROW(loadVggWeights(path), BadInput);
}

} // namespace

namespace {

// The Python converter and the C++ reader agree on the file format.
TEST(Inpainting_TrainLosses, convert_vgg16_py_output_is_readable)
{
    std::string out;
    if (pconv_test::runCommand("/usr/bin/python3 -c 'import torch'", out) != 0)
        GTEST_SKIP() << "Debian's python3-torch is not installed";
    const std::string path = pconv_test::makeTempDir("vgg") + "/vgg.bin";
    ASSERT_EQ(pconv_test::runCommand("/usr/bin/python3 " INPAINTING_SOURCE_DIR "/tools/train/convert_vgg16.py "
                                     "--random 7 --print-sums " + path + " 2>/dev/null", out), 0) << out;
    std::stringstream ss(out);
    std::vector<double> sums;
    double v;
    while (ss >> v)
        sums.push_back(v);
    ASSERT_EQ(sums.size(), 14u) << out;
    std::vector<torch::Tensor> t = pconv::loadVggWeights(path);
    ASSERT_EQ(t.size(), 14u);
    for (size_t i = 0; i < t.size(); i++)
        EXPECT_NEAR(t[i].to(torch::kDouble).sum().item<double>(), sums[i], 1e-5 * (1 + std::fabs(sums[i]))) << i;
}

} // namespace
