// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

// --bf16: the partial convolution under bfloat16 autocast against a double-precision computation
// from bfloat16-rounded operands (the mask's window sums stay exact), a --bf16 run, bench's column,
// the bad combination.

#include <gtest/gtest.h>

#include "autocast.hpp"
#include "checkpoint.hpp"
#include "model.hpp"
#include "train_test_utils.hpp"

namespace bf16_test {

using namespace pconv;
namespace F = torch::nn::functional;

TEST(Inpainting_TrainBf16, partial_conv_under_autocast_is_bf16_convolution_with_exact_mask_sums)
{
    torch::manual_seed(21);
    // 40 input channels, 3x3: window counts up to 360, not exact in bfloat16 (8-bit significand).
    PartialConv2d conv(40, 6, 3, 1, true);
    {
        torch::NoGradGuard g;
        conv->bias.uniform_(-0.5, 0.5);
    }
    const torch::Tensor x = torch::randn({2, 40, 9, 11});
    const torch::Tensor mask = (torch::rand({2, 1, 9, 11}) > 0.4).to(torch::kFloat);
    torch::Tensor y16, m16, y32, m32;
    {
        torch::NoGradGuard g;
        std::tie(y32, m32) = conv->forward(x, mask, {40});
        CpuBf16Autocast autocast(true);
        std::tie(y16, m16) = conv->forward(x, mask, {40});
    }
    EXPECT_TRUE(torch::equal(m16, m32)) << "the update mask must not depend on the precision";

    // Reference in double: conv of the bfloat16-rounded operands, the result rounded to bfloat16
    // (autocast's output type), then the exact ratio, bias and update.
    auto bf = [](const torch::Tensor& t) { return t.to(torch::kBFloat16).to(torch::kDouble); };
    const torch::Tensor xm = bf((x * mask).contiguous());
    const torch::Tensor conv64 = F::conv2d(xm, bf(conv->weight.detach()), F::Conv2dFuncOptions().padding(1));
    const torch::Tensor sumM = F::conv2d(mask.to(torch::kDouble), torch::full({1, 1, 3, 3}, 40.0, torch::kDouble),
                                         F::Conv2dFuncOptions().padding(1));
    const torch::Tensor update = sumM.clamp(0, 1), ratio = 360.0 / (sumM + 1e-8) * update;
    const torch::Tensor ref = (bf(conv64) * ratio + conv->bias.detach().to(torch::kDouble).view({1, -1, 1, 1})) * update;
    // One bfloat16 unit (2^-7 relative) of the convolution's value, scaled by the ratio: the float
    // accumulation may round to the neighbouring bfloat16 value.
    const torch::Tensor tol = conv64.abs() * ratio * std::ldexp(1.0, -7) + 1e-6;
    EXPECT_TRUE(((y16.to(torch::kDouble) - ref).abs() <= tol).all().item<bool>())
        << "max excess " << ((y16.to(torch::kDouble) - ref).abs() - tol).max().item<double>();
    // Autocast did act: the float path differs.
    EXPECT_GT((y16 - y32).abs().max().item<double>(), 1e-4);
    EXPECT_EQ(y16.scalar_type(), torch::kFloat) << "ratio and bias are applied in float";

    // The renormalisation itself is float: with one centre tap of weight 1 and inputs that bfloat16
    // holds exactly, the convolution is exact, and a bfloat16 window sum (counts like 357 rounded
    // to 356) would show as a relative error of up to 2^-9 in the output.
    {
        torch::NoGradGuard g;
        conv->weight.zero_();
        conv->weight.select(0, 0).select(0, 0)[1][1] = 1.0;
        conv->bias.zero_();
    }
    const torch::Tensor xs = torch::randint(1, 9, {2, 40, 9, 11}).to(torch::kFloat) * 0.25;
    torch::Tensor ys, ms;
    {
        torch::NoGradGuard g;
        CpuBf16Autocast autocast(true);
        std::tie(ys, ms) = conv->forward(xs, mask, {40});
    }
    const torch::Tensor exact = (xs.select(1, 0) * mask.select(1, 0)).to(torch::kDouble) * ratio.select(1, 0);
    EXPECT_LT((ys.select(1, 0).to(torch::kDouble) - exact).abs().max().item<double>(), 1e-5 * exact.abs().max().item<double>());
}

TEST(Inpainting_TrainBf16, bf16_run_trains_and_keeps_float_weights)
{
    const std::string dir = pconv_test::makeTempDir("bf16_run");
    ASSERT_EQ(pconv_test::writePhotoSet(dir + "/data", 4, 48), 4);
    std::string out;
    ASSERT_EQ(pconv_test::runCommand(pconv_test::toolPath() + " --threads 1 train --data " + dir + "/data --out " + dir +
                                     "/o --image_size 32 --layers 3 --width 4 --batch_size 2 --steps 3 --log-every 1 "
                                     "--quiet --bf16 --w-adv 0.1 --d-width 4", out), 0) << out;
    EXPECT_NE(out.find("bfloat16 autocast on the CPU"), std::string::npos) << out;
    CheckpointInfo info;
    PConvUNet m = loadModel(dir + "/o/last.ckpt", &info);
    EXPECT_EQ(info.step, 3);
    for (const auto& p : m->parameters())
        EXPECT_EQ(p.scalar_type(), torch::kFloat);
    // Bench prints the float/bf16 step-time ratio beside the float columns.
    ASSERT_EQ(pconv_test::runCommand(pconv_test::toolPath() + " --threads 1 bench --width 4 --sizes 32 --batch 2 --steps 1 "
                                     "--infer-size 0 --bf16", out), 0) << out;
    EXPECT_NE(out.find("float/bf16 step time"), std::string::npos) << out;
    // Bad combination.
    EXPECT_EQ(pconv_test::runCommand(pconv_test::toolPath() + " --threads 1 train --data " + dir + "/data --out " + dir +
                                     "/o2 --bf16 --device cuda", out), 2) << out;
    EXPECT_NE(out.find("--bf16 is bfloat16 autocast on the CPU"), std::string::npos) << out;
}

} // namespace bf16_test
