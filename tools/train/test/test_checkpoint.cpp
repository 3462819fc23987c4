// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

// Checkpoints: a round trip keeps the model and counters; a run interrupted and resumed ends
// exactly where an uninterrupted run ends.

#include <gtest/gtest.h>

#include <fstream>

#include "checkpoint.hpp"
#include "loop.hpp"
#include "train_test_utils.hpp"
#include "util.hpp"

namespace {

using namespace pconv;
using pconv_test::tinyTrainOptions;

TEST(Inpainting_TrainCheckpoint, round_trip_keeps_weights_buffers_and_counters)
{
    torch::manual_seed(11);
    NetConfig cfg;
    cfg.layers = 3;
    cfg.width = 4;
    PConvUNet net(cfg);
    torch::optim::Adam opt(net->parameters(), torch::optim::AdamOptions(1e-3));
    // One step so that BN statistics and Adam moments are not at their initial values.
    net->train();
    torch::Tensor img = torch::rand({2, 3, 32, 32}), mask = (torch::rand({2, 1, 32, 32}) > 0.3).to(torch::kFloat);
    torch::Tensor loss = torch::mean(torch::abs(net->forward(img * mask, mask) - img));
    opt.zero_grad();
    loss.backward();
    opt.step();
    CheckpointInfo info;
    info.net = cfg;
    info.trainSize = 32;
    info.step = 17;
    info.epoch = 3;
    info.bestPsnr = 21.5;
    info.lastPsnr = 20.25;
    info.seconds = 12.5;
    const std::string path = pconv_test::makeTempDir("ckpt") + "/a.ckpt";
    saveCheckpoint(path, net, &opt, info);

    CheckpointInfo back;
    PConvUNet loaded = loadModel(path, &back);
    EXPECT_EQ(back.net.layers, 3);
    EXPECT_EQ(back.net.width, 4);
    EXPECT_EQ(back.trainSize, 32);
    EXPECT_EQ(back.step, 17);
    EXPECT_EQ(back.epoch, 3);
    EXPECT_EQ(back.bestPsnr, 21.5);
    EXPECT_EQ(back.lastPsnr, 20.25);
    EXPECT_EQ(back.seconds, 12.5);
    net->eval();
    torch::NoGradGuard g;
    EXPECT_TRUE(torch::equal(net->forward(img * mask, mask), loaded->forward(img * mask, mask)));
    auto a = net->named_buffers(), b = loaded->named_buffers();
    ASSERT_EQ(a.size(), b.size());
    for (const auto& kv : a)
        EXPECT_TRUE(torch::equal(kv.value(), b[kv.key()])) << kv.key();
}

TEST(Inpainting_TrainCheckpoint, unusable_files_are_bad_input)
{
    const std::string dir = pconv_test::makeTempDir("ckpt_bad");
    EXPECT_THROW(loadModel(dir + "/missing.ckpt"), BadInput);
    std::ofstream(dir + "/junk.ckpt") << "not a checkpoint";
    EXPECT_THROW(loadModel(dir + "/junk.ckpt"), BadInput);
}

TEST(Inpainting_TrainCheckpoint, resumed_run_continues_identically)
{
    setThreads(1);
    const std::string root = pconv_test::makeTempDir("resume");
    ASSERT_EQ(pconv_test::writePhotoSet(root + "/data", 5, 48), 5);

    torch::manual_seed(5);
    ASSERT_EQ(train(tinyTrainOptions(root + "/data", root + "/straight", 4, 5)), 0);

    torch::manual_seed(5);
    ASSERT_EQ(train(tinyTrainOptions(root + "/data", root + "/split", 2, 5)), 0);
    torch::manual_seed(12345);   // the resumed run must not depend on the process's RNG state
    ASSERT_EQ(train(tinyTrainOptions(root + "/data", root + "/split", 4, 5)), 0);

    CheckpointInfo ia, ib;
    PConvUNet a = loadModel(root + "/straight/last.ckpt", &ia), b = loadModel(root + "/split/last.ckpt", &ib);
    EXPECT_EQ(ia.step, 4);
    EXPECT_EQ(ib.step, 4);
    auto pa = a->named_parameters(), pb = b->named_parameters();
    for (const auto& kv : pa)
        EXPECT_TRUE(torch::equal(kv.value(), pb[kv.key()])) << kv.key();
    auto ba = a->named_buffers(), bb = b->named_buffers();
    for (const auto& kv : ba)
        EXPECT_TRUE(torch::equal(kv.value(), bb[kv.key()])) << kv.key();
    // The CSV log of the split run has one row per step, none repeated.
    std::ifstream csv(root + "/split/train.csv");
    std::string line;
    int rows = 0;
    std::getline(csv, line);
    while (std::getline(csv, line))
        rows++;
    EXPECT_EQ(rows, 4);
}

} // namespace
