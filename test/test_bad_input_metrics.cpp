// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

// Rows of doc/bad_input.md for the realism and perceptual metrics (realism.hpp, perceptual.hpp).

#include "test_precomp.hpp"
#include "bad_input_matrix.hpp"
#include "pconv_onnx_builder.hpp"

#include <fstream>

namespace opencv_test_inpainting {
namespace {

using namespace cv;
namespace pb = pconv_builder;

const Size kSize(24, 20);
const Rect kHole(6, 5, 9, 8);

// A 3-output 1x1 convolution with every weight `w` and every bias `b`, then `op` (if any).
std::string writeNet(const std::string& path, float w, float b, const std::string& op)
{
    pb::writeBytes(path, pb::serialize(pb::featureModel(Mat(3, 3, CV_32F, Scalar(w)), Mat(1, 3, CV_32F, Scalar(b)), 8, op, false)));
    return path;
}

// A network of vectors, not images: input (1, 10) -> Gemm -> (1, 2).
std::string writeVectorNet(const std::string& path)
{
    onnx::ModelProto model = pb::emptyModel();
    onnx::GraphProto* g = model.mutable_graph();
    pb::addValueInfo(g->mutable_input(), "x", { 1, 10 });
    const std::vector<float> w(20, 0.1f);
    pb::addFloatInitializer(g, "w", { 10, 2 }, w.data(), w.size());
    onnx::NodeProto* mm = g->add_node();
    mm->set_op_type("MatMul");
    mm->set_name("mm");
    mm->add_input("x");
    mm->add_input("w");
    mm->add_output("y");
    pb::addValueInfo(g->mutable_output(), "y", { 1, 2 });
    pb::writeBytes(path, pb::serialize(model));
    return path;
}

Mat texture(Size size, int type)
{
    Mat m(size, type);
    randu(m, Scalar::all(0), Scalar::all(CV_MAT_DEPTH(type) == CV_32F ? 1 : 200));
    return m;
}

BadInputRegistrar gradientRatioRow("gradientRatio", {
    { "empty", [](const std::string&) {
        const Mat a = texture(kSize, CV_8UC3), mask = holeMask(kSize, kHole);
        expectError([&] { inpainting::gradientRatio(Mat(), a, mask); }, { "gradientRatio: 'result' is empty" });
        expectError([&] { inpainting::gradientRatio(a, a, Mat()); }, { "'mask' is empty" });
    } },
    { "size", [](const std::string&) {
        const Mat a = texture(kSize, CV_8UC3);
        expectError([&] { inpainting::gradientRatio(a, texture(Size(23, 20), CV_8UC3), holeMask(kSize, kHole)); },
                    { "same size and type" });
    } },
    { "depth", [](const std::string&) {
        const Mat d = Mat::zeros(kSize, CV_64FC3);
        expectError([&] { inpainting::gradientRatio(d, d, holeMask(kSize, kHole)); }, { "'truth' must be CV_8U, CV_16U or CV_32F" });
    } },
    { "channels", [](const std::string&) {
        const Mat two = Mat::zeros(kSize, CV_8UC2);
        expectError([&] { inpainting::gradientRatio(two, two, holeMask(kSize, kHole)); }, { "'truth' must have 1, 3 or 4 channels" });
    } },
    { "NaN/Inf", [](const std::string&) {
        const Mat good = texture(kSize, CV_32FC3);
        Mat bad = good.clone();
        bad.at<Vec3f>(kHole.y, kHole.x)[1] = std::numeric_limits<float>::quiet_NaN();
        expectError([&] { inpainting::gradientRatio(bad, good, holeMask(kSize, kHole)); }, { "'result' contains NaN or Inf" });
    } },
    { "no-hole", [](const std::string&) {
        const Mat a = texture(kSize, CV_8UC3);
        EXPECT_TRUE(std::isnan(inpainting::gradientRatio(a, a, Mat::zeros(kSize, CV_8UC1))));
    } },
    { "1x1", [](const std::string&) {
        // A single pixel has no gradient: undefined, not a crash.
        const Mat a(1, 1, CV_8UC3, Scalar(1, 2, 3));
        EXPECT_TRUE(std::isnan(inpainting::gradientRatio(a, a, Mat(1, 1, CV_8UC1, Scalar(255)))));
    } },
});

BadInputRegistrar detailErrorRow("detailError", {
    { "empty", [](const std::string&) {
        const Mat a = texture(kSize, CV_8UC3), mask = holeMask(kSize, kHole);
        expectError([&] { inpainting::detailError(Mat(), a, mask); }, { "detailError: 'result' is empty" });
        expectError([&] { inpainting::detailError(a, a, Mat()); }, { "'mask' is empty" });
    } },
    { "size", [](const std::string&) {
        const Mat a = texture(kSize, CV_8UC3);
        expectError([&] { inpainting::detailError(a, texture(Size(23, 20), CV_8UC3), holeMask(kSize, kHole)); },
                    { "same size and type" });
    } },
    { "depth", [](const std::string&) {
        const Mat d = Mat::zeros(kSize, CV_64FC3);
        expectError([&] { inpainting::detailError(d, d, holeMask(kSize, kHole)); }, { "'truth' must be CV_8U, CV_16U or CV_32F" });
    } },
    { "channels", [](const std::string&) {
        const Mat two = Mat::zeros(kSize, CV_8UC2);
        expectError([&] { inpainting::detailError(two, two, holeMask(kSize, kHole)); }, { "'truth' must have 1, 3 or 4 channels" });
    } },
    { "NaN/Inf", [](const std::string&) {
        const Mat good = texture(kSize, CV_32FC3);
        Mat bad = good.clone();
        bad.at<Vec3f>(kHole.y, kHole.x)[1] = std::numeric_limits<float>::infinity();
        expectError([&] { inpainting::detailError(bad, good, holeMask(kSize, kHole)); }, { "'result' contains NaN or Inf" });
    } },
    { "no-hole", [](const std::string&) {
        const Mat a = texture(kSize, CV_8UC3);
        EXPECT_TRUE(std::isnan(inpainting::detailError(a, a, Mat::zeros(kSize, CV_8UC1))));
    } },
    { "1x1", [](const std::string&) {
        const Mat a(1, 1, CV_8UC3, Scalar(1, 2, 3));
        EXPECT_TRUE(std::isnan(inpainting::detailError(a, a, Mat(1, 1, CV_8UC1, Scalar(255)))));
    } },
    { "bad value", [](const std::string&) {
        const Mat a = texture(kSize, CV_8UC3), mask = holeMask(kSize, kHole);
        for (double bad : { 0.0, 0.49, 64.5, -1.0, std::numeric_limits<double>::quiet_NaN() })
            expectError([&] { inpainting::detailError(a, a, mask, bad); }, { "'sigma' must be in [0.5, 64]" });
    } },
});

BadInputRegistrar swdRow("SlicedWassersteinDistance", {
    { "empty", [](const std::string&) {
        Ptr<inpainting::SlicedWassersteinDistance> swd = inpainting::SlicedWassersteinDistance::create();
        const Mat a = texture(kSize, CV_8UC3);
        expectError([&] { swd->add(Mat(), a, holeMask(kSize, kHole)); }, { "SlicedWassersteinDistance::add: 'result' is empty" });
        EXPECT_TRUE(std::isnan(swd->getDistance())); // nothing added
    } },
    { "size", [](const std::string&) {
        Ptr<inpainting::SlicedWassersteinDistance> swd = inpainting::SlicedWassersteinDistance::create();
        const Mat a = texture(kSize, CV_8UC3);
        expectError([&] { swd->add(a, a, holeMask(Size(24, 19), kHole)); }, { "'mask' is 24x19" });
    } },
    { "channels", [](const std::string&) {
        Ptr<inpainting::SlicedWassersteinDistance> swd = inpainting::SlicedWassersteinDistance::create();
        const Mat gray = texture(kSize, CV_8UC1), colour = texture(kSize, CV_8UC3);
        swd->add(gray, gray, holeMask(kSize, kHole));
        expectError([&] { swd->add(colour, colour, holeMask(kSize, kHole)); }, { "'truth' has 3 colour channels" });
    } },
    { "NaN/Inf", [](const std::string&) {
        Ptr<inpainting::SlicedWassersteinDistance> swd = inpainting::SlicedWassersteinDistance::create();
        const Mat good = texture(kSize, CV_32FC1);
        Mat bad = good.clone();
        bad.at<float>(0, 0) = std::numeric_limits<float>::infinity();
        expectError([&] { swd->add(good, bad, holeMask(kSize, kHole)); }, { "'truth' contains NaN or Inf" });
    } },
    { "no-hole", [](const std::string&) {
        Ptr<inpainting::SlicedWassersteinDistance> swd = inpainting::SlicedWassersteinDistance::create();
        const Mat a = texture(kSize, CV_8UC3);
        swd->add(a, a, Mat::zeros(kSize, CV_8UC1));
        EXPECT_EQ(swd->getCount(), 0);
        EXPECT_TRUE(std::isnan(swd->getDistance()));
    } },
    { "1x1", [](const std::string&) {
        Ptr<inpainting::SlicedWassersteinDistance> swd = inpainting::SlicedWassersteinDistance::create();
        const Mat a(1, 1, CV_8UC3, Scalar(1, 2, 3)), b(1, 1, CV_8UC3, Scalar(9, 2, 3));
        swd->add(a, b, Mat(1, 1, CV_8UC1, Scalar(255)));
        EXPECT_EQ(swd->getLevelDistances().size(), 4u);
        EXPECT_TRUE(std::isfinite(swd->getDistance()));
    } },
    { "bad value", [](const std::string&) {
        expectError([&] { inpainting::SlicedWassersteinDistance::create(0, -1); }, { "'descriptorsPerImage'" });
        Ptr<inpainting::SlicedWassersteinDistance> swd = inpainting::SlicedWassersteinDistance::create();
        expectError([&] { swd->setLevels(9); }, { "'levels' must be in [1, 8]" });
        expectError([&] { swd->setPatchSize(8); }, { "'patchSize' must be odd" });
        expectError([&] { swd->setPatchSize(17); }, { "'patchSize' must be in [3, 15]" });
        expectError([&] { swd->setDirections(8193); }, { "'directions'" });
        expectError([&] { swd->setRepeats(0); }, { "'repeats'" });
    } },
});

BadInputRegistrar featureNetworkRow("FeatureNetwork::create", {
    { "empty", [](const std::string& dir) {
        expectError([&] { inpainting::FeatureNetwork::create(""); }, { "'model' is empty" });
        std::ofstream(dir + "/empty.onnx").close();
        expectError([&] { inpainting::FeatureNetwork::create(dir + "/empty.onnx"); }, { "cannot read", "empty.onnx" });
    } },
    { "bad model", [](const std::string& dir) {
        { std::ofstream(dir + "/garbage.onnx") << "this is not a network"; }
        expectError([&] { inpainting::FeatureNetwork::create(dir + "/garbage.onnx"); }, { "cannot read", "garbage.onnx" });
        const std::string vectors = writeVectorNet(dir + "/vectors.onnx");
        expectError([&] { inpainting::FeatureNetwork::create(vectors); }, { "vectors.onnx", "does not run on a 1x3x64x64 image" });
        // sqrt of a negative constant: the output holds NaN, which no metric can use.
        const std::string nan = writeNet(dir + "/nan.onnx", 0.f, -1.f, "Sqrt");
        expectError([&] { inpainting::FeatureNetwork::create(nan, Size(8, 8)); }, { "nan.onnx", "NaN or Inf" });
    } },
    { "missing file", [](const std::string& dir) {
        expectError([&] { inpainting::FeatureNetwork::create(dir + "/missing.onnx"); }, { "model file", "missing.onnx", "not found" });
        expectError([&] { inpainting::FeatureNetwork::create(dir); }, { "not found" }); // a folder
    } },
    { "bad value", [](const std::string& dir) {
        const std::string ok = writeNet(dir + "/ok.onnx", 0.5f, 0.f, "Relu");
        expectError([&] { inpainting::FeatureNetwork::create(ok, Size(8, 8), 3); }, { "'normalization'" });
        expectError([&] { inpainting::FeatureNetwork::create(ok, Size(8, 0)); }, { "'inputSize'" });
        Ptr<inpainting::FeatureNetwork> net = inpainting::FeatureNetwork::create(ok, Size(8, 8));
        expectError([&] { net->setStd(Scalar(1, 0, 1)); }, { "'std'", "> 0" });
        expectError([&] { net->setOutputNames({ "nope" }); }, { "no layer named 'nope'" });
    } },
});

BadInputRegistrar featureComputeRow("FeatureNetwork::computeOutputs", {
    { "empty", [](const std::string& dir) {
        Ptr<inpainting::FeatureNetwork> net = inpainting::FeatureNetwork::create(writeNet(dir + "/n.onnx", 0.5f, 0.f, ""), Size(8, 8));
        std::vector<Mat> out;
        expectError([&] { net->computeOutputs(Mat(), out); }, { "'image' is empty" });
    } },
    { "depth", [](const std::string& dir) {
        Ptr<inpainting::FeatureNetwork> net = inpainting::FeatureNetwork::create(writeNet(dir + "/n.onnx", 0.5f, 0.f, ""), Size(8, 8));
        std::vector<Mat> out;
        expectError([&] { net->computeOutputs(Mat::zeros(8, 8, CV_64FC3), out); }, { "'image' must be CV_8U, CV_16U or CV_32F" });
    } },
    { "channels", [](const std::string& dir) {
        Ptr<inpainting::FeatureNetwork> net = inpainting::FeatureNetwork::create(writeNet(dir + "/n.onnx", 0.5f, 0.f, ""), Size(8, 8));
        std::vector<Mat> gray, bgra;
        net->computeOutputs(Mat(8, 8, CV_8UC1, Scalar(100)), gray); // gray: repeated to RGB
        net->computeOutputs(Mat(8, 8, CV_8UC4, Scalar(100, 100, 100, 7)), bgra); // alpha dropped
        EXPECT_EQ(norm(gray[0], bgra[0], NORM_INF), 0.0);
        expectError([&] { net->computeOutputs(Mat::zeros(8, 8, CV_8UC2), gray); }, { "'image' must have 1, 3 or 4 channels" });
    } },
    { "NaN/Inf", [](const std::string& dir) {
        Ptr<inpainting::FeatureNetwork> net = inpainting::FeatureNetwork::create(writeNet(dir + "/n.onnx", 0.5f, 0.f, ""), Size(8, 8));
        Mat bad(8, 8, CV_32FC3, Scalar::all(0.5));
        bad.at<Vec3f>(1, 1)[0] = std::numeric_limits<float>::quiet_NaN();
        std::vector<Mat> out;
        expectError([&] { net->computeOutputs(bad, out); }, { "'image' contains NaN or Inf" });
    } },
    { "1x1", [](const std::string& dir) {
        Ptr<inpainting::FeatureNetwork> net = inpainting::FeatureNetwork::create(writeNet(dir + "/n.onnx", 0.5f, 0.f, ""), Size(8, 8));
        std::vector<Mat> out;
        net->computeOutputs(Mat(1, 1, CV_8UC3, Scalar(10, 20, 30)), out); // resized to the input size
        ASSERT_EQ(out.size(), 1u);
        EXPECT_EQ(out[0].total(), 3u * 8 * 8);
    } },
});

BadInputRegistrar frechetRow("frechetDistance", {
    { "empty", [](const std::string&) {
        expectError([&] { inpainting::frechetDistance(Mat(), Mat::zeros(3, 2, CV_32F)); }, { "'features1' is empty" });
    } },
    { "size", [](const std::string&) {
        expectError([&] { inpainting::frechetDistance(Mat::zeros(3, 2, CV_32F), Mat::zeros(3, 5, CV_32F)); },
                    { "'features1' has 2 dimensions and 'features2' 5" });
        // One vector: no covariance, NaN with a warning (documented), not an exception.
        EXPECT_TRUE(std::isnan(inpainting::frechetDistance(Mat::zeros(1, 2, CV_32F), Mat::zeros(3, 2, CV_32F))));
    } },
    { "depth", [](const std::string&) {
        expectError([&] { inpainting::frechetDistance(Mat::zeros(3, 2, CV_8U), Mat::zeros(3, 2, CV_32F)); },
                    { "'features1' must be a 2-D CV_32FC1 or CV_64FC1 matrix" });
    } },
    { "channels", [](const std::string&) {
        expectError([&] { inpainting::frechetDistance(Mat::zeros(3, 2, CV_32F), Mat::zeros(3, 2, CV_32FC2)); },
                    { "'features2' must be a 2-D CV_32FC1" });
    } },
    { "NaN/Inf", [](const std::string&) {
        Mat bad = Mat::zeros(3, 2, CV_64F);
        bad.at<double>(2, 1) = std::numeric_limits<double>::infinity();
        expectError([&] { inpainting::frechetDistance(Mat::zeros(3, 2, CV_64F), bad); }, { "'features2' holds NaN or Inf" });
    } },
});

BadInputRegistrar perceptualRow("perceptualDistance", {
    { "empty", [](const std::string& dir) {
        const Mat a(8, 8, CV_8UC3, Scalar::all(3));
        expectError([&] { inpainting::perceptualDistance(Ptr<inpainting::FeatureNetwork>(), a, a); }, { "'network' is empty" });
        Ptr<inpainting::FeatureNetwork> net = inpainting::FeatureNetwork::create(writeNet(dir + "/n.onnx", 0.5f, 0.f, ""), Size(8, 8));
        expectError([&] { inpainting::perceptualDistance(net, Mat(), a); }, { "perceptualDistance: 'result' is empty" });
    } },
    { "size", [](const std::string& dir) {
        Ptr<inpainting::FeatureNetwork> net = inpainting::FeatureNetwork::create(writeNet(dir + "/n.onnx", 0.5f, 0.f, ""), Size(8, 8));
        expectError([&] { inpainting::perceptualDistance(net, Mat(8, 8, CV_8UC3), Mat(9, 8, CV_8UC3)); }, { "same size and type" });
    } },
});

} // namespace
} // namespace opencv_test_inpainting
