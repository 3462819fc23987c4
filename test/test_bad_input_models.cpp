// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

// Rows of the bad-input matrix (doc/bad_input.md) for the model-based entry points and the
// PatchMatch class: PartialConvInpainter::create / createFromBuffer / apply, registerLayers,
// PatchMatchInpainter::create / apply. The models are built in the test (pconv_onnx_builder.hpp).

#include "test_precomp.hpp"
#include "bad_input_matrix.hpp"
#include "pconv_onnx_builder.hpp"

#include "opencv2/dnn.hpp"

#include <filesystem>
#include <limits>

namespace opencv_test_inpainting {

using namespace cv;
namespace pb = pconv_builder;

namespace {

std::vector<uchar> tinyModel() { return pb::serialize(pb::tinyUNet(2, 2, 11, 32)); }

Ptr<inpainting::PartialConvInpainter> tinyPConv()
{
    return inpainting::PartialConvInpainter::createFromBuffer(tinyModel());
}

std::string bytesOf(const std::vector<uchar>& v) { return std::string(v.begin(), v.end()); }

// ---- the cells every "apply(image, mask, result)" shares ----------------------------------------

using ApplyFn = std::function<void(InputArray, InputArray, OutputArray)>;

const Size kSize(24, 20);
const Rect kHole(8, 6, 7, 5);

std::vector<BadInputCell> applyCells(const std::function<ApplyFn()>& make)
{
    return {
        { "empty", [make](const std::string&) {
            const ApplyFn apply = make();
            Mat out;
            expectError([&] { apply(Mat(), holeMask(kSize, kHole), out); }, { "'image' is empty" });
            expectError([&] { apply(rampImage(kSize, CV_8UC3), Mat(), out); }, { "'mask' is empty" });
        } },
        { "size", [make](const std::string&) {
            const ApplyFn apply = make();
            Mat out;
            expectError([&] { apply(rampImage(kSize, CV_8UC3), holeMask(Size(23, 20), kHole), out); },
                        { "'mask' is 23x20 but 'image' is 24x20" });
        } },
        { "depth", [make](const std::string&) {
            const ApplyFn apply = make();
            Mat out;
            expectError([&] { apply(rampImage(kSize, CV_64FC3), holeMask(kSize, kHole), out); },
                        { "'image' must be CV_8U, CV_16U or CV_32F" });
            Mat mask16;
            holeMask(kSize, kHole).convertTo(mask16, CV_16U);
            expectError([&] { apply(rampImage(kSize, CV_8UC3), mask16, out); }, { "'mask' must be CV_8UC1" });
        } },
        { "channels", [make](const std::string&) {
            const ApplyFn apply = make();
            Mat out;
            expectError([&] { apply(rampImage(kSize, CV_8UC2), holeMask(kSize, kHole), out); },
                        { "'image' must have 1, 3 or 4 channels" });
            Mat mask3;
            cvtColor(holeMask(kSize, kHole), mask3, COLOR_GRAY2BGR);
            expectError([&] { apply(rampImage(kSize, CV_8UC3), mask3, out); }, { "'mask' must be CV_8UC1" });
        } },
        { "NaN/Inf", [make](const std::string&) {
            const ApplyFn apply = make();
            for (float bad : { std::numeric_limits<float>::quiet_NaN(), std::numeric_limits<float>::infinity() })
                for (Point at : { Point(1, 1), Point(kHole.x + 1, kHole.y + 1) }) // known pixel, hole pixel
                {
                    Mat image = rampImage(kSize, CV_32FC3), out;
                    image.at<Vec3f>(at)[1] = bad;
                    expectError([&] { apply(image, holeMask(kSize, kHole), out); }, { "'image' contains NaN or Inf" });
                }
        } },
        { "non-binary mask", [make](const std::string&) {
            const ApplyFn apply = make();
            const Mat image = rampImage(kSize, CV_8UC3), binary = holeMask(kSize, kHole);
            Mat soft = binary / 255 * 7;
            soft.at<uchar>(kHole.y, kHole.x) = 200;
            Mat a, b;
            apply(image, soft, a);
            apply(image, binary, b);
            EXPECT_EQ(maxAbsDiff(a, b), 0.0) << "non-zero must mean hole, whatever the value";
            EXPECT_TRUE(sameKnownPixels(image, a, binary));
        } },
        { "all-hole", [make](const std::string&) {
            const ApplyFn apply = make();
            const Mat image = rampImage(kSize, CV_8UC4);
            Mat out;
            apply(image, Mat(kSize, CV_8UC1, Scalar(255)), out);
            std::vector<Mat> in, res;
            split(image, in);
            split(out, res);
            for (int c = 0; c < 3; c++)
                EXPECT_EQ(countNonZero(res[c] != 128), 0) << "mid-grey expected in channel " << c;
            EXPECT_EQ(maxAbsDiff(in[3], res[3]), 0.0) << "alpha must be copied";
        } },
        { "no-hole", [make](const std::string&) {
            const ApplyFn apply = make();
            for (int type : { CV_8UC1, CV_16UC3, CV_32FC4 })
            {
                const Mat image = rampImage(kSize, type);
                Mat out;
                apply(image, Mat::zeros(kSize, CV_8UC1), out);
                ASSERT_EQ(out.type(), type);
                EXPECT_EQ(maxAbsDiff(image, out), 0.0);
            }
        } },
        { "1x1", [make](const std::string&) {
            const ApplyFn apply = make();
            const Mat one(1, 1, CV_8UC3, Scalar(10, 20, 30));
            Mat out;
            apply(one, Mat::zeros(1, 1, CV_8UC1), out);
            EXPECT_EQ(maxAbsDiff(one, out), 0.0);
            apply(one, Mat(1, 1, CV_8UC1, Scalar(255)), out);
            EXPECT_EQ(out.at<Vec3b>(0, 0), Vec3b(128, 128, 128));
        } },
        { "odd size", [make](const std::string&) {
            const ApplyFn apply = make();
            for (Size s : { Size(13, 7), Size(1, 9), Size(17, 2) })
            {
                const Mat image = rampImage(s, CV_8UC3);
                const Mat mask = holeMask(s, Rect(s.width / 2, s.height / 2, 2, 1));
                Mat out;
                apply(image, mask, out);
                EXPECT_EQ(out.size(), s);
                EXPECT_TRUE(sameKnownPixels(image, out, mask)) << s;
            }
        } },
    };
}

std::vector<BadInputCell> withCells(std::vector<BadInputCell> cells, const std::vector<BadInputCell>& more)
{
    cells.insert(cells.end(), more.begin(), more.end());
    return cells;
}

// ---- PartialConvInpainter ---------------------------------------------------------------------

BadInputRegistrar pconvCreateRow("PartialConvInpainter::create", {
    { "empty", [](const std::string& dir) {
        if (inpainting::detail::defaultModelBytes().empty())
            expectError([] { inpainting::PartialConvInpainter::create(""); }, { "no default model (" });
        else
            EXPECT_FALSE(inpainting::PartialConvInpainter::create("").empty());
        writeBytes(dir + "/empty.onnx", "");
        expectError([&] { inpainting::PartialConvInpainter::create(dir + "/empty.onnx"); },
                    { dir + "/empty.onnx", "the model is empty (0 bytes)" });
    } },
    { "bad model", [](const std::string& dir) {
        const std::vector<uchar> good = tinyModel();
        writeBytes(dir + "/garbage.onnx", "\x08\x07this is not an ONNX model\xff\xfe");
        writeBytes(dir + "/truncated.onnx", bytesOf(good).substr(0, good.size() / 2));
        std::vector<uchar> png;
        imencode(".png", rampImage(kSize, CV_8UC3), png);
        writeBytes(dir + "/photo.onnx", bytesOf(png));
        RNG rng(1);
        pb::PConvSpec s = pb::randomSpec(rng, 2, 3, 3, 3, true);
        writeBytes(dir + "/layer.onnx", bytesOf(pb::serialize(pb::singleLayerModel(s, 1, 8, 8, 1, 6, 6))));
        for (const char* name : { "garbage.onnx", "truncated.onnx", "photo.onnx" })
            expectError([&] { inpainting::PartialConvInpainter::create(dir + "/" + name); }, { name, "inpainting model" });
        expectError([&] { inpainting::PartialConvInpainter::create(dir + "/layer.onnx"); },
                    { "layer.onnx", "must have an input named 'image'" });
    } },
    { "missing file", [](const std::string& dir) {
        expectError([&] { inpainting::PartialConvInpainter::create(dir + "/missing.onnx"); },
                    { "missing.onnx", "cannot open the file" });
    } },
    { "bad value", [](const std::string& dir) {
        expectError([&] { inpainting::PartialConvInpainter::create(dir); }, { "not a regular file" });
    } },
});

BadInputRegistrar pconvBufferRow("PartialConvInpainter::createFromBuffer", {
    { "empty", [](const std::string&) {
        expectError([] { inpainting::PartialConvInpainter::createFromBuffer({}); }, { "the model is empty (0 bytes)" });
    } },
    { "bad model", [](const std::string&) {
        const std::vector<uchar> good = tinyModel();
        std::vector<uchar> corrupt = good;
        for (size_t i = corrupt.size() / 3; i < corrupt.size() / 3 + 16; i++)
            corrupt[i] ^= 0x5a;
        for (const std::vector<uchar>& bad : { std::vector<uchar>(good.begin(), good.begin() + good.size() / 2), corrupt,
                                               std::vector<uchar>(300, 0xff) })
            expectError([&] { inpainting::PartialConvInpainter::createFromBuffer(bad); }, { "inpainting model '<buffer>'" });
    } },
    { "bad value", [](const std::string&) {
        onnx::ModelProto m = pb::tinyUNet(2, 2, 11, 32, false);
        pb::setMetadata(m, "inpainting.layers", "99");
        expectError([&] { inpainting::PartialConvInpainter::createFromBuffer(pb::serialize(m)); },
                    { "metadata 'inpainting.layers' must be an integer in [0, 12]" });
        // The convolution kind (issue 17): an unknown one must not run as a partial-convolution net,
        // and a partial-convolution graph declared gated is refused rather than trusted.
        onnx::ModelProto unknownConv = pb::tinyUNet(2, 2, 11, 32, false);
        pb::setMetadata(unknownConv, "inpainting.conv", "deformable");
        expectError([&] { inpainting::PartialConvInpainter::createFromBuffer(pb::serialize(unknownConv)); },
                    { "metadata 'inpainting.conv' must be 'partial' or 'gated', got 'deformable'" });
        onnx::ModelProto declaredGated = pb::tinyUNet(2, 2, 11, 32, false);
        pb::setMetadata(declaredGated, "inpainting.conv", "gated");
        expectError([&] { inpainting::PartialConvInpainter::createFromBuffer(pb::serialize(declaredGated)); },
                    { "declares 'inpainting.conv' = 'gated' but node", "is a PartialConv2d" });
        onnx::ModelProto declaredPartial = pb::tinyUNet(2, 2, 11, 32, false);
        pb::setMetadata(declaredPartial, "inpainting.conv", "partial");
        EXPECT_NO_THROW(inpainting::PartialConvInpainter::createFromBuffer(pb::serialize(declaredPartial)));
        // A dilation of 65536 (the largest the validator accepts): a window far larger than the
        // image, a clean error (the window arithmetic overflowed int before; fuzz/fuzz_model).
        onnx::ModelProto huge = pb::tinyUNet(2, 2, 11, 32);
        onnx::NodeProto* first = huge.mutable_graph()->mutable_node(0);
        for (onnx::AttributeProto& a : *first->mutable_attribute())
            if (a.name() == "dilations")
                a.set_ints(0, 1 << 16);
        // OpenCV's importer computes the shapes of the declared input at load: refused there.
        expectError([&] {
            Ptr<inpainting::PartialConvInpainter> p = inpainting::PartialConvInpainter::createFromBuffer(pb::serialize(huge));
            Mat out;
            p->apply(rampImage(kSize, CV_8UC3), holeMask(kSize, kHole), out);
        }, { "is smaller than the 5x262145 window" });
    } },
});

BadInputRegistrar pconvApplyRow("PartialConvInpainter::apply", withCells(applyCells([] {
    Ptr<inpainting::PartialConvInpainter> p = tinyPConv();
    return ApplyFn([p](InputArray i, InputArray m, OutputArray r) { p->apply(i, m, r); });
}), {
    { "bad value", [](const std::string&) {
        Ptr<inpainting::PartialConvInpainter> p = tinyPConv();
        expectError([&] { p->setStrategy(2); }, { "'strategy' must be PCONV_STRATEGY_CROPS (0) or PCONV_STRATEGY_WHOLE (1)" });
        expectError([&] { p->setWorkingSize(2); }, { "'size' must be in [4, 16384]" });
        expectError([&] { p->setContext(-1); }, { "'pixels' must be >= 0" });
        expectError([&] { p->setEdgeRefinement(-1); }, { "setEdgeRefinement: 'pixels' must be >= 0 (0 = off)" });
        expectError([&] { p->setThinHoleWidth(-1); }, { "setThinHoleWidth: 'pixels' must be >= 0 (0 = off)" });
        expectError([&] { p->setLayerImplementation(3); }, { "'implementation' must be a PartialConvImplementation" });
    } },
}));

// ---- registerLayers: the fused layer behind any importer, without the model validator -----------

BadInputRegistrar registerLayersRow("registerLayers", {
    { "empty", [](const std::string&) {
        inpainting::registerLayers();
        dnn::LayerParams lp;
        lp.name = "no_weights";
        expectError([&] { dnn::LayerFactory::createLayerInstance("org.opencv.inpainting.PartialConv2d", lp); },
                    { "PartialConv2d 'no_weights'", "no blobs given" });
    } },
    { "bad model", [](const std::string&) {
        inpainting::registerLayers();
        // A PartialConv2d whose bias is too short, read by OpenCV's own importer (no validator).
        RNG rng(2);
        pb::PConvSpec s = pb::randomSpec(rng, 3, 2, 3, 3, false);
        onnx::ModelProto m = pb::singleLayerModel(s, 1, 8, 8, 1, 6, 6);
        const float bias[] = { 0.5f, 0.25f };
        pb::addFloatInitializer(m.mutable_graph(), "pconv.bias", { 2 }, bias, 2);
        m.mutable_graph()->mutable_node(0)->add_input("pconv.bias");
        const std::vector<uchar> bytes = pb::serialize(m);
        expectError([&] { dnn::readNetFromONNX(reinterpret_cast<const char*>(bytes.data()), bytes.size()); },
                    { "bias B must have 3 values" });
    } },
    { "bad value", [](const std::string&) {
        inpainting::registerLayers();
        dnn::LayerParams lp;
        lp.name = "huge";
        const int shape[] = { 1, 1, 3, 3 };
        lp.blobs.push_back(Mat(4, shape, CV_32F, Scalar(1)));
        const int dilation[] = { 1, 31 << 26 };
        lp.set("dilation", dnn::DictValue::arrayInt(dilation, 2));
        expectError([&] { dnn::LayerFactory::createLayerInstance("org.opencv.inpainting.PartialConv2d", lp); },
                    { "attribute 'dilation' must be in [1, 65536]" });
        const int groups[] = { 1, 0 };
        lp.set("dilation", dnn::DictValue::arrayInt(shape, 2));
        lp.set("mask_channel_groups", dnn::DictValue::arrayInt(groups, 2));
        expectError([&] { dnn::LayerFactory::createLayerInstance("org.opencv.inpainting.PartialConv2d", lp); },
                    { "mask_channel_groups must be positive" });
    } },
});

// ---- PatchMatchInpainter ----------------------------------------------------------------------

BadInputRegistrar patchMatchCreateRow("PatchMatchInpainter::create", {
    { "bad value", [](const std::string&) {
        for (int patch : { 0, 1, 2, 4, 33, -3 })
            expectError([&] { inpainting::PatchMatchInpainter::create(patch); }, { "'patchSize' must be odd and in [3, 31]" });
        for (int iterations : { 0, -1, 101 })
            expectError([&] { inpainting::PatchMatchInpainter::create(7, iterations); }, { "'iterations' must be in [1, 100]" });
        EXPECT_NO_THROW(inpainting::PatchMatchInpainter::create(7, 1, INT_MIN)); // any seed
    } },
});

BadInputRegistrar patchMatchApplyRow("PatchMatchInpainter::apply", applyCells([] {
    Ptr<inpainting::PatchMatchInpainter> p = inpainting::PatchMatchInpainter::create(5, 2, 1);
    return ApplyFn([p](InputArray i, InputArray m, OutputArray r) { p->apply(i, m, r); });
}));

// ---- CriminisiInpainter ----------------------------------------------------------------------

BadInputRegistrar criminisiCreateRow("CriminisiInpainter::create", {
    { "bad value", [](const std::string&) {
        for (int patch : { 0, 1, 2, 4, 33, -3 })
            expectError([&] { inpainting::CriminisiInpainter::create(patch); }, { "'patchSize' must be odd and in [3, 31]" });
        for (int radius : { -1, -100, INT_MIN })
            expectError([&] { inpainting::CriminisiInpainter::create(9, radius); },
                        { "'searchRadius' must be >= 1, or 0 for the whole image" });
        Ptr<inpainting::CriminisiInpainter> c = inpainting::CriminisiInpainter::create();
        expectError([&] { c->setPatchSize(8); }, { "'patchSize' must be odd and in [3, 31]" });
        expectError([&] { c->setSearchRadius(-2); }, { "'searchRadius' must be >= 1" });
        EXPECT_EQ(c->getPatchSize(), 9); // a refused value leaves the setting as it was
        EXPECT_NO_THROW(inpainting::CriminisiInpainter::create(3, 0)); // 0 = the whole image
    } },
});

BadInputRegistrar criminisiApplyRow("CriminisiInpainter::apply", applyCells([] {
    Ptr<inpainting::CriminisiInpainter> p = inpainting::CriminisiInpainter::create(5, 8);
    return ApplyFn([p](InputArray i, InputArray m, OutputArray r) { p->apply(i, m, r); });
}));

// ---- PconvPatchInpainter ----------------------------------------------------------------------

Ptr<inpainting::PconvPatchInpainter> tinyPconvPatch()
{
    const std::string path = makeTempDir("pconv_patch_row") + "/tiny.onnx";
    writeBytes(path, bytesOf(tinyModel()));
    return inpainting::PconvPatchInpainter::create(path);
}

BadInputRegistrar pconvPatchCreateRow("PconvPatchInpainter::create", {
    { "empty", [](const std::string&) {
        if (inpainting::detail::defaultModelBytes().empty())
            expectError([] { inpainting::PconvPatchInpainter::create(""); }, { "no default model (" });
        else
            EXPECT_FALSE(inpainting::PconvPatchInpainter::create("").empty());
    } },
    { "bad model", [](const std::string& dir) {
        writeBytes(dir + "/garbage.onnx", "\x08\x07this is not an ONNX model\xff\xfe");
        expectError([&] { inpainting::PconvPatchInpainter::create(dir + "/garbage.onnx"); }, { "garbage.onnx", "inpainting model" });
    } },
    { "missing file", [](const std::string& dir) {
        expectError([&] { inpainting::PconvPatchInpainter::create(dir + "/missing.onnx"); },
                    { "missing.onnx", "cannot open the file" });
    } },
    { "bad value", [](const std::string&) {
        Ptr<inpainting::PconvPatchInpainter> p = tinyPconvPatch();
        for (double w : { -1.0, 101.0, std::numeric_limits<double>::quiet_NaN() })
            expectError([&] { p->setGuidanceWeight(w); }, { "'weight' (guidance weight) must be in [0, 100]" });
        expectError([&] { p->setLevels(0); }, { "'levels' must be in [1, 8]" });
        expectError([&] { p->setPatchSize(4); }, { "'patchSize' must be odd and in [3, 31]" });
        expectError([&] { p->setIterations(0); }, { "'iterations' must be in [1, 100]" });
        expectError([&] { p->setContext(-1); }, { "'pixels' (context) must be >= 0" });
        expectError([&] { p->setStructureSigma(-1); }, { "'sigma' (structure sigma) must be in [0, 100]" });
        for (double sigma : { -0.5, 100.5, std::numeric_limits<double>::quiet_NaN() })
            expectError([&] { p->setGuideSigma(sigma); }, { "'sigma' (guide sigma) must be in [0, 100]" });
        for (double w : { -0.5, 100.5, std::numeric_limits<double>::quiet_NaN() })
            expectError([&] { p->setDetailWeight(w); }, { "'weight' (detail weight) must be in [0, 100]" });
    } },
});

BadInputRegistrar pconvPatchApplyRow("PconvPatchInpainter::apply", applyCells([] {
    Ptr<inpainting::PconvPatchInpainter> p = tinyPconvPatch();
    return ApplyFn([p](InputArray i, InputArray m, OutputArray r) { p->apply(i, m, r); });
}));

} // namespace

TEST(Inpainting_BadInput, PconvPatchInpainter_create) { runBadInputRow("PconvPatchInpainter::create"); }
TEST(Inpainting_BadInput, PconvPatchInpainter_apply) { runBadInputRow("PconvPatchInpainter::apply"); }
TEST(Inpainting_BadInput, PartialConvInpainter_create) { runBadInputRow("PartialConvInpainter::create"); }
TEST(Inpainting_BadInput, PartialConvInpainter_createFromBuffer) { runBadInputRow("PartialConvInpainter::createFromBuffer"); }
TEST(Inpainting_BadInput, PartialConvInpainter_apply) { runBadInputRow("PartialConvInpainter::apply"); }
TEST(Inpainting_BadInput, registerLayers) { runBadInputRow("registerLayers"); }
TEST(Inpainting_BadInput, PatchMatchInpainter_create) { runBadInputRow("PatchMatchInpainter::create"); }
TEST(Inpainting_BadInput, PatchMatchInpainter_apply) { runBadInputRow("PatchMatchInpainter::apply"); }
TEST(Inpainting_BadInput, CriminisiInpainter_create) { runBadInputRow("CriminisiInpainter::create"); }
TEST(Inpainting_BadInput, CriminisiInpainter_apply) { runBadInputRow("CriminisiInpainter::apply"); }

} // namespace opencv_test_inpainting
