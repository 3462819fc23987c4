// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

// Adversarial fine-tuning (--w-adv) and the mask curriculum (--mask-curriculum): the spectral norm
// against PyTorch's torch.nn.utils.spectral_norm and against an SVD, the hinge losses by hand, a run
// whose CSV, plot and checkpoints carry the discriminator and that resumes exactly, the ramp.

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <opencv2/imgcodecs.hpp>

#include "checkpoint.hpp"
#include "data.hpp"
#include "discriminator.hpp"
#include "loop.hpp"
#include "train_test_utils.hpp"
#include "util.hpp"

namespace adversarial_test {

using namespace pconv;

void writeRaw(const std::string& path, const torch::Tensor& t)
{
    torch::Tensor c = t.detach().to(torch::kFloat).contiguous();
    std::ofstream f(path, std::ios::binary);
    f.write((const char*)c.data_ptr<float>(), (std::streamsize)(c.numel() * sizeof(float)));
}

torch::Tensor readRaw(const std::string& path, std::vector<int64_t> shape)
{
    torch::Tensor t = torch::empty(shape, torch::kFloat);
    std::ifstream f(path, std::ios::binary);
    f.read((char*)t.data_ptr<float>(), (std::streamsize)(t.numel() * sizeof(float)));
    EXPECT_TRUE(f.good()) << path;
    return t;
}

// Two training-mode forwards of an SNConv2d equal PyTorch's Conv2d under torch.nn.utils.spectral_norm
// given the same weight, bias, u and v (Debian's python3-torch); the power-iteration vectors too.
TEST(Inpainting_TrainAdversarial, spectral_norm_conv_matches_pytorch)
{
    std::string out;
    if (pconv_test::runCommand("/usr/bin/python3 -c 'import torch'", out) != 0)
        GTEST_SKIP() << "no python3-torch (apt-get install python3-torch): " << out;
    const std::string dir = pconv_test::makeTempDir("sn_ref");
    torch::manual_seed(3);
    SNConv2d conv(3, 5, 5, 2);
    conv->train();
    const torch::Tensor x = torch::randn({2, 3, 13, 11});
    writeRaw(dir + "/w", conv->weight);
    writeRaw(dir + "/b", conv->bias);
    writeRaw(dir + "/u", conv->u);
    writeRaw(dir + "/v", conv->v);
    writeRaw(dir + "/x", x);
    const torch::Tensor y1 = conv->forward(x), y2 = conv->forward(x);
    const std::string script = R"(
import sys, torch
d = sys.argv[1]
def rd(name, shape):
    return torch.frombuffer(bytearray(open(d + '/' + name, 'rb').read()), dtype=torch.float32).reshape(shape)
conv = torch.nn.utils.spectral_norm(torch.nn.Conv2d(3, 5, 5, stride=2, padding=2))
with torch.no_grad():
    conv.weight_orig.copy_(rd('w', (5, 3, 5, 5)))
    conv.bias.copy_(rd('b', (5,)))
    conv.weight_u.copy_(rd('u', (5,)))
    conv.weight_v.copy_(rd('v', (75,)))
conv.train()
x = rd('x', (2, 3, 13, 11))
y1 = conv(x)
y2 = conv(x)
for name, t in (('y1', y1), ('y2', y2), ('u2', conv.weight_u), ('v2', conv.weight_v)):
    open(d + '/' + name, 'wb').write(t.detach().contiguous().numpy().tobytes())
)";
    std::ofstream(dir + "/ref.py") << script;
    ASSERT_EQ(pconv_test::runCommand("/usr/bin/python3 " + dir + "/ref.py " + dir, out), 0) << out;
    EXPECT_LT((y1 - readRaw(dir + "/y1", y1.sizes().vec())).abs().max().item<double>(), 1e-5);
    EXPECT_LT((y2 - readRaw(dir + "/y2", y2.sizes().vec())).abs().max().item<double>(), 1e-5);
    EXPECT_LT((conv->u - readRaw(dir + "/u2", {5})).abs().max().item<double>(), 1e-6);
    EXPECT_LT((conv->v - readRaw(dir + "/v2", {75})).abs().max().item<double>(), 1e-6);
}

// After enough power iterations the normalised weight's largest singular value (an SVD) is 1; in
// eval mode u and v stay put.
TEST(Inpainting_TrainAdversarial, spectral_norm_converges_to_the_largest_singular_value)
{
    torch::manual_seed(4);
    SNConv2d conv(4, 8, 5, 2);
    conv->train();
    for (int i = 0; i < 60; i++)
        conv->normalisedWeight();
    const torch::Tensor w = conv->normalisedWeight().detach().reshape({8, -1}).to(torch::kDouble);
    const double top = std::get<1>(torch::svd(w)).max().item<double>();
    EXPECT_NEAR(top, 1.0, 1e-4);
    conv->eval();
    const torch::Tensor u = conv->u.clone(), v = conv->v.clone();
    conv->normalisedWeight();
    EXPECT_TRUE(torch::equal(u, conv->u));
    EXPECT_TRUE(torch::equal(v, conv->v));
}

TEST(Inpainting_TrainAdversarial, hinge_losses_by_hand)
{
    const torch::Tensor real = torch::tensor({2.0, 0.5, -1.0}), fake = torch::tensor({-2.0, 0.0, 1.5});
    // relu(1 - real) = 0, 0.5, 2 -> 2.5/3; relu(1 + fake) = 0, 1, 2.5 -> 3.5/3.
    EXPECT_NEAR(discriminatorHingeLoss(real, fake).item<double>(), 6.0 / 3, 1e-6);
    EXPECT_NEAR(generatorHingeLoss(fake).item<double>(), 0.5 / 3, 1e-6);
}

TEST(Inpainting_TrainAdversarial, patch_discriminator_scores_patches)
{
    torch::manual_seed(5);
    PatchDiscriminator d(4);
    // 128x128 through six stride-2 layers: 2x2 patches of 16 channels.
    EXPECT_EQ(d->forward(torch::rand({3, 3, 128, 128}), torch::ones({3, 1, 128, 128})).sizes(),
              torch::IntArrayRef({3, 16 * 2 * 2}));
    // The mask is an input: the same image with another mask scores differently.
    const torch::Tensor img = torch::rand({1, 3, 64, 64});
    EXPECT_FALSE(torch::allclose(d->forward(img, torch::ones({1, 1, 64, 64})), d->forward(img, torch::zeros({1, 1, 64, 64}))));
}

TrainOptions adversarialRun(const std::string& data, const std::string& out, int64_t steps)
{
    TrainOptions o = pconv_test::tinyTrainOptions(data, out, steps, 8);
    o.data.maskCurriculum = 3;
    o.adversarial.weight = 0.5;
    o.adversarial.width = 4;
    o.adversarial.steps = 2;
    o.adversarial.learningRate = 1e-3;
    return o;
}

struct Loaded
{
    PConvUNet model{nullptr};
    PatchDiscriminator discriminator{nullptr};
    CheckpointInfo info;
};

Loaded loadWithDiscriminator(const std::string& path)
{
    Loaded l;
    l.info = readCheckpointInfo(path);
    l.model = PConvUNet(l.info.net);
    l.discriminator = PatchDiscriminator(std::max(1, l.info.discriminatorWidth));
    torch::optim::Adam g(l.model->parameters()), d(l.discriminator->parameters());
    AdversarialState a;
    a.discriminator = l.discriminator;
    a.optimizer = &d;
    loadCheckpoint(path, l.model, &g, &a);
    return l;
}

void expectSameModule(torch::nn::Module& a, torch::nn::Module& b)
{
    auto pa = a.named_parameters(), pb = b.named_parameters();
    ASSERT_EQ(pa.size(), pb.size());
    for (const auto& kv : pa)
        EXPECT_TRUE(torch::equal(kv.value(), pb[kv.key()])) << kv.key();
    auto ba = a.named_buffers(), bb = b.named_buffers();
    ASSERT_EQ(ba.size(), bb.size());
    for (const auto& kv : ba)
        EXPECT_TRUE(torch::equal(kv.value(), bb[kv.key()])) << kv.key();
}

// A --w-adv run: the CSV's adversarial and discriminator columns, the total their weighted sum with
// the reconstruction terms, the plot's third panel, the discriminator in last.ckpt (not in the
// weights-only best/step snapshots' way of export), and a run interrupted at step 2 ending exactly
// as the straight one (generator, discriminator with its u/v, both optimisers' effect).
TEST(Inpainting_TrainAdversarial, run_logs_checkpoints_and_resumes_exactly)
{
    setThreads(1);
    const std::string root = pconv_test::makeTempDir("adv_run");
    ASSERT_EQ(pconv_test::writePhotoSet(root + "/data", 5, 48), 5);

    torch::manual_seed(5);
    ASSERT_EQ(train(adversarialRun(root + "/data", root + "/straight", 4)), 0);
    torch::manual_seed(5);
    ASSERT_EQ(train(adversarialRun(root + "/data", root + "/split", 2)), 0);
    torch::manual_seed(999);
    ASSERT_EQ(train(adversarialRun(root + "/data", root + "/split", 4)), 0);

    Loaded a = loadWithDiscriminator(root + "/straight/last.ckpt"), b = loadWithDiscriminator(root + "/split/last.ckpt");
    EXPECT_EQ(a.info.step, 4);
    EXPECT_EQ(b.info.step, 4);
    EXPECT_EQ(a.info.discriminatorWidth, 4);
    expectSameModule(*a.model, *b.model);
    expectSameModule(*a.discriminator, *b.discriminator);
    // The discriminator learnt: its weights are not the initial ones of the same seed.
    torch::manual_seed(5);
    PConvUNet fresh(a.info.net);
    PatchDiscriminator initial(4);
    EXPECT_FALSE(torch::equal(initial->convs[0]->weight, a.discriminator->convs[0]->weight));

    const auto rows = pconv_test::readCsvRows(root + "/split/train.csv");
    ASSERT_EQ(rows.size(), 4u);
    for (const auto& r : rows)
    {
        ASSERT_EQ(r.size(), 15u);
        const double valid = r[7], hole = r[8], tv = r[11], adv = r[13], disc = r[14];
        EXPECT_NEAR(r[6], valid + 6 * hole + 0.1 * tv + 0.5 * adv, 1e-5 * std::max(1.0, std::abs(r[6])));
        EXPECT_NE(adv, 0.0);
        EXPECT_GE(disc, 0.0);   // a hinge loss
        EXPECT_GT(disc, 1e-3);
    }
    // Three panels: loss, validation PSNR, adversarial losses (300 px each).
    EXPECT_EQ(cv::imread(root + "/split/loss_curve.png").rows, 900);
}

// A checkpoint of a run without --w-adv resumed with it starts a discriminator; CSV logs of the
// older 13-column format keep their rows (new columns 0).
TEST(Inpainting_TrainAdversarial, plain_run_continued_adversarially)
{
    setThreads(1);
    const std::string root = pconv_test::makeTempDir("adv_continue");
    ASSERT_EQ(pconv_test::writePhotoSet(root + "/data", 4, 48), 4);
    TrainOptions plain = adversarialRun(root + "/data", root + "/o", 2);
    plain.adversarial = AdversarialOptions();
    ASSERT_EQ(train(plain), 0);
    EXPECT_EQ(readCheckpointInfo(root + "/o/last.ckpt").discriminatorWidth, 0);
    EXPECT_EQ(cv::imread(root + "/o/loss_curve.png").rows, 600);
    // Rewrite the log as the previous version wrote it (13 columns).
    std::ifstream in(root + "/o/train.csv");
    std::string line, old;
    std::getline(in, line);
    old = "step,epoch,images,seconds,images_per_s,lr,total,valid,hole,perceptual,style,tv,ssim\n";
    while (std::getline(in, line))
        old += line.substr(0, line.rfind(',', line.rfind(',') - 1)) + "\n";
    in.close();
    std::ofstream(root + "/o/train.csv") << old;
    ASSERT_EQ(train(adversarialRun(root + "/data", root + "/o", 3)), 0);
    EXPECT_EQ(readCheckpointInfo(root + "/o/last.ckpt").discriminatorWidth, 4);
    const auto rows = pconv_test::readCsvRows(root + "/o/train.csv");
    ASSERT_EQ(rows.size(), 3u);
    EXPECT_EQ(rows[0].size(), 15u);
    EXPECT_EQ(rows[0][13], 0.0);
    EXPECT_NE(rows[2][13], 0.0);
}

// The upper hole ratio ramps linearly over N steps, and the generated masks follow it.
TEST(Inpainting_TrainAdversarial, mask_curriculum_ramps_the_upper_hole_ratio)
{
    const std::string root = pconv_test::makeTempDir("curriculum");
    ASSERT_EQ(pconv_test::writePhotoSet(root + "/data", 3, 64), 3);
    DataConfig c;
    c.dir = root + "/data";
    c.imageSize = 64;
    c.maskMin = 0.05;
    c.maskMax = 0.55;
    c.maskCurriculum = 100;
    Dataset data(c, "--data");
    EXPECT_DOUBLE_EQ(data.maskMaxAt(0), 0.05);
    EXPECT_DOUBLE_EQ(data.maskMaxAt(50), 0.30);
    EXPECT_DOUBLE_EQ(data.maskMaxAt(100), 0.55);
    EXPECT_DOUBLE_EQ(data.maskMaxAt(5000), 0.55);
    auto meanHole = [&](int64_t step) { return 1 - data.trainBatch(step, 16).mask.mean().item<double>(); };
    const double early = meanHole(0), late = meanHole(300);
    EXPECT_LT(early, 0.12) << "step 0 draws ratios in [0.05, 0.05]";
    EXPECT_GT(late, early + 0.1) << "after the ramp the ratios span [0.05, 0.55]";
    c.maskCurriculum = 0;
    EXPECT_DOUBLE_EQ(Dataset(c, "--data").maskMaxAt(0), 0.55);
}

} // namespace adversarial_test
