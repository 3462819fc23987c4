// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

// The fused PartialConv2d layer. Per image of the batch it does three things:
//  1. the window sums of the mask as separable box sums of each mask plane (a U-Net's mask planes
//     are identical across the channels of a group, so this is a few cheap box filters instead
//     of the second full convolution NVIDIA's reference pays);
//  2. the convolution of X*M on an optimised kernel: Winograd F(4x4, 3x3) for 3x3 stride-1 and
//     5x5 stride-2 layers (partial_conv_winograd.hpp); otherwise im2col with the mask multiply
//     folded into the copy, then OpenBLAS sgemm (tiled over output rows, so the column buffer
//     stays small), or an internal OpenCV Convolution layer on X*M, which measured faster for the
//     first layer (<= 4 input channels) where the GEMM is too thin to pay for im2col;
//  3. one epilogue pass: renormalisation, bias, update, a fused activation and the output mask.
// X and M may arrive in parts with an activation to apply: the form partial_conv_fusion.hpp's
// graph rewrite gives a decoder layer, so that its Concat is never materialised.

#include "precomp.hpp"
#include "partial_conv_layer.hpp"
#include "partial_conv_gemm.hpp"

#include <climits>
#include <mutex>


namespace cv {
namespace inpainting {
namespace detail {

namespace {

// The importer renames ONNX attributes to OpenCV's Convolution names; a layer built by hand (or
// a future importer) may use either, so both are read.
bool readInts(const dnn::LayerParams& params, const char* name, const char* alias, std::vector<int>& values)
{
    const char* key = params.has(name) ? name : (alias && params.has(alias) ? alias : nullptr);
    if (!key)
        return false;
    const dnn::DictValue& v = params.get(key);
    values.clear();
    for (int i = 0; i < v.size(); i++)
        values.push_back(v.get<int>(i));
    return true;
}

[[noreturn]] void badLayer(const dnn::LayerParams& params, const std::string& what)
{
    CV_Error_(Error::StsBadArg, ("PartialConv2d '%s': %s", params.name.c_str(), what.c_str()));
}

// Largest kernel, stride, dilation or pad accepted (the model validator's limit too).
const int kMaxAttribute = 1 << 16;

// Two values (h, w) from an attribute of 1 or 2 values, all in [minValue, kMaxAttribute].
void readPair(const dnn::LayerParams& params, const char* name, const char* alias, int minValue, int& h, int& w)
{
    std::vector<int> v;
    if (!readInts(params, name, alias, v))
        return;
    if (v.size() != 1 && v.size() != 2)
        badLayer(params, format("attribute '%s' must have 2 values, got %d", name, (int)v.size()));
    h = v[0];
    w = v.back();
    // The upper bound is the model validator's: it keeps the window arithmetic far from overflow.
    if (h < minValue || w < minValue || h > kMaxAttribute || w > kMaxAttribute)
        badLayer(params, format("attribute '%s' must be in [%d, %d], got (%d, %d)", name, minValue, kMaxAttribute, h, w));
}

} // namespace

Size PartialConvGeometry::outputSize(int h, int w) const
{
    // 64-bit: a large dilation times a large kernel exceeds int (found by fuzz/fuzz_model).
    const int64_t spanH = (int64_t)dilationH * (kernelH - 1) + 1, spanW = (int64_t)dilationW * (kernelW - 1) + 1;
    const int64_t ph = (int64_t)h + padTop + padBottom, pw = (int64_t)w + padLeft + padRight;
    if (h <= 0 || w <= 0 || ph < spanH || pw < spanW)
        CV_Error_(Error::StsBadSize, ("PartialConv2d: input %dx%d (padded %lldx%lld) is smaller than the %lldx%lld window",
                                      w, h, (long long)pw, (long long)ph, (long long)spanW, (long long)spanH));
    const int64_t outH = (ph - spanH) / strideH + 1, outW = (pw - spanW) / strideW + 1;
    if (outH > INT_MAX / 2 || outW > INT_MAX / 2)
        CV_Error_(Error::StsBadSize, ("PartialConv2d: output %lldx%lld is too large", (long long)outW, (long long)outH));
    return Size((int)outW, (int)outH);
}

PartialConvGeometry parsePartialConvParams(const dnn::LayerParams& params)
{
    PartialConvGeometry g;
    if (params.blobs.empty())
        badLayer(params, "the weight W must be a constant initializer (no blobs given)");
    if (params.blobs.size() > 2)
        badLayer(params, format("expected weights and an optional bias, got %d constant inputs", (int)params.blobs.size()));
    const Mat& w = params.blobs[0];
    if (w.dims != 4)
        badLayer(params, format("weight W must be 4-D (O, C, kh, kw), got %d dimensions", w.dims));
    if (w.depth() != CV_32F && w.depth() != CV_64F && w.depth() != CV_16F)
        badLayer(params, "weight W must be floating point");
    g.outChannels = w.size[0];
    g.inChannels = w.size[1];
    g.kernelH = w.size[2];
    g.kernelW = w.size[3];
    if (g.outChannels <= 0 || g.inChannels <= 0 || g.kernelH <= 0 || g.kernelW <= 0)
        badLayer(params, "weight W has an empty dimension");

    int kh = g.kernelH, kw = g.kernelW;
    readPair(params, "kernel_size", "kernel_shape", 1, kh, kw);
    if (kh != g.kernelH || kw != g.kernelW)
        badLayer(params, format("kernel_shape (%d, %d) does not match the weight's (%d, %d)", kh, kw, g.kernelH, g.kernelW));
    readPair(params, "stride", "strides", 1, g.strideH, g.strideW);
    readPair(params, "dilation", "dilations", 1, g.dilationH, g.dilationW);

    std::vector<int> pads;
    if (readInts(params, "pad", "pads", pads))
    {
        if (pads.size() == 4) // ONNX order: h_begin, w_begin, h_end, w_end
        {
            g.padTop = pads[0]; g.padLeft = pads[1]; g.padBottom = pads[2]; g.padRight = pads[3];
        }
        else if (pads.size() == 2 || pads.size() == 1)
        {
            g.padTop = g.padBottom = pads[0];
            g.padLeft = g.padRight = pads.back();
        }
        else
            badLayer(params, format("attribute 'pads' must have 4 values, got %d", (int)pads.size()));
    }
    else if (params.has("pad_t") || params.has("pad_l") || params.has("pad_b") || params.has("pad_r"))
    {
        g.padTop = params.get<int>("pad_t", 0); g.padLeft = params.get<int>("pad_l", 0);
        g.padBottom = params.get<int>("pad_b", 0); g.padRight = params.get<int>("pad_r", 0);
    }
    for (int p : { g.padTop, g.padLeft, g.padBottom, g.padRight })
        if (p < 0 || p > kMaxAttribute)
            badLayer(params, format("pads must be in [0, %d], got (%d, %d, %d, %d)", kMaxAttribute, g.padTop, g.padLeft,
                                    g.padBottom, g.padRight));
    if (params.has("group") && params.get<int>("group") != 1)
        badLayer(params, "grouped convolution is not supported (group must be 1)");

    if (readInts(params, "mask_channel_groups", nullptr, g.maskGroups))
    {
        long long sum = 0;
        for (int v : g.maskGroups)
        {
            if (v <= 0)
                badLayer(params, "mask_channel_groups must be positive");
            sum += v;
        }
        if (g.maskGroups.empty() || sum != g.inChannels)
            badLayer(params, format("mask_channel_groups must sum to the weight's %d input channels, got %lld",
                                    g.inChannels, sum));
    }

    if (params.blobs.size() == 2)
    {
        if ((int)params.blobs[1].total() != g.outChannels)
            badLayer(params, format("bias B must have %d values (the weight's output channels), got %d",
                                    g.outChannels, (int)params.blobs[1].total()));
        g.hasBias = true;
    }
    return g;
}

PartialConvLayer::PartialConvLayer(const dnn::LayerParams& params)
    : geo_(parsePartialConvParams(params)), implementation_(PCONV_IMPL_AUTO)
{
    setParamsFrom(params);
    Mat w;
    params.blobs[0].convertTo(w, CV_32F);
    weights_ = w.reshape(1, geo_.outChannels).clone(); // (O, C*kh*kw)
    bias_.assign(geo_.outChannels, 0.f);
    if (geo_.hasBias)
    {
        Mat b;
        params.blobs[1].convertTo(b, CV_32F);
        b = b.reshape(1, 1);
        for (int o = 0; o < geo_.outChannels; o++)
            bias_[o] = b.at<float>(0, o);
    }
    for (size_t g = 0; g < geo_.maskGroups.size(); g++)
        planeOfChannel_.insert(planeOfChannel_.end(), geo_.maskGroups[g], (int)g);
    // Written by the graph rewrite (partial_conv_fusion.hpp) only; the plain ONNX form has neither.
    xParts_ = params.get<int>("x_parts", 1);
    if (xParts_ < 1 || xParts_ > geo_.inChannels)
        badLayer(params, format("x_parts must be in [1, %d], got %d", geo_.inChannels, xParts_));
    const std::string act = params.get<std::string>("activation", "");
    if (act == "relu")
        activation_.kind = PartialConvActivation::RELU;
    else if (act == "leaky_relu")
    {
        activation_.kind = PartialConvActivation::LEAKY_RELU;
        activation_.slope = params.get<float>("activation_alpha", 0.01f);
    }
    else if (!act.empty())
        badLayer(params, "activation must be 'relu' or 'leaky_relu', got '" + act + "'");
}

Ptr<dnn::Layer> PartialConvLayer::create(dnn::LayerParams& params)
{
    return makePtr<PartialConvLayer>(params);
}

void PartialConvLayer::setImplementation(int implementation)
{
    CV_CheckGE(implementation, (int)PCONV_IMPL_AUTO, "implementation must be a PartialConvImplementation");
    CV_CheckLE(implementation, kPartialConvImplWinograd, "implementation must be a PartialConvImplementation");
    implementation_ = implementation;
}

int PartialConvLayer::resolvedImplementation(Size outSize) const
{
    const bool winogradFits = PartialConvWinograd::applicable(geo_.kernelH, geo_.kernelW, geo_.strideH, geo_.strideW,
                                                              geo_.dilationH, geo_.dilationW) || stridePhases();
    if (implementation_ == kPartialConvImplWinograd)
        return winogradFits ? kPartialConvImplWinograd : PCONV_IMPL_GEMM;
    if (implementation_ != PCONV_IMPL_AUTO)
        return implementation_;
    // Measured (doc/partial_conv.md): with <= 4 input channels the GEMM's inner dimension
    // C*kh*kw is too small for im2col to pay off, and OpenCV's convolution wins.
    if (geo_.inChannels <= 4)
        return PCONV_IMPL_OPENCV;
    // Winograd from 16 output tiles (16x16 pixels) up: below, its 36 GEMMs are too narrow to pay
    // for packing the weights (the deepest decoder layers, 4x4 and 8x8, measured slower).
    const bool bigEnough = outSize.empty() || outSize.area() >= 16 * 16;
    return winogradFits && bigEnough ? kPartialConvImplWinograd : PCONV_IMPL_GEMM;
}

int PartialConvLayer::maskPlaneOf(int channel, int maskChannels) const
{
    if (!planeOfChannel_.empty())
        return planeOfChannel_[channel];
    return maskChannels == 1 ? 0 : channel;
}

// Shape of the concatenation (along channels) of inputs [begin, end): the parts must agree on N, H, W.
dnn::MatShape PartialConvLayer::concatenatedShape(const std::vector<dnn::MatShape>& inputs, int begin, int end,
                                                  const char* what) const
{
    dnn::MatShape s = inputs[begin];
    if (s.size() != 4)
        CV_Error_(Error::StsBadArg, ("PartialConv2d '%s': X and M must be 4-D (N, C, H, W)", name.c_str()));
    for (int i = begin + 1; i < end; i++)
    {
        const dnn::MatShape& p = inputs[i];
        if (p.size() != 4 || p[0] != s[0] || p[2] != s[2] || p[3] != s[3])
            CV_Error_(Error::StsBadArg, ("PartialConv2d '%s': the parts of %s must be 4-D with the same N, H, W",
                                         name.c_str(), what));
        s[1] += p[1];
    }
    return s;
}

bool PartialConvLayer::getMemoryShapes(const std::vector<dnn::MatShape>& inputs, const int,
                                       std::vector<dnn::MatShape>& outputs,
                                       std::vector<dnn::MatShape>&) const
{
    if ((int)inputs.size() < xParts_ + 1)
        CV_Error_(Error::StsBadArg, ("PartialConv2d '%s': expected %d runtime inputs (X%s, M), got %d", name.c_str(),
                                     xParts_ + 1, xParts_ > 1 ? " in parts" : "", (int)inputs.size()));
    if (xParts_ == 1 && inputs.size() != 2)
        CV_Error_(Error::StsBadArg, ("PartialConv2d '%s': expected 2 runtime inputs (X, M), got %d",
                                     name.c_str(), (int)inputs.size()));
    const dnn::MatShape x = concatenatedShape(inputs, 0, xParts_, "X");
    const dnn::MatShape m = concatenatedShape(inputs, xParts_, (int)inputs.size(), "M");
    if (x[1] != geo_.inChannels)
        CV_Error_(Error::StsBadArg, ("PartialConv2d '%s': X has %d channels, the weight expects %d",
                                     name.c_str(), x[1], geo_.inChannels));
    const int expectedMask = geo_.maskGroups.empty() ? -1 : (int)geo_.maskGroups.size();
    const bool maskOk = expectedMask > 0 ? m[1] == expectedMask : (m[1] == 1 || m[1] == x[1]);
    if (!maskOk || m[0] != x[0] || m[2] != x[2] || m[3] != x[3])
        CV_Error_(Error::StsBadArg,
                  ("PartialConv2d '%s': M must be (N, %s, H, W) like X (N=%d, H=%d, W=%d), got (%d, %d, %d, %d)",
                   name.c_str(), expectedMask > 0 ? format("%d", expectedMask).c_str() : format("1 or %d", x[1]).c_str(),
                   x[0], x[2], x[3], m[0], m[1], m[2], m[3]));
    const Size out = geo_.outputSize(x[2], x[3]);
    outputs.assign(1, dnn::MatShape{ x[0], geo_.outChannels, out.height, out.width });
    outputs.push_back(dnn::MatShape{ x[0], 1, out.height, out.width });
    return false;
}

namespace {

// Window sums of the mask, in double (exact for binary masks): for every output position the
// weighted sum over planes of the plane's values under the (strided, dilated, zero-padded)
// window, computed separably: a horizontal pass of kw taps, then a vertical pass of kh taps.
void maskWindowSums(const float* mask, int planes, const std::vector<double>& planeWeight, int H, int W,
                    const PartialConvGeometry& g, Size out, Mat& sums, Mat& rowSums)
{
    sums.create(out.height, out.width, CV_64F);
    sums.setTo(0);
    rowSums.create(H, out.width, CV_64F);
    for (int p = 0; p < planes; p++)
    {
        const float* plane = mask + (size_t)p * H * W;
        parallel_for_(Range(0, H), [&](const Range& r) {
            for (int y = r.start; y < r.end; y++)
            {
                const float* src = plane + (size_t)y * W;
                double* dst = rowSums.ptr<double>(y);
                for (int x = 0; x < out.width; x++)
                {
                    double s = 0;
                    for (int j = 0; j < g.kernelW; j++)
                    {
                        const int ix = x * g.strideW - g.padLeft + j * g.dilationW;
                        if (ix >= 0 && ix < W)
                            s += src[ix];
                    }
                    dst[x] = s;
                }
            }
        });
        const double weight = planeWeight[p];
        parallel_for_(Range(0, out.height), [&](const Range& r) {
            for (int y = r.start; y < r.end; y++)
            {
                double* dst = sums.ptr<double>(y);
                for (int i = 0; i < g.kernelH; i++)
                {
                    const int iy = y * g.strideH - g.padTop + i * g.dilationH;
                    if (iy < 0 || iy >= H)
                        continue;
                    const double* src = rowSums.ptr<double>(iy);
                    for (int x = 0; x < out.width; x++)
                        dst[x] += weight * src[x];
                }
            }
        });
    }
}

// NVIDIA's renormalisation: ratio = K / (sum + 1e-8) * clamp(sum, 0, 1), upd = clamp(sum, 0, 1).
void ratioAndUpdate(const Mat& sums, double windowSize, Mat& ratio, Mat& upd)
{
    ratio.create(sums.size(), CV_32F);
    upd.create(sums.size(), CV_32F);
    const int total = (int)sums.total();
    const double* s = sums.ptr<double>();
    float* r = ratio.ptr<float>();
    float* u = upd.ptr<float>();
    for (int i = 0; i < total; i++)
    {
        const double update = std::min(std::max(s[i], 0.0), 1.0);
        r[i] = (float)(windowSize / (s[i] + 1e-8) * update);
        u[i] = (float)update;
    }
}

// y = act((conv * ratio + bias) * upd) over output positions [p0, p1) of every output channel;
// conv may be y itself (GEMM engine) or the internal convolution's output (OpenCV engine, so that
// its copy into y is this same pass).
void epilogue(const float* conv, float* y, int outChannels, size_t planeSize, int p0, int p1, const float* ratio,
              const float* upd, const std::vector<float>& bias, const PartialConvActivation& act)
{
    parallel_for_(Range(0, outChannels), [&](const Range& r) {
        for (int o = r.start; o < r.end; o++)
        {
            const float* co = conv + (size_t)o * planeSize;
            float* yo = y + (size_t)o * planeSize;
            const float b = bias[o];
            if (act.kind == PartialConvActivation::NONE)
                for (int p = p0; p < p1; p++)
                    yo[p] = (co[p] * ratio[p] + b) * upd[p];
            else
                for (int p = p0; p < p1; p++)
                    yo[p] = act.apply((co[p] * ratio[p] + b) * upd[p]);
        }
    });
}

// The concatenation along channels of parts (each (N, c_i, H, W)) into buf (N, sum c_i, H, W).
void concatenate(const std::vector<Mat>& parts, Mat& buf)
{
    int shape[] = { parts[0].size[0], 0, parts[0].size[2], parts[0].size[3] };
    for (const Mat& p : parts)
        shape[1] += p.size[1];
    buf.create(4, shape, CV_32F);
    for (int n = 0; n < shape[0]; n++)
    {
        float* dst = buf.ptr<float>(n);
        for (const Mat& p : parts)
        {
            const size_t count = p.total() / shape[0];
            std::memcpy(dst, p.ptr<float>(n), count * sizeof(float));
            dst += count;
        }
    }
}

} // namespace

void PartialConvLayer::forward(InputArrayOfArrays inputsArr, OutputArrayOfArrays outputsArr, OutputArrayOfArrays)
{
    std::vector<Mat> inputs, outputs;
    inputsArr.getMatVector(inputs);
    outputsArr.getMatVector(outputs);
    CV_Assert((int)inputs.size() >= xParts_ + 1 && !outputs.empty());
    for (const Mat& in : inputs)
    {
        CV_CheckTypeEQ(in.type(), CV_32F, "PartialConv2d: X and M must be float32");
        CV_Assert(in.isContinuous() && in.dims == 4);
    }
    // X and M may come in parts (a concatenation the graph rewrite removed, see
    // partial_conv_fusion.hpp): the Winograd engine reads X's parts in place; the mask (a few
    // planes) and, for the other engines, X are concatenated here.
    const std::vector<Mat> xParts(inputs.begin(), inputs.begin() + xParts_);
    const std::vector<Mat> mParts(inputs.begin() + xParts_, inputs.end());
    if (mParts.size() > 1)
        concatenate(mParts, mCat_);
    const Mat& m = mParts.size() > 1 ? mCat_ : mParts[0];
    const Mat& x0 = xParts[0];
    const int N = x0.size[0], H = x0.size[2], W = x0.size[3];
    const int maskPlanes = m.size[1];
    const Size out = geo_.outputSize(H, W);
    Mat& y = outputs[0];
    CV_Assert(y.isContinuous() && y.size[1] == geo_.outChannels && y.size[2] == out.height && y.size[3] == out.width);
    const int engine = resolvedImplementation(out);
    if (xParts.size() > 1 && engine != kPartialConvImplWinograd)
        concatenate(xParts, xCat_);
    const Mat& x = xParts.size() > 1 ? xCat_ : x0;

    std::vector<double> planeWeight(maskPlanes, 1.0);
    if (!geo_.maskGroups.empty())
        for (int p = 0; p < maskPlanes; p++)
            planeWeight[p] = geo_.maskGroups[p];
    else if (maskPlanes == 1)
        planeWeight[0] = geo_.inChannels;
    const double windowSize = (double)geo_.inChannels * geo_.kernelH * geo_.kernelW;

    // Work buffers are members: Mat::create() reuses them while the shape stays, so a forward
    // allocates nothing after the first (fresh pages cost more than the work on small layers).
    Mat& sums = sums_;
    Mat& ratio = ratio_;
    Mat& upd = upd_;
    for (int n = 0; n < N; n++)
    {
        maskWindowSums(m.ptr<float>(n), maskPlanes, planeWeight, H, W, geo_, out, sums, rowSums_);
        ratioAndUpdate(sums, windowSize, ratio, upd);
        if (engine == PCONV_IMPL_GEMM)
            convolveGemm(x, m, n, y, ratio, upd);
        else if (engine == kPartialConvImplWinograd)
            convolveWinograd(xParts, m, n, y, ratio, upd);
        else
        {
            const Mat conv = convolveOpenCV(x, m, n);
            CV_Assert(conv.type() == CV_32F && conv.isContinuous() && conv.total() * N == y.total());
            epilogue(conv.ptr<float>(), y.ptr<float>(n), geo_.outChannels, out.area(), 0, out.area(), ratio.ptr<float>(),
                     upd.ptr<float>(), bias_, activation_);
        }
        if (outputs.size() > 1)
        {
            // M_out is (N, 1, H', W'), or (N, O, H', W') if a caller asked for the full form.
            Mat& mo = outputs[1];
            const int planes = mo.size[1];
            for (int p = 0; p < planes; p++)
                std::memcpy(mo.ptr<float>(n) + (size_t)p * out.area(), upd.ptr<float>(), out.area() * sizeof(float));
        }
    }
}

void PartialConvLayer::convolveGemm(const Mat& x, const Mat& m, int n, Mat& y, const Mat& ratio, const Mat& upd)
{
    const int C = geo_.inChannels, O = geo_.outChannels, H = x.size[2], W = x.size[3];
    const int kh = geo_.kernelH, kw = geo_.kernelW, sh = geo_.strideH, sw = geo_.strideW;
    const int dh = geo_.dilationH, dw = geo_.dilationW;
    const int maskPlanes = m.size[1];
    const Size out = geo_.outputSize(H, W);
    const int K = C * kh * kw;
    const size_t planeSize = (size_t)out.area();

    // Tiles of whole output rows keep the column buffer near 8 MB whatever the image size (a
    // full im2col of a 64-channel 256x256 layer would take 150 MB).
    const size_t budget = (size_t)1 << 21;
    const int tileRows = (int)std::max<size_t>(1, std::min<size_t>(out.height, budget / ((size_t)K * out.width)));
    colBuffer_.resize((size_t)K * tileRows * out.width);
    const float* X = x.ptr<float>(n);
    const float* M = m.ptr<float>(n);
    float* Y = y.ptr<float>(n);

    for (int y0 = 0; y0 < out.height; y0 += tileRows)
    {
        const int y1 = std::min(out.height, y0 + tileRows);
        const int tileSize = (y1 - y0) * out.width;
        float* col = colBuffer_.data();
        // im2col of X*M: row (c, i, j) of the buffer holds X[c]*M[plane(c)] under tap (i, j) for
        // every output position of the tile; out-of-image taps are zero (zero padding).
        parallel_for_(Range(0, K), [&](const Range& r) {
            for (int row = r.start; row < r.end; row++)
            {
                const int c = row / (kh * kw), i = (row / kw) % kh, j = row % kw;
                const float* xc = X + (size_t)c * H * W;
                const float* mc = M + (size_t)maskPlaneOf(c, maskPlanes) * H * W;
                float* dst = col + (size_t)row * tileSize;
                const int xoff = j * dw - geo_.padLeft;
                // output columns whose tap lands inside the image: 0 <= x*sw + xoff < W
                int xlo = xoff >= 0 ? 0 : (-xoff + sw - 1) / sw;
                int xhi = W - 1 - xoff < 0 ? 0 : std::min(out.width, (W - 1 - xoff) / sw + 1);
                xlo = std::min(xlo, out.width);
                xhi = std::max(xhi, xlo);
                for (int yy = y0; yy < y1; yy++, dst += out.width)
                {
                    const int iy = yy * sh - geo_.padTop + i * dh;
                    if (iy < 0 || iy >= H)
                    {
                        std::fill(dst, dst + out.width, 0.f);
                        continue;
                    }
                    const float* xr = xc + (size_t)iy * W;
                    const float* mr = mc + (size_t)iy * W;
                    std::fill(dst, dst + xlo, 0.f);
                    if (sw == 1)
                    {
                        for (int xx = xlo; xx < xhi; xx++)
                            dst[xx] = xr[xx + xoff] * mr[xx + xoff];
                    }
                    else
                    {
                        for (int xx = xlo; xx < xhi; xx++)
                            dst[xx] = xr[xx * sw + xoff] * mr[xx * sw + xoff];
                    }
                    std::fill(dst + xhi, dst + out.width, 0.f);
                }
            }
        });
        // Y[:, tile] = W (O x K) * col (K x tile) (partial_conv_gemm.hpp: OpenBLAS or cv::gemm).
        multiplyRowMajor(O, tileSize, K, weights_.ptr<float>(), K, col, tileSize, Y + (size_t)y0 * out.width,
                         (int)planeSize);
        epilogue(Y, Y, O, planeSize, y0 * out.width, y1 * out.width, ratio.ptr<float>(), upd.ptr<float>(), bias_,
                 activation_);
    }
}

bool PartialConvLayer::stridePhases() const
{
    return geo_.kernelH == 5 && geo_.kernelW == 5 && geo_.strideH == 2 && geo_.strideW == 2 && geo_.dilationH == 1 &&
           geo_.dilationW == 1;
}

// A 5x5 stride-2 convolution is a 3x3 stride-1 convolution over the input's four phases
// X_rs[v][u] = X[2v + r][2u + s] taken as 4C channels: tap i of the 5x5 kernel lands on phase
// r = (i - padTop) mod 2 at offset floor((i - padTop) / 2), and for any padding those offsets
// span 3 consecutive values. Kernel (O, 4C, 3, 3), channel (2r + s) * C + c, zero where the 5x5
// kernel has no tap; padding ceil(pad / 2).
Mat PartialConvLayer::phaseWeights() const
{
    const int C = geo_.inChannels, O = geo_.outChannels;
    const int pt = (geo_.padTop + 1) / 2, pl = (geo_.padLeft + 1) / 2;
    Mat w = Mat::zeros(O, 4 * C * 9, CV_32F);
    for (int o = 0; o < O; o++)
        for (int r = 0; r < 2; r++)
            for (int s = 0; s < 2; s++)
                for (int c = 0; c < C; c++)
                    for (int a = 0; a < 3; a++)
                        for (int b = 0; b < 3; b++)
                        {
                            const int i = 2 * (a - pt) + r + geo_.padTop, j = 2 * (b - pl) + s + geo_.padLeft;
                            if (i >= 0 && i < 5 && j >= 0 && j < 5)
                                w.at<float>(o, ((2 * r + s) * C + c) * 9 + a * 3 + b) = weights_.at<float>(o, c * 25 + i * 5 + j);
                        }
    return w;
}

void PartialConvLayer::convolveWinograd(const std::vector<Mat>& xParts, const Mat& m, int n, Mat& y, const Mat& ratio,
                                        const Mat& upd)
{
    const int C = geo_.inChannels, H = xParts[0].size[2], W = xParts[0].size[3];
    const int maskPlanes = m.size[1];
    const bool phases = stridePhases();
    if (winograd_.empty())
        winograd_.setWeights(phases ? phaseWeights() : weights_, geo_.outChannels, phases ? 4 * C : C);
    const size_t plane = (size_t)H * W;
    std::vector<const float*> xPlanes, mPlanes;
    xPlanes.reserve(C);
    for (const Mat& part : xParts)
        for (int c = 0; c < part.size[1]; c++)
            xPlanes.push_back(part.ptr<float>(n) + c * plane);
    for (int p = 0; p < maskPlanes; p++)
        mPlanes.push_back(m.ptr<float>(n) + p * plane);
    PartialConvEpilogue e;
    e.ratio = ratio.ptr<float>();
    e.upd = upd.ptr<float>();
    e.bias = bias_.data();
    e.activation = activation_;
    const Size out = geo_.outputSize(H, W);
    if (!phases)
    {
        std::vector<const float*> channelMask(C);
        for (int c = 0; c < C; c++)
            channelMask[c] = mPlanes[maskPlaneOf(c, maskPlanes)];
        winograd_.run(xPlanes, channelMask, H, W, geo_.padTop, geo_.padLeft, out, e, y.ptr<float>(n));
        return;
    }
    // The four phases of X and of the mask planes, each (ceil(H/2), ceil(W/2)), zero where a phase
    // is one row or column shorter.
    const int hp = (H + 1) / 2, wp = (W + 1) / 2;
    const size_t phasePlane = (size_t)hp * wp;
    const int total = 4 * (C + maskPlanes);
    phaseBuffer_.resize(total * phasePlane);
    float* buf = phaseBuffer_.data();
    parallel_for_(Range(0, total), [&](const Range& range) {
        for (int k = range.start; k < range.end; k++)
        {
            const int phase = k % 4, index = k / 4, r = phase / 2, s = phase % 2;
            const float* src = index < C ? xPlanes[index] : mPlanes[index - C];
            float* dst = buf + (size_t)k * phasePlane;
            for (int v = 0; v < hp; v++, dst += wp)
            {
                const int iy = 2 * v + r;
                if (iy >= H)
                {
                    std::fill(dst, dst + wp, 0.f);
                    continue;
                }
                const float* row = src + (size_t)iy * W + s;
                const int count = (W - s + 1) / 2;
                for (int u = 0; u < count; u++)
                    dst[u] = row[2 * u];
                std::fill(dst + count, dst + wp, 0.f);
            }
        }
    });
    std::vector<const float*> phaseX(4 * C), phaseM(4 * C);
    for (int phase = 0; phase < 4; phase++)
        for (int c = 0; c < C; c++)
        {
            phaseX[phase * C + c] = buf + (size_t)(c * 4 + phase) * phasePlane;
            phaseM[phase * C + c] = buf + (size_t)((C + maskPlaneOf(c, maskPlanes)) * 4 + phase) * phasePlane;
        }
    winograd_.run(phaseX, phaseM, hp, wp, (geo_.padTop + 1) / 2, (geo_.padLeft + 1) / 2, out, e, y.ptr<float>(n));
}

Mat PartialConvLayer::convolveOpenCV(const Mat& x, const Mat& m, int n)
{
    const int C = geo_.inChannels, H = x.size[2], W = x.size[3];
    const int maskPlanes = m.size[1];
    // OpenCV 4.6's Convolution only takes symmetric padding; asymmetric padding is written into
    // the X*M buffer instead (it is a fresh buffer anyway, so this costs no extra pass).
    const bool symmetric = geo_.padTop == geo_.padBottom && geo_.padLeft == geo_.padRight;
    const int bufTop = symmetric ? 0 : geo_.padTop, bufLeft = symmetric ? 0 : geo_.padLeft;
    const int bufH = symmetric ? H : H + geo_.padTop + geo_.padBottom;
    const int bufW = symmetric ? W : W + geo_.padLeft + geo_.padRight;
    if (opencvConv_.empty())
    {
        dnn::LayerParams lp;
        lp.name = name + "/conv";
        lp.type = "Convolution";
        const int kernel[] = { geo_.kernelH, geo_.kernelW }, stride[] = { geo_.strideH, geo_.strideW };
        const int dilation[] = { geo_.dilationH, geo_.dilationW };
        const int pad[] = { symmetric ? geo_.padTop : 0, symmetric ? geo_.padLeft : 0 };
        lp.set("kernel_size", dnn::DictValue::arrayInt(kernel, 2));
        lp.set("stride", dnn::DictValue::arrayInt(stride, 2));
        lp.set("dilation", dnn::DictValue::arrayInt(dilation, 2));
        lp.set("pad", dnn::DictValue::arrayInt(pad, 2));
        lp.set("num_output", geo_.outChannels);
        lp.set("bias_term", false);
        const int wshape[] = { geo_.outChannels, C, geo_.kernelH, geo_.kernelW };
        lp.blobs.push_back(weights_.reshape(1, 4, wshape).clone());
        opencvConv_.addLayerToPrev(lp.name, lp.type, lp);
        opencvConv_.setPreferableBackend(dnn::DNN_BACKEND_OPENCV);
        opencvConv_.setPreferableTarget(dnn::DNN_TARGET_CPU);
    }
    const int shape[] = { 1, C, bufH, bufW };
    xmBuffer_.create(4, shape, CV_32F);
    Mat& xm = xmBuffer_;
    const float* X = x.ptr<float>(n);
    const float* M = m.ptr<float>(n);
    const size_t plane = (size_t)H * W;
    parallel_for_(Range(0, C), [&](const Range& r) {
        for (int c = r.start; c < r.end; c++)
        {
            const float* xc = X + c * plane;
            const float* mc = M + maskPlaneOf(c, maskPlanes) * plane;
            Mat dst(bufH, bufW, CV_32F, xm.ptr<float>(0, c));
            if (!symmetric)
                dst.setTo(0);
            for (int yy = 0; yy < H; yy++)
            {
                float* d = dst.ptr<float>(yy + bufTop) + bufLeft;
                const float* xr = xc + (size_t)yy * W;
                const float* mr = mc + (size_t)yy * W;
                for (int xx = 0; xx < W; xx++)
                    d[xx] = xr[xx] * mr[xx];
            }
        }
    });
    opencvConv_.setInput(xm);
    return opencvConv_.forward(); // the net's own output blob: read once by the epilogue
}

}} // namespace inpainting::detail

void inpainting::registerLayers()
{
    static std::once_flag once;
    std::call_once(once, []() {
        dnn::LayerFactory::registerLayer(detail::kPartialConvLayerType, detail::PartialConvLayer::create);
    });
}

} // namespace cv
