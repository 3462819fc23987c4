// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

// The fused PartialConv2d layer against a plain double-precision reference written from
// doc/partial_conv_op.md's definition (NVIDIA's multi-channel PartialConv2d with the mask expanded to every
// input channel), over random geometries, masks and both engines.

#include "test_precomp.hpp"

#include "opencv2/dnn.hpp"
#include "opencv2/dnn/shape_utils.hpp"
#include "partial_conv_fusion.hpp"
#include "partial_conv_gemm.hpp"
#include "partial_conv_layer.hpp"
#include "pconv_onnx_builder.hpp"

namespace opencv_test_inpainting {
namespace {

using namespace cv;
using cv::inpainting::detail::PartialConvLayer;
namespace pb = pconv_builder;

struct Case
{
    int N, C, O, H, W, kh, kw;
    pb::PConvSpec spec;
    int maskChannels; // C, 1 or the number of groups
    double density;   // probability of a valid mask value
};

// Expanded mask value of input channel c (the definition: a plane covers its group's channels).
int planeOf(const Case& t, int c)
{
    if (!t.spec.maskGroups.empty())
    {
        int g = 0, end = t.spec.maskGroups[0];
        while (c >= end)
            end += t.spec.maskGroups[++g];
        return g;
    }
    return t.maskChannels == 1 ? 0 : c;
}

// Direct loops in double: sumM over all C channels of the expanded mask, then doc/partial_conv_op.md's formula.
void reference(const Case& t, const Mat& X, const Mat& M, Mat& Y, Mat& Mout)
{
    const pb::PConvSpec& s = t.spec;
    const int Ho = (t.H + s.pads[0] + s.pads[2] - s.dilationH * (t.kh - 1) - 1) / s.strideH + 1;
    const int Wo = (t.W + s.pads[1] + s.pads[3] - s.dilationW * (t.kw - 1) - 1) / s.strideW + 1;
    const int yshape[] = { t.N, t.O, Ho, Wo }, mshape[] = { t.N, 1, Ho, Wo };
    Y.create(4, yshape, CV_64F);
    Mout.create(4, mshape, CV_64F);
    auto at4 = [](const Mat& a, int n, int c, int y, int x) {
        return (double)a.ptr<float>(n, c)[y * a.size[3] + x];
    };
    for (int n = 0; n < t.N; n++)
        for (int oy = 0; oy < Ho; oy++)
            for (int ox = 0; ox < Wo; ox++)
            {
                double sumM = 0;
                std::vector<double> conv(t.O, 0.0);
                for (int c = 0; c < t.C; c++)
                    for (int i = 0; i < t.kh; i++)
                        for (int j = 0; j < t.kw; j++)
                        {
                            const int iy = oy * s.strideH - s.pads[0] + i * s.dilationH;
                            const int ix = ox * s.strideW - s.pads[1] + j * s.dilationW;
                            if (iy < 0 || iy >= t.H || ix < 0 || ix >= t.W)
                                continue;
                            const double mv = at4(M, n, planeOf(t, c), iy, ix);
                            const double xm = at4(X, n, c, iy, ix) * mv;
                            sumM += mv;
                            for (int o = 0; o < t.O; o++)
                                conv[o] += (double)s.weights.ptr<float>(o, c)[i * t.kw + j] * xm;
                        }
                double ratio = (double)t.C * t.kh * t.kw / (sumM + 1e-8);
                const double upd = std::min(std::max(sumM, 0.0), 1.0);
                ratio *= upd;
                for (int o = 0; o < t.O; o++)
                {
                    const double b = s.bias.empty() ? 0.0 : (double)s.bias.at<float>(o);
                    Y.ptr<double>(n, o)[oy * Wo + ox] = (conv[o] * ratio + b) * upd;
                }
                Mout.ptr<double>(n, 0)[oy * Wo + ox] = upd;
            }
}

Case randomCase(RNG& rng, int index)
{
    Case t;
    t.N = rng.uniform(1, 3);
    t.C = rng.uniform(1, 13);
    t.O = rng.uniform(1, 11);
    t.kh = rng.uniform(1, 8);
    t.kw = (index % 3 == 0) ? t.kh : rng.uniform(1, 8);
    t.spec = pb::randomSpec(rng, t.O, t.C, t.kh, t.kw, rng.uniform(0, 2) == 1);
    t.spec.strideH = rng.uniform(1, 3);
    t.spec.strideW = rng.uniform(1, 3);
    t.spec.dilationH = rng.uniform(1, 3);
    t.spec.dilationW = rng.uniform(1, 3);
    for (int& p : t.spec.pads)
        p = rng.uniform(0, 4);
    // Input at least as large as the dilated window (the padding may make up part of it).
    const int spanH = t.spec.dilationH * (t.kh - 1) + 1, spanW = t.spec.dilationW * (t.kw - 1) + 1;
    t.H = std::max(1, spanH - t.spec.pads[0] - t.spec.pads[2]) + rng.uniform(0, 12);
    t.W = std::max(1, spanW - t.spec.pads[1] - t.spec.pads[3]) + rng.uniform(0, 12);
    switch (index % 3)
    {
    case 0: t.maskChannels = t.C; break;
    case 1: t.maskChannels = 1; break;
    default:
    {
        // Split C into 1..3 groups.
        int remaining = t.C;
        while (remaining > 0)
        {
            const int part = (t.spec.maskGroups.size() == 2) ? remaining : rng.uniform(1, remaining + 1);
            t.spec.maskGroups.push_back(part);
            remaining -= part;
        }
        t.maskChannels = (int)t.spec.maskGroups.size();
    }
    }
    const double densities[] = { 0.0, 1.0, 0.1, 0.5, 0.9 };
    t.density = densities[index % 5];
    return t;
}

// A random case of the Winograd engine's geometries: 3x3 stride 1 and (every fourth case) 5x5
// stride 2, dilation 1, any pads, sizes that leave partial output tiles and odd phase sizes, more
// channels than randomCase (the GEMMs' inner dimension).
Case winogradCase(RNG& rng, int index)
{
    Case t = randomCase(rng, index);
    const int k = index % 4 == 3 ? 5 : 3;
    t.kh = t.kw = k;
    t.C = rng.uniform(1, 40);
    t.O = rng.uniform(1, 20);
    t.spec.maskGroups.clear();
    if (index % 3 == 2)
    {
        t.spec.maskGroups.push_back(rng.uniform(1, t.C + 1)); // one or two groups
        if (t.C - t.spec.maskGroups[0] > 0)
            t.spec.maskGroups.push_back(t.C - t.spec.maskGroups[0]);
        t.maskChannels = (int)t.spec.maskGroups.size();
    }
    else
        t.maskChannels = index % 3 == 0 ? t.C : 1;
    pb::PConvSpec spec = pb::randomSpec(rng, t.O, t.C, k, k, rng.uniform(0, 2) == 1);
    std::copy(t.spec.pads, t.spec.pads + 4, spec.pads);
    spec.maskGroups = t.spec.maskGroups;
    spec.strideH = spec.strideW = k == 5 ? 2 : 1;
    t.spec = spec;
    t.H = std::max(1, k - t.spec.pads[0] - t.spec.pads[2]) + rng.uniform(0, 23);
    t.W = std::max(1, k - t.spec.pads[1] - t.spec.pads[3]) + rng.uniform(0, 23);
    return t;
}

void makeInputs(RNG& rng, const Case& t, Mat& X, Mat& M)
{
    const int xs[] = { t.N, t.C, t.H, t.W }, ms[] = { t.N, t.maskChannels, t.H, t.W };
    X.create(4, xs, CV_32F);
    rng.fill(X, RNG::UNIFORM, -1.f, 1.f);
    M.create(4, ms, CV_32F);
    float* m = M.ptr<float>();
    for (size_t i = 0; i < M.total(); i++)
        m[i] = rng.uniform(0.0, 1.0) < t.density ? 1.f : 0.f;
}

dnn::LayerParams layerParams(const Case& t, bool onnxNames)
{
    dnn::LayerParams lp;
    lp.name = "pconv";
    lp.type = inpainting::detail::kPartialConvLayerType;
    const pb::PConvSpec& s = t.spec;
    const int k[] = { t.kh, t.kw }, st[] = { s.strideH, s.strideW }, d[] = { s.dilationH, s.dilationW };
    lp.set(onnxNames ? "kernel_shape" : "kernel_size", dnn::DictValue::arrayInt(k, 2));
    lp.set(onnxNames ? "strides" : "stride", dnn::DictValue::arrayInt(st, 2));
    lp.set(onnxNames ? "dilations" : "dilation", dnn::DictValue::arrayInt(d, 2));
    lp.set(onnxNames ? "pads" : "pad", dnn::DictValue::arrayInt(s.pads, 4));
    if (!s.maskGroups.empty())
        lp.set("mask_channel_groups", dnn::DictValue::arrayInt(s.maskGroups.data(), (int)s.maskGroups.size()));
    lp.blobs.push_back(s.weights);
    if (!s.bias.empty())
        lp.blobs.push_back(s.bias);
    return lp;
}

void runLayer(PartialConvLayer& layer, const Mat& X, const Mat& M, Mat& Y, Mat& Mout)
{
    std::vector<dnn::MatShape> inShapes = { dnn::shape(X), dnn::shape(M) }, outShapes, internals;
    layer.getMemoryShapes(inShapes, 2, outShapes, internals);
    ASSERT_EQ(outShapes.size(), 2u);
    std::vector<Mat> inputs = { X, M };
    std::vector<Mat> outputs = { Mat(outShapes[0], CV_32F, Scalar(123)), Mat(outShapes[1], CV_32F, Scalar(123)) };
    std::vector<Mat> internalMats;
    layer.finalize(InputArrayOfArrays(inputs), OutputArrayOfArrays(outputs));
    layer.forward(inputs, outputs, internalMats);
    Y = outputs[0];
    Mout = outputs[1];
}

double maxAbs4(const Mat& a, const Mat& refDouble)
{
    EXPECT_EQ(a.total(), refDouble.total());
    if (a.total() != refDouble.total())
        return 1e30;
    Mat af;
    a.reshape(1, 1).convertTo(af, CV_64F);
    return cv::norm(af, refDouble.reshape(1, 1), NORM_INF);
}

void checkRandomCases(int implementation, int count, uint64 seed, Case (*makeCase)(RNG&, int) = randomCase)
{
    RNG rng(seed);
    for (int i = 0; i < count; i++)
    {
        const Case t = makeCase(rng, i);
        Mat X, M;
        makeInputs(rng, t, X, M);
        Mat refY, refM;
        reference(t, X, M, refY, refM);
        PartialConvLayer layer(layerParams(t, i % 2 == 0));
        layer.setImplementation(implementation);
        Mat Y, Mout;
        runLayer(layer, X, M, Y, Mout);
        const std::string what = format("case %d: N=%d C=%d O=%d %dx%d k=%dx%d s=%dx%d d=%dx%d pads=%d,%d,%d,%d bias=%d mask=%d groups=%d density=%.1f",
                                        i, t.N, t.C, t.O, t.W, t.H, t.kh, t.kw, t.spec.strideH, t.spec.strideW,
                                        t.spec.dilationH, t.spec.dilationW, t.spec.pads[0], t.spec.pads[1],
                                        t.spec.pads[2], t.spec.pads[3], (int)!t.spec.bias.empty(), t.maskChannels,
                                        (int)t.spec.maskGroups.size(), t.density);
        EXPECT_LE(maxAbs4(Y, refY), 1e-4) << what;
        EXPECT_LE(maxAbs4(Mout, refM), 1e-6) << what;
    }
}

} // namespace

TEST(Inpainting_PartialConvLayer, gemm_engine_matches_double_reference)
{
    checkRandomCases(inpainting::PCONV_IMPL_GEMM, 60, 1001);
}

TEST(Inpainting_PartialConvLayer, opencv_engine_matches_double_reference)
{
    checkRandomCases(inpainting::PCONV_IMPL_OPENCV, 60, 2002);
}

TEST(Inpainting_PartialConvLayer, winograd_engine_matches_double_reference)
{
    checkRandomCases(inpainting::detail::kPartialConvImplWinograd, 80, 4004, winogradCase);
}

TEST(Inpainting_PartialConvLayer, auto_engine_picks_by_channels_and_matches_reference)
{
    checkRandomCases(inpainting::PCONV_IMPL_AUTO, 30, 3003);
    RNG rng(7);
    Case t = randomCase(rng, 0);
    t.C = 3;
    t.kh = t.kw = 3;
    t.spec = pb::randomSpec(rng, 4, 3, 3, 3, true);
    EXPECT_EQ(PartialConvLayer(layerParams(t, true)).resolvedImplementation(), (int)inpainting::PCONV_IMPL_OPENCV);
    t.spec = pb::randomSpec(rng, 4, 16, 3, 3, true);
    // 3x3 stride 1: Winograd from 16x16 outputs up, the GEMM below and on every other geometry.
    const PartialConvLayer layer(layerParams(t, true));
    EXPECT_EQ(layer.resolvedImplementation(), inpainting::detail::kPartialConvImplWinograd);
    EXPECT_EQ(layer.resolvedImplementation(Size(16, 16)), inpainting::detail::kPartialConvImplWinograd);
    EXPECT_EQ(layer.resolvedImplementation(Size(15, 16)), (int)inpainting::PCONV_IMPL_GEMM);
    t.spec.strideW = 2;
    EXPECT_EQ(PartialConvLayer(layerParams(t, true)).resolvedImplementation(), (int)inpainting::PCONV_IMPL_GEMM);
    t.kh = t.kw = 5;
    t.spec = pb::randomSpec(rng, 4, 16, 5, 5, true);
    EXPECT_EQ(PartialConvLayer(layerParams(t, true)).resolvedImplementation(), (int)inpainting::PCONV_IMPL_GEMM);
    // Forcing Winograd on a geometry it does not compute runs the GEMM.
    PartialConvLayer forced(layerParams(t, true));
    forced.setImplementation(inpainting::detail::kPartialConvImplWinograd);
    EXPECT_EQ(forced.resolvedImplementation(), (int)inpainting::PCONV_IMPL_GEMM);
}

namespace {

// A 64-channel layer with a two-plane grouped mask (40 + 24 channels), 70% valid, k x k kernel.
Case groupedCase(RNG& rng, int N, int H, int W, int k)
{
    Case t;
    t.N = N; t.C = 64; t.O = 8; t.H = H; t.W = W; t.kh = t.kw = k;
    t.spec = pb::randomSpec(rng, t.O, t.C, k, k, true);
    t.maskChannels = 2;
    t.spec.maskGroups = { 40, 24 };
    t.density = 0.7;
    return t;
}

// Each engine forced on t (it must run that engine) against the double reference.
void checkEngines(RNG& rng, const Case& t, const std::vector<int>& engines)
{
    Mat X, M, refY, refM, Y, Mout;
    makeInputs(rng, t, X, M);
    reference(t, X, M, refY, refM);
    for (int impl : engines)
    {
        PartialConvLayer layer(layerParams(t, false));
        layer.setImplementation(impl);
        ASSERT_EQ(layer.resolvedImplementation(), impl);
        runLayer(layer, X, M, Y, Mout);
        EXPECT_LE(maxAbs4(Y, refY), 1e-4) << "implementation " << impl;
        EXPECT_LE(maxAbs4(Mout, refM), 1e-6) << "implementation " << impl;
    }
}

} // namespace

TEST(Inpainting_PartialConvLayer, larger_layer_tiles_match_reference)
{
    // Large enough for several GEMM tiles (the column buffer is tiled over output rows).
    RNG rng(11);
    Case t = groupedCase(rng, 1, 70, 67, 7);
    for (int& p : t.spec.pads)
        p = 3;
    checkEngines(rng, t, { inpainting::PCONV_IMPL_GEMM, inpainting::PCONV_IMPL_OPENCV });
}

TEST(Inpainting_PartialConvLayer, winograd_blocks_match_reference)
{
    // Enough output tiles (38x36) for several blocks of tile rows, partial tiles at the right and
    // bottom edges, asymmetric padding.
    RNG rng(13);
    Case t = groupedCase(rng, 2, 150, 141, 3);
    const int pads[] = { 1, 0, 1, 2 };
    std::copy(pads, pads + 4, t.spec.pads);
    checkEngines(rng, t, { inpainting::detail::kPartialConvImplWinograd });
}

TEST(Inpainting_PartialConvLayer, deterministic_across_runs)
{
    RNG rng(5);
    Case t;
    t.N = 1; t.C = 32; t.O = 16; t.H = 40; t.W = 33; t.kh = t.kw = 3;
    t.spec = pb::randomSpec(rng, t.O, t.C, 3, 3, true);
    for (int& p : t.spec.pads)
        p = 1;
    t.maskChannels = 1;
    t.density = 0.6;
    Mat X, M;
    makeInputs(rng, t, X, M);
    for (int impl : { (int)inpainting::PCONV_IMPL_GEMM, (int)inpainting::PCONV_IMPL_OPENCV,
                      inpainting::detail::kPartialConvImplWinograd })
    {
        PartialConvLayer layer(layerParams(t, true));
        layer.setImplementation(impl);
        Mat Y1, Y2, M1, M2;
        runLayer(layer, X, M, Y1, M1);
        Y1 = Y1.clone();
        runLayer(layer, X, M, Y2, M2);
        EXPECT_EQ(cv::norm(Y1.reshape(1, 1), Y2.reshape(1, 1), NORM_INF), 0.0) << "implementation " << impl;
    }
}

TEST(Inpainting_PartialConvLayer, rejects_inconsistent_parameters)
{
    RNG rng(9);
    Case t;
    t.N = 1; t.C = 4; t.O = 2; t.H = 8; t.W = 8; t.kh = t.kw = 3;
    t.spec = pb::randomSpec(rng, t.O, t.C, 3, 3, true);
    t.maskChannels = 4;
    auto expectThrow = [&](dnn::LayerParams lp, const std::string& fragment) {
        try
        {
            PartialConvLayer layer(lp);
            ADD_FAILURE() << "no exception, expected one mentioning " << fragment;
        }
        catch (const cv::Exception& e)
        {
            EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
        }
    };
    dnn::LayerParams lp = layerParams(t, true);
    const int wrongKernel[] = { 5, 5 };
    lp.set("kernel_shape", dnn::DictValue::arrayInt(wrongKernel, 2));
    expectThrow(lp, "kernel_shape");

    lp = layerParams(t, true);
    const int zeroStride[] = { 0, 1 };
    lp.set("strides", dnn::DictValue::arrayInt(zeroStride, 2));
    expectThrow(lp, "stride");

    lp = layerParams(t, true);
    const int groups[] = { 1, 2 };
    lp.set("mask_channel_groups", dnn::DictValue::arrayInt(groups, 2));
    expectThrow(lp, "mask_channel_groups");

    lp = layerParams(t, true);
    lp.blobs[1] = Mat(1, 3, CV_32F, Scalar(0));
    expectThrow(lp, "bias");

    lp = layerParams(t, true);
    lp.blobs[0] = Mat(4, 9, CV_32F, Scalar(0));
    expectThrow(lp, "4-D");

    lp = layerParams(t, true);
    lp.blobs.clear();
    expectThrow(lp, "weight");

    // A mask of the wrong channel count is rejected when shapes are computed.
    PartialConvLayer layer(layerParams(t, true));
    std::vector<dnn::MatShape> in = { { 1, 4, 8, 8 }, { 1, 3, 8, 8 } }, out, internals;
    EXPECT_THROW(layer.getMemoryShapes(in, 2, out, internals), cv::Exception);
    in = { { 1, 4, 2, 2 }, { 1, 1, 2, 2 } }; // smaller than the 3x3 window without padding
    EXPECT_THROW(layer.getMemoryShapes(in, 2, out, internals), cv::Exception);
}

// Found by fuzz/fuzz_model (the registerLayers door, where no model validator stands between an
// importer and the layer): a dilation of 31 * 2^26 with a 4x4 kernel overflowed int in the window
// span (undefined behaviour, reported by UBSan). Attributes are now bounded like the validator's,
// and the window arithmetic is 64-bit, so a huge window over a small input is a clean error.
TEST(Inpainting_PartialConvLayer, huge_attributes_are_errors_not_overflows)
{
    auto params = [](int kw, const std::vector<int>& dilation, const std::vector<int>& pads) {
        dnn::LayerParams lp;
        lp.name = "huge";
        const int shape[] = { 1, 1, 1, kw };
        lp.blobs.push_back(Mat(4, shape, CV_32F, Scalar(0.5)));
        lp.set("dilation", dnn::DictValue::arrayInt(dilation.data(), (int)dilation.size()));
        lp.set("pad", dnn::DictValue::arrayInt(pads.data(), (int)pads.size()));
        return lp;
    };
    auto expectThrowWith = [](const std::function<void()>& f, const std::string& fragment) {
        try
        {
            f();
            ADD_FAILURE() << "no exception, expected one mentioning " << fragment;
        }
        catch (const cv::Exception& e)
        {
            EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
        }
    };
    expectThrowWith([&] { PartialConvLayer l(params(4, { 1, 31 << 26 }, { 0, 0 })); }, "must be in [1, 65536]");
    expectThrowWith([&] { PartialConvLayer l(params(4, { 1, 1 }, { 0, 1 << 30 })); }, "pads must be in [0, 65536]");
    // The largest accepted dilation with a kernel of 40000 taps spans 2.6e9 pixels: more than an int.
    PartialConvLayer layer(params(40000, { 1, 1 << 16 }, { 0, 1 << 16 }));
    std::vector<dnn::MatShape> in = { { 1, 1, 4, 8 }, { 1, 1, 4, 8 } }, out, internals;
    expectThrowWith([&] { layer.getMemoryShapes(in, 2, out, internals); }, "smaller than the 2621374465x1 window");
}

TEST(Inpainting_PartialConvLayer, readNetFromONNX_works_after_registerLayers)
{
    inpainting::registerLayers();
    inpainting::registerLayers(); // idempotent
    RNG rng(13);
    for (int variant = 0; variant < 3; variant++)
    {
        Case t;
        t.N = 1; t.C = 6; t.O = 5; t.H = 13; t.W = 11; t.kh = 3; t.kw = 5;
        t.spec = pb::randomSpec(rng, t.O, t.C, 3, 5, variant != 1);
        t.spec.strideH = 2;
        t.spec.dilationW = 2;
        t.spec.pads[0] = 1; t.spec.pads[1] = 2; t.spec.pads[2] = 0; t.spec.pads[3] = 3;
        t.maskChannels = variant == 0 ? 6 : variant == 1 ? 1 : 2;
        if (variant == 2)
            t.spec.maskGroups = { 2, 4 };
        t.density = 0.5;
        Mat X, M, refY, refM;
        makeInputs(rng, t, X, M);
        reference(t, X, M, refY, refM);
        const onnx::ModelProto model = pb::singleLayerModel(t.spec, t.N, t.H, t.W, t.maskChannels, refY.size[2], refY.size[3]);
        const std::vector<uchar> bytes = pb::serialize(model);
        dnn::Net net = dnn::readNetFromONNX(reinterpret_cast<const char*>(bytes.data()), bytes.size());
        net.setInput(X, "X");
        net.setInput(M, "M");
        std::vector<Mat> outs;
        net.forward(outs, std::vector<String>{ "Y", "M_out" });
        ASSERT_EQ(outs.size(), 2u);
        EXPECT_LE(maxAbs4(outs[0], refY), 1e-4) << "variant " << variant;
        EXPECT_LE(maxAbs4(outs[1], refM), 1e-6) << "variant " << variant;
    }
}

// The form the graph rewrite (partial_conv_fusion.hpp) gives a decoder layer: X in two parts, the
// mask in one plane per part, LeakyReLU applied by the layer; every engine against the reference
// run on the concatenated inputs, with the activation applied to it.
TEST(Inpainting_PartialConvLayer, inputs_in_parts_and_fused_activation_match_reference)
{
    RNG rng(17);
    for (int act = 0; act < 2; act++)
    {
        Case t;
        t.N = 2; t.C = 24; t.O = 7; t.H = 37; t.W = 29; t.kh = t.kw = 3;
        t.spec = pb::randomSpec(rng, t.O, t.C, 3, 3, true);
        for (int& p : t.spec.pads)
            p = 1;
        t.spec.maskGroups = { 16, 8 };
        t.maskChannels = 2;
        t.density = 0.6;
        Mat X, M, refY, refM;
        makeInputs(rng, t, X, M);
        reference(t, X, M, refY, refM);
        const double slope = act == 0 ? 0.0 : 0.2;
        refY.forEach<double>([&](double& v, const int*) { v = v >= 0 ? v : v * slope; });
        // The parts: channels [0, 16) and [16, 24) of X, plane 0 and plane 1 of M.
        auto channels = [&](const Mat& src, int c0, int c1) {
            const int shape[] = { t.N, c1 - c0, t.H, t.W };
            Mat part(4, shape, CV_32F);
            for (int n = 0; n < t.N; n++)
                std::memcpy(part.ptr<float>(n), src.ptr<float>(n, c0), part.total() / t.N * sizeof(float));
            return part;
        };
        const std::vector<Mat> inputs = { channels(X, 0, 16), channels(X, 16, 24), channels(M, 0, 1), channels(M, 1, 2) };
        dnn::LayerParams lp = layerParams(t, true);
        lp.set("x_parts", 2);
        lp.set("activation", act == 0 ? "relu" : "leaky_relu");
        if (act == 1)
            lp.set("activation_alpha", 0.2f);
        for (int impl : { (int)inpainting::PCONV_IMPL_GEMM, (int)inpainting::PCONV_IMPL_OPENCV,
                          inpainting::detail::kPartialConvImplWinograd })
        {
            PartialConvLayer layer(lp);
            layer.setImplementation(impl);
            std::vector<dnn::MatShape> inShapes, outShapes, internals;
            for (const Mat& in : inputs)
                inShapes.push_back(dnn::shape(in));
            layer.getMemoryShapes(inShapes, 2, outShapes, internals);
            ASSERT_EQ(outShapes.size(), 2u);
            std::vector<Mat> outputs = { Mat(outShapes[0], CV_32F, Scalar(123)), Mat(outShapes[1], CV_32F, Scalar(123)) };
            std::vector<Mat> internalMats;
            layer.finalize(InputArrayOfArrays(inputs), OutputArrayOfArrays(outputs));
            layer.forward(inputs, outputs, internalMats);
            EXPECT_LE(maxAbs4(outputs[0], refY), 1e-4) << "implementation " << impl << ", activation " << act;
            EXPECT_LE(maxAbs4(outputs[1], refM), 1e-6);
        }
    }
}

TEST(Inpainting_PartialConvLayer, graph_fusion_removes_concat_and_activations_and_keeps_the_output)
{
    inpainting::registerLayers();
    const std::vector<uchar> plain = pb::serialize(pb::tinyUNet(4, 8, 21, 64));
    const std::vector<uchar> fused = inpainting::detail::fusePartialConvNeighbours(plain);
    auto countOps = [](const std::vector<uchar>& bytes) {
        onnx::ModelProto m;
        EXPECT_TRUE(m.ParseFromArray(bytes.data(), (int)bytes.size()));
        std::map<std::string, int> ops;
        for (const onnx::NodeProto& n : m.graph().node())
            ops[n.op_type()]++;
        return ops;
    };
    std::map<std::string, int> before = countOps(plain), after = countOps(fused);
    EXPECT_GT(before["Concat"], 0);
    EXPECT_GT(before["Relu"] + before["LeakyRelu"], 0);
    EXPECT_EQ(after["Concat"], 0);
    EXPECT_EQ(after["Relu"] + after["LeakyRelu"], 0);
    EXPECT_EQ(after["PartialConv2d"], before["PartialConv2d"]);
    EXPECT_EQ(inpainting::detail::fusePartialConvNeighbours(fused), fused); // nothing left to fuse

    RNG rng(23);
    Mat image(std::vector<int>{ 1, 3, 64, 64 }, CV_32F), mask(std::vector<int>{ 1, 1, 64, 64 }, CV_32F);
    rng.fill(image, RNG::UNIFORM, 0.f, 1.f);
    float* m = mask.ptr<float>();
    for (size_t i = 0; i < mask.total(); i++)
        m[i] = rng.uniform(0.0, 1.0) < 0.7 ? 1.f : 0.f;
    // Every engine the layers can run: the fused graph must give the plain graph's bytes (the same
    // sums in the same order; the activations are exact).
    for (int impl : { (int)inpainting::PCONV_IMPL_AUTO, (int)inpainting::PCONV_IMPL_GEMM })
    {
        Mat outs[2];
        for (int k = 0; k < 2; k++)
        {
            const std::vector<uchar>& bytes = k == 0 ? plain : fused;
            dnn::Net net = dnn::readNetFromONNX(reinterpret_cast<const char*>(bytes.data()), bytes.size());
            for (const String& name : net.getLayerNames())
                if (Ptr<PartialConvLayer> l = net.getLayer(name).dynamicCast<PartialConvLayer>())
                    l->setImplementation(impl);
            net.setInput(image, "image");
            net.setInput(mask, "mask");
            outs[k] = net.forward("output").clone();
        }
        EXPECT_EQ(cv::norm(outs[0].reshape(1, 1), outs[1].reshape(1, 1), NORM_INF), 0.0) << "implementation " << impl;
    }
}

}  // namespace opencv_test_inpainting

namespace opencv_test_inpainting {

// The engines' matrix product without OpenBLAS (cv::gemm, for builds that lack it) against the
// product the build uses, on strided row-major blocks as the engines pass them, and against a
// double-precision reference.
TEST(Inpainting_PartialConvLayer, gemm_fallback_without_openblas_matches)
{
    cv::RNG rng(5);
    const int M = 37, N = 53, K = 29, lda = K + 3, ldb = N + 5, ldc = N + 2;
    std::vector<float> A((size_t)M * lda), B((size_t)K * ldb);
    for (float& v : A)
        v = (float)rng.uniform(-1.0, 1.0);
    for (float& v : B)
        v = (float)rng.uniform(-1.0, 1.0);
    std::vector<float> viaBuild((size_t)M * ldc, -7.f), viaOpenCV((size_t)M * ldc, -7.f);
    cv::inpainting::detail::multiplyRowMajor(M, N, K, A.data(), lda, B.data(), ldb, viaBuild.data(), ldc);
    cv::inpainting::detail::multiplyRowMajorWithOpenCV(M, N, K, A.data(), lda, B.data(), ldb, viaOpenCV.data(), ldc);
    double worst = 0;
    for (int i = 0; i < M; i++)
        for (int j = 0; j < ldc; j++)
        {
            const size_t at = (size_t)i * ldc + j;
            if (j >= N)
            {
                // Padding between rows is never written.
                EXPECT_EQ(viaOpenCV[at], -7.f);
                EXPECT_EQ(viaBuild[at], -7.f);
                continue;
            }
            double ref = 0;
            for (int k = 0; k < K; k++)
                ref += (double)A[(size_t)i * lda + k] * B[(size_t)k * ldb + j];
            worst = std::max(worst, std::max(std::abs(viaOpenCV[at] - ref), std::abs(viaBuild[at] - ref)));
        }
    EXPECT_LT(worst, 1e-5) << "OpenBLAS in this build: " << cv::inpainting::detail::haveOpenBlas();
}

} // namespace opencv_test_inpainting
