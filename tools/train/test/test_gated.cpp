// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

// --conv gated: the gated layer by hand, the U-Net ignoring the hole's content, a short run whose
// export holds standard ONNX operators only and which OpenCV DNN (no custom layer) computes as
// LibTorch does, within 1/255 of `pconv_train infer` after compositing; gated and partial
// checkpoints refused where the other kind is expected.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>

#include <onnx/onnx_pb.h>
#include <opencv2/dnn.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "checkpoint.hpp"
#include "commands.hpp"
#include "model.hpp"
#include "train_test_utils.hpp"
#include "util.hpp"

namespace gated_test {

using namespace pconv;

TEST(Inpainting_TrainGated, gated_layer_by_hand)
{
    // 1x1 kernel, one input and one output channel: features = w x + b, gate = gw x + gb.
    GatedConv2d layer(1, 1, 1, 1, true);
    {
        torch::NoGradGuard g;
        layer->weight.fill_(2.0);
        layer->bias.fill_(-1.0);
        layer->gateWeight.fill_(0.5);
        layer->gateBias.fill_(0.25);
    }
    const torch::Tensor x = torch::tensor({0.0, 1.0, -2.0}).view({1, 1, 1, 3});
    const torch::Tensor f = layer->features(x), g = layer->gate(x);
    const double expectF[] = {-1.0, 1.0, -5.0}, expectG[] = {0.25, 0.75, -0.75};
    for (int i = 0; i < 3; i++)
    {
        EXPECT_NEAR(f[0][0][0][i].item<double>(), expectF[i], 1e-6);
        EXPECT_NEAR(g[0][0][0][i].item<double>(), expectG[i], 1e-6);
    }
    // The output layer has no gate.
    GatedConv2d plain(1, 1, 1, 1, true, false);
    EXPECT_FALSE(plain->gateWeight.defined());
}

TEST(Inpainting_TrainGated, unet_ignores_the_hole_content)
{
    torch::manual_seed(2);
    NetConfig c;
    c.layers = 3;
    c.width = 4;
    c.gated = true;
    PConvUNet net(c);
    net->eval();
    EXPECT_TRUE(net->enc.empty());
    EXPECT_EQ(net->genc.size(), 3u);
    const torch::Tensor image = torch::rand({2, 3, 32, 32});
    const torch::Tensor mask = (torch::rand({2, 1, 32, 32}) > 0.3).to(torch::kFloat);
    const torch::Tensor other = image * mask + torch::rand({2, 3, 32, 32}) * (1 - mask);
    torch::NoGradGuard g;
    const torch::Tensor a = net->forward(image, mask), b = net->forward(other, mask);
    EXPECT_EQ(a.sizes(), torch::IntArrayRef({2, 3, 32, 32}));
    EXPECT_TRUE(torch::equal(a, b));
}

std::string tool() { return pconv_test::toolPath() + " --threads 1"; }

TEST(Inpainting_TrainGated, export_is_standard_onnx_that_opencv_dnn_runs_like_libtorch)
{
    const std::string dir = pconv_test::makeTempDir("gated_export");
    ASSERT_EQ(pconv_test::writePhotoSet(dir + "/data", 4, 48), 4);
    std::string out;
    // A few steps so that the BatchNorm statistics are not the initial ones.
    ASSERT_EQ(pconv_test::runCommand(tool() + " train --conv gated --data " + dir + "/data --out " + dir +
                                     "/o --image_size 32 --layers 3 --width 4 --batch_size 2 --steps 3 --quiet "
                                     "--learning_rate 0.01", out), 0) << out;
    EXPECT_NE(out.find("gated convolutions"), std::string::npos) << out;
    const std::string ckpt = dir + "/o/last.ckpt";
    CheckpointInfo info;
    PConvUNet model = loadModel(ckpt, &info);
    EXPECT_TRUE(info.net.gated);
    ASSERT_EQ(pconv_test::runCommand(tool() + " export --checkpoint " + ckpt + " --output " + dir + "/g.onnx", out), 0)
        << out;

    onnx::ModelProto m;
    {
        std::ifstream f(dir + "/g.onnx", std::ios::binary);
        ASSERT_TRUE(m.ParseFromIstream(&f));
    }
    const std::set<std::string> standard{"Conv", "Sigmoid", "Mul", "Relu", "LeakyRelu", "Resize", "Concat"};
    std::set<std::string> used;
    for (const auto& n : m.graph().node())
    {
        EXPECT_TRUE(n.domain().empty()) << n.name() << " is in domain " << n.domain();
        EXPECT_TRUE(standard.count(n.op_type())) << n.op_type();
        used.insert(n.op_type());
    }
    EXPECT_EQ(used, standard);
    for (const auto& o : m.opset_import())
        EXPECT_TRUE(o.domain().empty()) << o.domain();
    std::map<std::string, std::string> meta;
    for (const auto& e : m.metadata_props())
        meta[e.key()] = e.value();
    EXPECT_EQ(meta["inpainting.conv"], "gated");
    EXPECT_EQ(meta["inpainting.layers"], "3");

    // OpenCV DNN, no custom layer registered in this program for these ops: its forward equals LibTorch's.
    cv::dnn::Net net = cv::dnn::readNetFromONNX(dir + "/g.onnx");
    cv::Mat img = cv::imread(dir + "/data/photo0.png");
    img = img(cv::Rect(0, 0, 32, 32)).clone();
    cv::Mat hole = cv::Mat::zeros(32, 32, CV_8UC1);
    cv::rectangle(hole, cv::Rect(8, 6, 14, 12), cv::Scalar(255), cv::FILLED);
    net.setInput(cv::dnn::blobFromImage(img, 1.0 / 255), "image");
    cv::Mat valid = hole == 0;
    net.setInput(cv::dnn::blobFromImage(valid, 1.0 / 255), "mask");
    cv::Mat blob = net.forward("output");
    cv::Mat raw = forwardRaw(model, img, hole);   // 32F BGR HxW
    ASSERT_EQ(blob.size[1], 3);
    std::vector<cv::Mat> planes(3);
    for (int c = 0; c < 3; c++)
        planes[c] = cv::Mat(32, 32, CV_32F, blob.ptr<float>(0, c));
    cv::Mat dnnOut;
    cv::merge(planes, dnnOut);
    EXPECT_LT(cv::norm(dnnOut, raw, cv::NORM_INF), 1e-4);

    // Parity at the training size with `pconv_train infer`: the DNN fill composited over the known
    // pixels, 8-bit, within 1/255.
    cv::imwrite(dir + "/img.png", img);
    cv::imwrite(dir + "/hole.png", hole);
    ASSERT_EQ(pconv_test::runCommand(tool() + " infer --checkpoint " + ckpt + " --image " + dir + "/img.png --mask " +
                                     dir + "/hole.png --output " + dir + "/res.png", out), 0) << out;
    cv::Mat res = cv::imread(dir + "/res.png"), fill8, comp = img.clone();
    dnnOut.convertTo(fill8, CV_8U, 255.0);
    fill8.copyTo(comp, hole);
    EXPECT_LE(cv::norm(res, comp, cv::NORM_INF), 1.0);
    EXPECT_GT(cv::norm(res, img, cv::NORM_L1), 0.0);
}

TEST(Inpainting_TrainGated, checkpoint_kinds_are_not_mixed)
{
    const std::string dir = pconv_test::makeTempDir("gated_mixed");
    ASSERT_EQ(pconv_test::writePhotoSet(dir + "/data", 3, 40), 3);
    const std::string base = tool() + " train --data " + dir + "/data --image_size 32 --layers 3 --width 4 "
                                      "--batch_size 2 --quiet ";
    std::string out;
    ASSERT_EQ(pconv_test::runCommand(base + "--steps 1 --out " + dir + "/p", out), 0) << out;
    ASSERT_EQ(pconv_test::runCommand(base + "--steps 1 --out " + dir + "/g --conv gated", out), 0) << out;
    struct Case { std::string args, expect; };
    const std::vector<Case> cases = {
        {"--out " + dir + "/p --resume --steps 2 --conv gated",
         "holds a partial-convolution net; the flags ask for gated convolutions (--conv partial to continue it)"},
        {"--out " + dir + "/g --resume --steps 2",
         "holds a gated-convolution net; the flags ask for partial convolutions (--conv gated to continue it)"},
        {"--steps 1 --out " + dir + "/x --init " + dir + "/p/last.ckpt --conv gated",
         "--init: '" + dir + "/p/last.ckpt' holds a partial-convolution net; the flags ask for gated"},
        {"--steps 1 --out " + dir + "/y --init " + dir + "/g/last.ckpt", "holds a gated-convolution net; the flags ask for partial"},
        {"--out " + dir + "/z --conv bogus", "--conv"},
    };
    for (const Case& c : cases)
    {
        EXPECT_EQ(pconv_test::runCommand(base + c.args, out), 2) << c.args << "\n" << out;
        EXPECT_NE(out.find(c.expect), std::string::npos) << c.args << "\n" << out;
    }
    EXPECT_EQ(pconv_test::runCommand(tool() + " export --half --checkpoint " + dir + "/g/last.ckpt --output " + dir +
                                     "/g.onnx", out), 2) << out;
    EXPECT_NE(out.find("a gated model is exported in float"), std::string::npos) << out;
    EXPECT_FALSE(std::filesystem::exists(dir + "/g.onnx"));
}

} // namespace gated_test
