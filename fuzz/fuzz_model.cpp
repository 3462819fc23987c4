// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

// libFuzzer target: loading a model. Two doors lead to the module's model code:
//  * PartialConvInpainter::createFromBuffer() on arbitrary bytes (the validator of
//    src/partial_conv_model.cpp, the FLOAT16 widening, OpenCV's importer behind them); a model
//    that loads is then switched to the CUDA graph of standard layers and back (sometimes), and
//    run once on a small image, where it must keep the known pixels;
//  * registerLayers(), after which any importer may hand the fused layer arbitrary LayerParams
//    without our validator in between: the layer is created from fuzzed blobs and attributes,
//    its shapes asked for fuzzed inputs, and run when it accepts them.
// A cv::Exception is the expected answer to bad input; anything else is a bug.
//
// Input: [door] then, for createFromBuffer, [apply options] [ONNX bytes...]; for the layer,
// [fields] [values...] (see fuzzLayer).

#include <string>
#include <vector>

#include "fuzz_input.hpp"
#include "opencv2/dnn.hpp"
#include "opencv2/inpainting.hpp"
#include "onnx_wire_format.hpp"
#include "partial_conv_layer.hpp"

using namespace inpainting_fuzz;

namespace {

void checkKnownPixelsKept(const cv::Mat& src, const cv::Mat& mask, const cv::Mat& dst)
{
    if (dst.size() != src.size() || dst.type() != src.type())
        invariantFailed("PartialConvInpainter::apply: result differs from the image in size or type");
    const size_t elem = src.elemSize();
    for (int y = 0; y < src.rows; y++)
        for (int x = 0; x < src.cols; x++)
            if (mask.at<uchar>(y, x) == 0 && std::memcmp(src.ptr(y, x), dst.ptr(y, x), elem) != 0)
                invariantFailed("PartialConvInpainter::apply: a known pixel changed");
}

void fuzzCreateFromBuffer(ByteReader& in)
{
    const int options = in.byte();
    const std::vector<uchar> bytes(in.rest(), in.rest() + in.restSize());
    // The wire-level widening of builds without ONNX reads the same untrusted bytes: what it writes
    // must be a well-formed message with nothing left to widen (a second pass changes nothing).
    const std::vector<uchar> widened = cv::inpainting::detail::wire::widenHalfInitializers(bytes);
    if (widened != bytes)
    {
        if (!cv::inpainting::detail::wire::forEachField(widened.data(), widened.size(),
                                                         [](const cv::inpainting::detail::wire::Field&) { return true; }))
            invariantFailed("wire::widenHalfInitializers wrote a malformed message");
        if (cv::inpainting::detail::wire::widenHalfInitializers(widened) != widened)
            invariantFailed("wire::widenHalfInitializers left half-precision weights to widen");
    }
    cv::Ptr<cv::inpainting::PartialConvInpainter> pconv;
    try
    {
        pconv = cv::inpainting::PartialConvInpainter::createFromBuffer(bytes);
    }
    catch (const cv::Exception&)
    {
        return;
    }
    const int layers = pconv->getLayers();
    if (layers < 0 || layers > 12 || pconv->getTrainSize() < 8)
        invariantFailed("createFromBuffer: model info out of its documented range");
    // The net runs at multiples of 2^layers: a deep (valid) model costs 2^(2*layers) pixels per
    // call, which is what it asks for, not a bug; keep the runs small.
    if (layers > 5)
        return;
    const int side = 5 + (options & 15);
    cv::Mat image(side, side + 3, CV_8UC3), mask(image.size(), CV_8UC1, cv::Scalar(0));
    cv::randu(image, 0, 256);
    mask(cv::Rect(1, 2, 3 + (options >> 4), 2) & cv::Rect(0, 0, mask.cols, mask.rows)).setTo(255);
    cv::Mat result;
    if (options & 128)
    {
        // The CUDA route rewrites every PartialConv2d into standard operators (it cannot run here:
        // no CUDA; building the graph and switching back must work, or fail with cv::Exception).
        try
        {
            pconv->setPreferableBackend(cv::dnn::DNN_BACKEND_CUDA);
            pconv->setPreferableTarget(cv::dnn::DNN_TARGET_CUDA);
        }
        catch (const cv::Exception&)
        {
        }
        pconv->setPreferableBackend(cv::dnn::DNN_BACKEND_OPENCV);
        pconv->setPreferableTarget(cv::dnn::DNN_TARGET_CPU);
    }
    try
    {
        pconv->setStrategy((options & 64) ? cv::inpainting::PCONV_STRATEGY_WHOLE : cv::inpainting::PCONV_STRATEGY_CROPS);
        pconv->setLayerImplementation((options >> 4) % 3);
        pconv->apply(image, mask, result);
    }
    catch (const cv::Exception&)
    {
        return; // a graph that loads but cannot run (shapes that do not fit) is bad input too
    }
    checkKnownPixelsKept(image, mask, result);
}

// A small int that is mostly plausible (0..8) and sometimes extreme (negative, huge).
int fuzzInt(ByteReader& in)
{
    const int b = in.byte();
    switch (b >> 5)
    {
    case 0: return -(b & 31);
    case 1: return (int)((unsigned)(b & 31) << (in.byte() % 27)); // up to ~2^31
    default: return b & 7;
    }
}

cv::dnn::DictValue fuzzInts(ByteReader& in)
{
    const int n = in.range(0, 5);
    std::vector<int> v(n);
    for (int& x : v)
        x = fuzzInt(in);
    return n == 0 ? cv::dnn::DictValue(0) : cv::dnn::DictValue::arrayInt(v.data(), n);
}

void fuzzLayer(ByteReader& in)
{
    cv::inpainting::registerLayers();
    cv::dnn::LayerParams params;
    params.name = "fuzz";
    params.type = cv::inpainting::detail::kPartialConvLayerType;
    const int fields = in.byte();
    // Weight: 4-D of a float or other depth; sides 1..4 (0 sometimes), or another rank.
    const int wdims = (fields & 3) == 0 ? in.range(1, 5) : 4;
    std::vector<int> wshape(wdims);
    for (int& d : wshape)
        d = in.range(0, 4);
    const int depths[] = { CV_32F, CV_32F, CV_64F, CV_16F, CV_8U, CV_32S };
    const int wdepth = depths[in.range(0, 5)];
    bool empty = false;
    for (int d : wshape)
        empty = empty || d == 0;
    if (!empty && (fields & 4) == 0)
    {
        cv::Mat w(wdims, wshape.data(), CV_MAKETYPE(wdepth, 1));
        cv::Mat flat = w.reshape(1, 1);
        in.fill(flat);
        params.blobs.push_back(w);
        if (fields & 8) // bias: mostly of the right length
        {
            const int len = (fields & 16) ? in.range(0, 9) : wshape[0];
            params.blobs.push_back(len > 0 ? cv::Mat(1, len, CV_32F, cv::Scalar(0.25)) : cv::Mat());
            if (fields & 32)
                params.blobs.push_back(cv::Mat(1, 1, CV_32F, cv::Scalar(1)));
        }
    }
    // Attributes under the ONNX names or the ones OpenCV's importer renames them to.
    const char* names[] = { "kernel_size", "kernel_shape", "stride", "strides", "dilation", "dilations",
                            "pad", "pads", "pad_t", "pad_b", "mask_channel_groups", "group" };
    const int attrs = in.range(0, 6);
    for (int i = 0; i < attrs; i++)
        params.set(names[in.range(0, 11)], fuzzInts(in));

    cv::Ptr<cv::dnn::Layer> layer;
    try
    {
        layer = cv::dnn::LayerFactory::createLayerInstance(params.type, params);
    }
    catch (const cv::Exception&)
    {
        return;
    }
    if (!layer)
        invariantFailed("LayerFactory: PartialConv2d not registered by registerLayers()");

    // Runtime inputs: X (N, C, H, W) and M (N, Cm, H, W), small and mostly consistent.
    const int n = in.range(1, 2), c = in.range(0, 4) ? wshape.size() > 1 ? wshape[1] : 1 : in.range(1, 5);
    const int h = in.range(1, 12), w = in.range(1, 12);
    const int cm = in.range(0, 3) == 0 ? in.range(1, 5) : (in.byte() & 1 ? 1 : c);
    const std::vector<cv::dnn::MatShape> shapes = { { n, c, h, w }, { n, cm, h, w } };
    std::vector<cv::dnn::MatShape> outShapes, internals;
    try
    {
        layer->getMemoryShapes(shapes, 2, outShapes, internals);
    }
    catch (const cv::Exception&)
    {
        return;
    }
    if (outShapes.size() != 2 || outShapes[0].size() != 4 || outShapes[0][2] <= 0 || outShapes[0][3] <= 0)
        invariantFailed("PartialConv2d::getMemoryShapes: implausible output shape");
    // Outputs larger than this come from huge pads only; running them proves nothing more.
    if ((size_t)outShapes[0][1] * outShapes[0][2] * outShapes[0][3] > 1 << 16)
        return;
    std::vector<cv::Mat> inputs = { cv::Mat(4, shapes[0].data(), CV_32F), cv::Mat(4, shapes[1].data(), CV_32F) };
    cv::Mat xflat = inputs[0].reshape(1, 1);
    in.fill(xflat);
    cv::Mat mflat = inputs[1].reshape(1, 1);
    for (size_t i = 0; i < mflat.total(); i++)
        mflat.at<float>((int)i) = (in.byte() & 1) ? 1.f : 0.f;
    std::vector<cv::Mat> outputs = { cv::Mat(4, outShapes[0].data(), CV_32F), cv::Mat(4, outShapes[1].data(), CV_32F) };
    try
    {
        static_cast<cv::inpainting::detail::PartialConvLayer*>(layer.get())->setImplementation(in.range(0, 2));
        layer->forward(inputs, outputs, internals);
    }
    catch (const cv::Exception&)
    {
        return;
    }
    // M_out is clamp(window sum, 0, 1): only 0 or 1 for a binary mask.
    cv::Mat m = outputs[1].reshape(1, 1);
    for (size_t i = 0; i < m.total(); i++)
        if (m.at<float>((int)i) != 0.f && m.at<float>((int)i) != 1.f)
            invariantFailed("PartialConv2d: M_out is not binary for a binary mask");
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***)
{
    quietOpenCV();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    ByteReader in(data, size);
    if (in.byte() % 4 == 3)
        fuzzLayer(in);
    else
        fuzzCreateFromBuffer(in);
    return 0;
}
