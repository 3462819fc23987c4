// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

// The parity proof, end to end through the programs a user runs: a tiny model trained for
// a few steps by `pconv_train train`, exported by `pconv_train export`, then the same image and
// mask through `pconv_train infer` (LibTorch) and through cv::inpainting::PartialConvInpainter
// (OpenCV DNN with the fused layer, whole-image strategy, no rescale): the 8-bit outputs agree
// within 1/255.

#include <gtest/gtest.h>

#include <filesystem>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/inpainting/masks.hpp>
#include <opencv2/inpainting/partial_conv.hpp>

#include "train_test_utils.hpp"

namespace {

using pconv_test::runCommand;

std::string parityTool() { return pconv_test::toolPath() + " --threads 1"; }

// Runs both paths on `img` + `hole` and returns the largest 8-bit difference (-1 on failure).
double parityDiff(const std::string& dir, const std::string& tag, const std::string& model, const cv::Mat& img,
                  const cv::Mat& hole)
{
    const std::string imgPath = dir + "/" + tag + "_img.png", maskPath = dir + "/" + tag + "_mask.png";
    const std::string outPath = dir + "/" + tag + "_torch.png";
    EXPECT_TRUE(cv::imwrite(imgPath, img));
    EXPECT_TRUE(cv::imwrite(maskPath, hole));
    std::string out;
    EXPECT_EQ(runCommand(parityTool() + " infer --checkpoint " + dir + "/run/last.ckpt --image " + imgPath +
                         " --mask " + maskPath + " --output " + outPath, out), 0) << out;
    cv::Mat torchOut = cv::imread(outPath, cv::IMREAD_COLOR);
    if (torchOut.empty())
        return -1;

    cv::Ptr<cv::inpainting::PartialConvInpainter> inp = cv::inpainting::PartialConvInpainter::create(model);
    inp->setStrategy(cv::inpainting::PCONV_STRATEGY_WHOLE);
    // The network against the network: no reduced-scale run for thick holes, no diffusion of thin
    // hole parts after it (the library's post-network policies; `infer` has neither).
    inp->setHoleThickness(0);
    inp->setThinHoleWidth(0);
    EXPECT_GE(inp->getWorkingSize(), std::max(img.rows, img.cols)) << "the image would be rescaled";
    cv::Mat cvOut;
    inp->apply(img, hole, cvOut);
    EXPECT_EQ(cvOut.size(), img.size());
    EXPECT_EQ(cvOut.type(), img.type());
    // Both filled the hole with something other than what it held, and kept the known pixels.
    EXPECT_GT(cv::norm(cvOut, img, cv::NORM_L1), 0.0);
    cv::Mat d;
    cv::absdiff(torchOut, img, d);
    d.setTo(cv::Scalar::all(0), hole);
    EXPECT_EQ(cv::norm(d, cv::NORM_INF), 0.0) << "infer changed a known pixel";
    return cv::norm(torchOut, cvOut, cv::NORM_INF);
}

/** Trains a small net (`extraFlags` picks the convolution) for a few steps at a high learning rate,
so the weights and BatchNorm statistics move well away from their initial values and the export has
real folding and biases to get right; exports it to <dir>/<name>.onnx and expects OpenCV's fill of
`photoName` to equal `pconv_train infer`'s within 1/255, at the training size (a multiple of
2^layers: no padding) and at a size that both sides must pad (70x60 -> 80x64), with masks of the
module's generator (seeds seedBase+1..3). */
void expectParityAfterTraining(const std::string& dir, const std::string& extraFlags, const std::string& name,
                               const std::string& photoName, cv::Point corner, int seedBase)
{
    ASSERT_EQ(pconv_test::writePhotoSet(dir + "/train", 6, 80), 6);
    std::string out;
    ASSERT_EQ(runCommand(parityTool() + " train " + extraFlags + " --data " + dir + "/train --out " + dir + "/run "
                         "--image_size 64 --layers 4 --width 8 --batch_size 4 --steps 12 --log-every 4 "
                         "--learning_rate 0.002 --resize-min 64 --resize-max 80 --mask-min 0.1 --mask-max 0.4 --seed 3 "
                         "--quiet", out), 0) << out;
    ASSERT_EQ(runCommand(parityTool() + " export --checkpoint " + dir + "/run/last.ckpt --output " + dir + "/" + name +
                         ".onnx", out), 0) << out;
    cv::Mat photo = cv::imread(dir + "/train/" + photoName, cv::IMREAD_COLOR);
    ASSERT_FALSE(photo.empty());
    struct Case { std::string tag; cv::Size size; double lo, hi; int seed; };
    for (const Case& c : {Case{name + "64", cv::Size(64, 64), 0.1, 0.2, seedBase + 1},
                          Case{name + "64big", cv::Size(64, 64), 0.4, 0.5, seedBase + 2},
                          Case{name + "70x60", cv::Size(70, 60), 0.2, 0.3, seedBase + 3}})
    {
        cv::Mat img = photo(cv::Rect(corner, c.size)).clone(), hole;
        cv::inpainting::MaskGenerator::create(cv::inpainting::MASK_MIXED, c.lo, c.hi, c.seed)->generate(img.size(), hole);
        ASSERT_GT(cv::countNonZero(hole), 0);
        const double diff = parityDiff(dir, c.tag.c_str(), dir + "/" + name + ".onnx", img, hole);
        EXPECT_GE(diff, 0.0) << c.tag;
        EXPECT_LE(diff, 1.0) << c.tag << ": 8-bit outputs of OpenCV and LibTorch differ by more than 1/255";
    }
}

TEST(Inpainting_TrainParity, trained_export_opencv_fill_equals_pconv_train_infer)
{
    const std::string dir = pconv_test::makeTempDir("parity");
    ASSERT_NO_FATAL_FAILURE(expectParityAfterTraining(dir, "", "model", "photo1.png", cv::Point(3, 5), 10));
    std::string out;

    // The half export (--half) loads from its path and is about half the float file.
    ASSERT_EQ(runCommand(parityTool() + " export --half --checkpoint " + dir + "/run/last.ckpt --output " + dir +
                         "/model16.onnx", out), 0) << out;
    EXPECT_NE(out.find("float16"), std::string::npos) << out;
    const double f32 = (double)std::filesystem::file_size(dir + "/model.onnx");
    const double f16 = (double)std::filesystem::file_size(dir + "/model16.onnx");
    EXPECT_LT(f16, 0.6 * f32);
    EXPECT_GT(f16, 0.45 * f32);
    cv::Ptr<cv::inpainting::PartialConvInpainter> inp16 = cv::inpainting::PartialConvInpainter::create(dir + "/model16.onnx");
    EXPECT_EQ(inp16->getLayers(), 4);
    EXPECT_EQ(inp16->getTrainSize(), 64);
}

// --conv gated (issue 17): the gated model's export (standard ONNX operators, metadata
// inpainting.conv = gated) through cv::inpainting::PartialConvInpainter equals `pconv_train infer`
// within 1/255, at the training size and at a size both sides pad.
TEST(Inpainting_TrainParity, gated_export_opencv_fill_equals_pconv_train_infer)
{
    const std::string dir = pconv_test::makeTempDir("parity_gated");
    ASSERT_NO_FATAL_FAILURE(expectParityAfterTraining(dir, "--conv gated", "gated", "photo2.png", cv::Point(2, 4), 20));
    cv::Ptr<cv::inpainting::PartialConvInpainter> inp = cv::inpainting::PartialConvInpainter::create(dir + "/gated.onnx");
    EXPECT_EQ(inp->getLayers(), 4);
    EXPECT_EQ(inp->getTrainSize(), 64);
}

} // namespace
