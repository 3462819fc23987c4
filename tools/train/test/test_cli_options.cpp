// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

// The command line itself: the specification's configuration (image_size 256, batch_size 16,
// epochs 50, learning_rate 2e-4, --mask_ratio 0.3 by default, 0.2 and 0.5 in its examples) as
// defaults and flags, and the tool's --threads accepted after the subcommand as well as before.

#include <gtest/gtest.h>

#include <vector>

#include "checkpoint.hpp"
#include "cli.hpp"
#include "train_test_utils.hpp"

namespace cli_options_test {

using namespace pconv;

//! Parses `args` (without the program name) as pconv_train would.
void parseArgs(CommandLine& cli, std::vector<std::string> args)
{
    std::vector<std::string> reversed(args.rbegin(), args.rend());
    cli.app.parse(reversed);   // CLI11 takes the arguments in reverse order
}

TEST(Inpainting_TrainCliOptions, specification_configuration_is_the_default)
{
    CommandLine cli;
    parseArgs(cli, {"train", "--data", "d", "--out", "o"});
    ASSERT_TRUE(*cli.trainCommand);
    const TrainOptions t = trainOptionsFromFlags(cli.train);
    EXPECT_EQ(t.data.imageSize, 256);
    EXPECT_EQ(t.batchSize, 16);
    EXPECT_EQ(t.epochs, 50);
    EXPECT_EQ(t.steps, 0) << "the run's length comes from --epochs unless --steps is given";
    EXPECT_DOUBLE_EQ(t.learningRate, 2e-4);
    // --mask_ratio 0.3: hole ratios drawn in [0.2, 0.4].
    EXPECT_DOUBLE_EQ(t.data.maskMin, 0.3 - 0.1);
    EXPECT_DOUBLE_EQ(t.data.maskMax, 0.3 + 0.1);
    EXPECT_EQ(t.adversarial.weight, 0.0);
    EXPECT_EQ(t.data.maskCurriculum, 0);
}

TEST(Inpainting_TrainCliOptions, specification_flags_in_both_spellings)
{
    struct Case { std::vector<std::string> args; int size, batch, epochs; double lr, maskMin, maskMax; };
    const std::vector<Case> cases = {
        {{"--image_size", "256", "--batch_size", "16", "--epochs", "50", "--learning_rate", "2e-4", "--mask_ratio", "0.2"},
         256, 16, 50, 2e-4, 0.1, 0.3},
        {{"--image-size=128", "--batch-size=8", "--epochs=3", "--learning-rate=0.001", "--mask-ratio=0.5"},
         128, 8, 3, 1e-3, 0.4, 0.6},
        {{"--mask_ratio", "0.05", "--lr", "1e-5"}, 256, 16, 50, 1e-5, 0.01, 0.15},
    };
    for (const Case& c : cases)
    {
        CommandLine cli;
        std::vector<std::string> args{"train", "--data", "d", "--out", "o"};
        args.insert(args.end(), c.args.begin(), c.args.end());
        parseArgs(cli, args);
        const TrainOptions t = trainOptionsFromFlags(cli.train);
        EXPECT_EQ(t.data.imageSize, c.size);
        EXPECT_EQ(t.batchSize, c.batch);
        EXPECT_EQ(t.epochs, c.epochs);
        EXPECT_DOUBLE_EQ(t.learningRate, c.lr);
        EXPECT_NEAR(t.data.maskMin, c.maskMin, 1e-12);
        EXPECT_NEAR(t.data.maskMax, c.maskMax, 1e-12);
    }
    CommandLine bad;
    parseArgs(bad, {"train", "--data", "d", "--out", "o", "--mask_ratio", "0.95"});
    EXPECT_THROW(trainOptionsFromFlags(bad.train), BadInput);
}

// The specification's configuration trains as given (a narrow net so that one step is quick): 15
// photos and batch 16 make one step per epoch, so 50 epochs are 50 steps; the run stops after its
// first step (--time-limit) with a checkpoint.
TEST(Inpainting_TrainCliOptions, specification_configuration_trains)
{
    const std::string dir = pconv_test::makeTempDir("spec_config");
    ASSERT_EQ(pconv_test::writePhotoSet(dir + "/data", 15, 256), 15);
    std::string out;
    ASSERT_EQ(pconv_test::runCommand(pconv_test::toolPath() + " train --data " + dir + "/data --out " + dir + "/o "
                                     "--image_size 256 --batch_size 16 --epochs 50 --learning_rate 2e-4 "
                                     "--mask_ratio 0.5 --width 4 --time-limit 0.0001 --threads 1", out), 0) << out;
    EXPECT_NE(out.find("crop 256, batch 16, layers 7, width 4"), std::string::npos) << out;
    EXPECT_NE(out.find("lr 0.0002, 1 threads, steps 0..50 (1 per epoch)"), std::string::npos) << out;
    EXPECT_EQ(readCheckpointInfo(dir + "/o/last.ckpt").step, 1);
}

// `pconv_train train ... --threads 2` (issue 17: it failed with "The following arguments were not
// expected"); the count reaches LibTorch (the start line prints it) and is still checked.
TEST(Inpainting_TrainCliOptions, threads_after_the_subcommand)
{
    const std::string dir = pconv_test::makeTempDir("threads_after");
    ASSERT_EQ(pconv_test::writePhotoSet(dir + "/data", 3, 40), 3);
    const std::string train = pconv_test::toolPath() + " train --data " + dir + "/data --out " + dir +
                              "/o --image_size 32 --layers 3 --width 4 --batch_size 2 --steps 1 --quiet";
    std::string out;
    ASSERT_EQ(pconv_test::runCommand(train + " --threads 2", out), 0) << out;
    EXPECT_NE(out.find(", 2 threads,"), std::string::npos) << out;
    ASSERT_EQ(pconv_test::runCommand(train + " --threads=1", out), 0) << out;
    EXPECT_NE(out.find(", 1 threads,"), std::string::npos) << out;
    // Before the subcommand, as before.
    ASSERT_EQ(pconv_test::runCommand(pconv_test::toolPath() + " --threads 2 train --data " + dir + "/data --out " + dir +
                                     "/o2 --image_size 32 --layers 3 --width 4 --batch_size 2 --steps 1 --quiet", out), 0)
        << out;
    EXPECT_NE(out.find(", 2 threads,"), std::string::npos) << out;
    EXPECT_EQ(pconv_test::runCommand(train + " --threads 0", out), 2) << out;
    EXPECT_NE(out.find("--threads must be >= 1"), std::string::npos) << out;
    // Other subcommands too.
    EXPECT_EQ(pconv_test::runCommand(pconv_test::toolPath() + " export --checkpoint " + dir + "/o/last.ckpt --output " +
                                     dir + "/m.onnx --threads 1", out), 0) << out;
    // An unknown option after the subcommand is still refused.
    EXPECT_EQ(pconv_test::runCommand(train + " --thread 2", out), 2) << out;
    EXPECT_NE(out.find("--thread"), std::string::npos) << out;
}

} // namespace cli_options_test
