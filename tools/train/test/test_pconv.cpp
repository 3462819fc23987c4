// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

// PartialConv2d against NVIDIA's multi-channel semantics written plainly: a full C-channel mask,
// a second convolution with a ones kernel, all in double precision.

#include <gtest/gtest.h>

#include "model.hpp"

namespace {

using namespace pconv;
namespace F = torch::nn::functional;

// NVIDIA PartialConv2d(multi_channel=True) on a full mask, in double.
std::pair<torch::Tensor, torch::Tensor> referencePConv(const torch::Tensor& x, const torch::Tensor& fullMask,
                                                       const torch::Tensor& w, const torch::Tensor& b, int stride, int pad)
{
    torch::Tensor xd = x.to(torch::kDouble), md = fullMask.to(torch::kDouble), wd = w.to(torch::kDouble);
    const int64_t C = x.size(1), k = w.size(2);
    torch::Tensor ones = torch::ones({1, C, k, k}, torch::kDouble);
    torch::Tensor sumM = F::conv2d(md, ones, F::Conv2dFuncOptions().stride(stride).padding(pad));
    torch::Tensor ratio = (double)(C * k * k) / (sumM + 1e-8);
    torch::Tensor upd = torch::clamp(sumM, 0, 1);
    ratio = ratio * upd;
    torch::Tensor raw = F::conv2d(xd * md, wd, F::Conv2dFuncOptions().stride(stride).padding(pad));
    torch::Tensor y = raw * ratio;
    if (b.defined())
        y = y + b.to(torch::kDouble).view({1, -1, 1, 1});
    y = y * upd;
    return {y, upd};
}

// A random binary plane with a square hole so that some windows see no valid pixel at all. A
// k x k window at stride s lies wholly inside a hole of side k + s - 1 wherever the hole starts, so
// the side is k + s: a 7x9 hole had no stride-2 7x7 window inside it and the update mask came out
// all ones, testing only half of the layer.
torch::Tensor randomPlane(int64_t n, int64_t h, int64_t w, double holeP, int64_t k, int64_t stride)
{
    torch::Tensor m = (torch::rand({n, 1, h, w}) > holeP).to(torch::kFloat);
    m.slice(2, 2, 2 + k + stride).slice(3, 1, 1 + k + stride).zero_();
    return m;
}

void checkAgainstReference(std::vector<int64_t> groups, int64_t out, int64_t k, int64_t stride, bool bias)
{
    torch::manual_seed(7 + k + stride);
    int64_t C = 0;
    for (auto g : groups)
        C += g;
    PartialConv2d layer(C, out, k, stride, bias);
    if (bias)
    {
        torch::NoGradGuard ng;
        layer->bias.uniform_(-0.5, 0.5);
    }
    const int64_t N = 2, H = 16, W = 14;
    torch::Tensor x = torch::randn({N, C, H, W});
    std::vector<torch::Tensor> planes, full;
    for (size_t g = 0; g < groups.size(); g++)
    {
        torch::Tensor p = randomPlane(N, H, W, 0.3 + 0.2 * (double)g, k, stride);
        planes.push_back(p);
        full.push_back(p.expand({N, groups[g], H, W}));
    }
    torch::Tensor mask = torch::cat(planes, 1), fullMask = torch::cat(full, 1);
    torch::Tensor y, m;
    std::tie(y, m) = layer->forward(x, mask, groups);
    auto ref = referencePConv(x, fullMask, layer->weight.detach(), bias ? layer->bias.detach() : torch::Tensor(),
                              (int)stride, (int)(k / 2));
    ASSERT_EQ(y.sizes(), ref.first.sizes());
    ASSERT_EQ(m.sizes(), ref.second.sizes());
    const double scale = ref.first.abs().max().item<double>();
    EXPECT_LE((y.to(torch::kDouble) - ref.first).abs().max().item<double>(), 1e-5 * std::max(1.0, scale));
    EXPECT_EQ((m.to(torch::kDouble) - ref.second).abs().max().item<double>(), 0.0);
    // The example must exercise both sides of the update mask.
    EXPECT_GT(m.sum().item<double>(), 0.0);
    EXPECT_LT(m.sum().item<double>(), (double)m.numel());
}

TEST(Inpainting_TrainPConv, single_plane_matches_nvidia_reference)
{
    checkAgainstReference({3}, 8, 7, 2, true);
    checkAgainstReference({6}, 5, 3, 1, false);
}

TEST(Inpainting_TrainPConv, channel_groups_match_full_multichannel_mask)
{
    checkAgainstReference({4, 3}, 6, 3, 1, true);
    checkAgainstReference({2, 5, 1}, 4, 5, 2, false);
}

TEST(Inpainting_TrainPConv, gradients_flow_only_from_valid_inputs)
{
    torch::manual_seed(3);
    PartialConv2d layer(2, 3, 3, 1, true);
    torch::Tensor x = torch::randn({1, 2, 8, 8}).requires_grad_(true);
    torch::Tensor mask = torch::ones({1, 1, 8, 8});
    mask.slice(2, 2, 5).slice(3, 3, 6).zero_();
    torch::Tensor y = layer->forward(x, mask, {2}).first;
    y.sum().backward();
    torch::Tensor holeGrad = x.grad().index({0, torch::indexing::Slice(), torch::indexing::Slice(2, 5),
                                             torch::indexing::Slice(3, 6)});
    EXPECT_EQ(holeGrad.abs().max().item<double>(), 0.0);
    EXPECT_GT(x.grad().abs().max().item<double>(), 0.0);
}

TEST(Inpainting_TrainPConv, unet_shapes_and_hole_content_is_ignored)
{
    torch::manual_seed(5);
    NetConfig cfg;
    cfg.layers = 4;
    cfg.width = 4;
    PConvUNet net(cfg);
    net->eval();
    torch::Tensor img = torch::rand({2, 3, 32, 48});
    torch::Tensor mask = torch::ones({2, 1, 32, 48});
    mask.slice(2, 8, 20).slice(3, 10, 30).zero_();
    torch::Tensor out = net->forward(img, mask);
    EXPECT_EQ(out.sizes(), torch::IntArrayRef({2, 3, 32, 48}));
    // Whatever the hole holds, the output is the same: the first layer multiplies it by the mask.
    torch::Tensor img2 = img.clone();
    img2.slice(2, 8, 20).slice(3, 10, 30).uniform_(0, 1);
    EXPECT_EQ((net->forward(img2, mask) - out).abs().max().item<double>(), 0.0);
    // Sizes that are not multiples of 2^layers are refused.
    EXPECT_THROW(net->forward(torch::rand({1, 3, 40, 48}), torch::ones({1, 1, 40, 48})), c10::Error);
}

TEST(Inpainting_TrainPConv, encoder_widths_follow_the_paper)
{
    NetConfig cfg;
    cfg.layers = 7;
    cfg.width = 64;
    const int64_t expect[] = {64, 128, 256, 512, 512, 512, 512};
    const int64_t kernels[] = {7, 5, 5, 3, 3, 3, 3};
    for (int i = 0; i < 7; i++)
    {
        EXPECT_EQ(cfg.encoderChannels(i), expect[i]);
        EXPECT_EQ(cfg.encoderKernel(i), kernels[i]);
    }
}

} // namespace
