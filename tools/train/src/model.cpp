// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

#include "model.hpp"

#include "autocast.hpp"

#include <cmath>
#include <numeric>
#include <stdexcept>

namespace F = torch::nn::functional;

namespace pconv {

PartialConv2dImpl::PartialConv2dImpl(int64_t in_, int64_t out_, int64_t kernel_, int64_t stride_, bool withBias,
                                     bool partial_)
    : in(in_), out(out_), kernel(kernel_), stride(stride_), padding(kernel_ / 2), partial(partial_)
{
    // Kaiming-normal (fan-in, ReLU gain) as Liu et al.; the bias starts at zero.
    weight = register_parameter("weight", torch::empty({out, in, kernel, kernel}));
    torch::nn::init::kaiming_normal_(weight, 0.0, torch::kFanIn, torch::kReLU);
    if (withBias)
        bias = register_parameter("bias", torch::zeros({out}));
}

std::pair<torch::Tensor, torch::Tensor> PartialConv2dImpl::forward(const torch::Tensor& x, const torch::Tensor& mask,
                                                                   const std::vector<int64_t>& groups)
{
    auto opts = F::Conv2dFuncOptions().stride(stride).padding(padding);
    if (!partial)
    {
        torch::Tensor y = F::conv2d(x, weight, F::Conv2dFuncOptions().stride(stride).padding(padding).bias(bias));
        return {y, torch::ones({y.size(0), 1, y.size(2), y.size(3)}, y.options())};
    }
    TORCH_CHECK(mask.size(1) == (int64_t)groups.size(), "PartialConv2d: mask has ", mask.size(1),
                " planes but ", groups.size(), " channel groups were given");
    TORCH_CHECK(std::accumulate(groups.begin(), groups.end(), int64_t(0)) == x.size(1),
                "PartialConv2d: channel groups do not sum to the input's ", x.size(1), " channels");

    torch::Tensor ratio, update;
    {
        // The mask carries no gradient: window sums of the planes weighted by their channel counts.
        // In float also under --bf16 (counts up to in*k*k are not exact in bfloat16).
        torch::NoGradGuard noGrad;
        NoAutocast noAutocast(autocastKeys());
        torch::Tensor ones = torch::empty({1, (int64_t)groups.size(), kernel, kernel}, mask.options());
        for (size_t g = 0; g < groups.size(); g++)
            ones[0][(int64_t)g].fill_((double)groups[g]);
        torch::Tensor sumM = F::conv2d(mask, ones, F::Conv2dFuncOptions().stride(stride).padding(padding));
        update = torch::clamp(sumM, 0, 1);
        ratio = (double)(in * kernel * kernel) / (sumM + 1e-8) * update;
    }
    torch::Tensor masked;
    if (groups.size() == 1)
        masked = x * mask;
    else
    {
        auto reps = torch::tensor(groups, torch::TensorOptions().dtype(torch::kLong).device(mask.device()));
        masked = x * mask.repeat_interleave(reps, 1, x.size(1));
    }
    torch::Tensor y = F::conv2d(masked, weight, opts);
    y = y * ratio;
    if (bias.defined())
        y = y + bias.view({1, -1, 1, 1});
    y = y * update;
    return {y, update};
}

GatedConv2dImpl::GatedConv2dImpl(int64_t in_, int64_t out_, int64_t kernel_, int64_t stride_, bool withBias, bool gated)
    : in(in_), out(out_), kernel(kernel_), stride(stride_), padding(kernel_ / 2)
{
    weight = register_parameter("weight", torch::empty({out, in, kernel, kernel}));
    torch::nn::init::kaiming_normal_(weight, 0.0, torch::kFanIn, torch::kReLU);
    if (withBias)
        bias = register_parameter("bias", torch::zeros({out}));
    if (gated)
    {
        // The gate starts near 0.5 everywhere: small weights, zero bias (Xavier-like fan-in scale).
        gateWeight = register_parameter("gate_weight", torch::empty({out, in, kernel, kernel}));
        torch::nn::init::kaiming_normal_(gateWeight, 0.0, torch::kFanIn, torch::kLinear);
        gateBias = register_parameter("gate_bias", torch::zeros({out}));
    }
}

torch::Tensor GatedConv2dImpl::features(const torch::Tensor& x)
{
    return F::conv2d(x, weight, F::Conv2dFuncOptions().stride(stride).padding(padding).bias(bias));
}

torch::Tensor GatedConv2dImpl::gate(const torch::Tensor& x)
{
    return F::conv2d(x, gateWeight, F::Conv2dFuncOptions().stride(stride).padding(padding).bias(gateBias));
}

int64_t NetConfig::encoderChannels(int i) const
{
    return (int64_t)width * std::min<int64_t>(int64_t(1) << std::min(i, 3), 8);
}

int64_t NetConfig::encoderKernel(int i) const
{
    return i == 0 ? 7 : (i < 3 ? 5 : 3);
}

PConvUNetImpl::PConvUNetImpl(const NetConfig& config_) : config(config_)
{
    if (config.layers < 2 || config.layers > 10)
        throw std::invalid_argument("layers must be in [2, 10], got " + std::to_string(config.layers));
    if (config.width < 1 || config.width > 1024)
        throw std::invalid_argument("width must be in [1, 1024], got " + std::to_string(config.width));
    const int L = config.layers;
    if (config.gated)
    {
        // The same levels as the partial net; names enc<i>/dec<i> and BatchNorm as there.
        int64_t inCh = 4;
        for (int i = 0; i < L; i++)
        {
            const int64_t c = config.encoderChannels(i);
            genc.push_back(register_module("enc" + std::to_string(i + 1),
                                           GatedConv2d(inCh, c, config.encoderKernel(i), 2, i == 0)));
            encBn.push_back(i > 0 ? register_module("enc_bn" + std::to_string(i + 1), torch::nn::BatchNorm2d(c))
                                  : torch::nn::BatchNorm2d(nullptr));
            inCh = c;
        }
        for (int i = 0; i < L; i++)
        {
            const int64_t deep = config.encoderChannels(i);
            const int64_t skip = i == 0 ? 4 : config.encoderChannels(i - 1);
            const int64_t outCh = i == 0 ? 3 : skip;
            // dec1 is the output layer: a plain convolution, no gate (as DeepFill v2's last layer).
            gdec.push_back(register_module("dec" + std::to_string(i + 1),
                                           GatedConv2d(deep + skip, outCh, 3, 1, i == 0, i > 0)));
            decBn.push_back(i > 0 ? register_module("dec_bn" + std::to_string(i + 1), torch::nn::BatchNorm2d(outCh))
                                  : torch::nn::BatchNorm2d(nullptr));
        }
        return;
    }
    int64_t inCh = 3;
    for (int i = 0; i < L; i++)
    {
        const int64_t c = config.encoderChannels(i);
        // BatchNorm follows every encoder layer but the first; a conv before BN needs no bias.
        enc.push_back(register_module("enc" + std::to_string(i + 1),
                                      PartialConv2d(inCh, c, config.encoderKernel(i), 2, i == 0, config.partial)));
        if (i > 0)
            encBn.push_back(register_module("enc_bn" + std::to_string(i + 1), torch::nn::BatchNorm2d(c)));
        else
            encBn.push_back(nullptr);
        inCh = c;
    }
    // dec[i] (i = 0..L-1) joins level i+1 (upsampled) with the skip of level i (the input for i = 0).
    for (int i = 0; i < L; i++)
    {
        const int64_t deep = config.encoderChannels(i);
        const int64_t skip = i == 0 ? 3 : config.encoderChannels(i - 1);
        const int64_t outCh = skip;
        dec.push_back(register_module("dec" + std::to_string(i + 1),
                                      PartialConv2d(deep + skip, outCh, 3, 1, i == 0, config.partial)));
        if (i > 0)
            decBn.push_back(register_module("dec_bn" + std::to_string(i + 1), torch::nn::BatchNorm2d(outCh)));
        else
            decBn.push_back(nullptr);
    }
}

torch::Tensor PConvUNetImpl::forward(const torch::Tensor& image, const torch::Tensor& mask)
{
    const int L = config.layers;
    const int64_t mult = int64_t(1) << L;
    TORCH_CHECK(image.dim() == 4 && image.size(1) == 3, "PConvUNet: image must be (N,3,H,W)");
    TORCH_CHECK(mask.dim() == 4 && mask.size(1) == 1, "PConvUNet: mask must be (N,1,H,W)");
    TORCH_CHECK(image.size(2) % mult == 0 && image.size(3) % mult == 0, "PConvUNet: H and W must be multiples of ",
                mult, ", got ", image.size(2), "x", image.size(3));
    if (config.gated)
        return forwardGated(image, mask);

    std::vector<torch::Tensor> feats{image}, masks{mask};
    torch::Tensor h = image, m = mask;
    for (int i = 0; i < L; i++)
    {
        std::tie(h, m) = enc[i]->forward(h, m, {h.size(1)});
        if (i > 0)
            h = encBn[i]->forward(h);
        h = torch::relu(h);
        feats.push_back(h);
        masks.push_back(m);
    }
    const auto up = F::InterpolateFuncOptions().scale_factor(std::vector<double>{2.0, 2.0}).mode(torch::kNearest);
    for (int i = L - 1; i >= 0; i--)
    {
        torch::Tensor hu = F::interpolate(h, up), mu = F::interpolate(m, up);
        const torch::Tensor& skip = feats[i];
        torch::Tensor x = torch::cat({hu, skip}, 1), mm = torch::cat({mu, masks[i]}, 1);
        std::tie(h, m) = dec[i]->forward(x, mm, {hu.size(1), skip.size(1)});
        if (i > 0)
            h = torch::leaky_relu(decBn[i]->forward(h), 0.2);
    }
    return h;
}

torch::Tensor PConvUNetImpl::forwardGated(const torch::Tensor& image, const torch::Tensor& mask)
{
    const int L = config.layers;
    torch::Tensor h = torch::cat({image * mask, mask}, 1);
    std::vector<torch::Tensor> feats{h};
    for (int i = 0; i < L; i++)
    {
        torch::Tensor f = genc[i]->features(h);
        if (i > 0)
            f = encBn[i]->forward(f);
        h = torch::relu(f) * torch::sigmoid(genc[i]->gate(h));
        feats.push_back(h);
    }
    const auto up = F::InterpolateFuncOptions().scale_factor(std::vector<double>{2.0, 2.0}).mode(torch::kNearest);
    for (int i = L - 1; i >= 0; i--)
    {
        const torch::Tensor x = torch::cat({F::interpolate(h, up), feats[i]}, 1);
        h = gdec[i]->features(x);
        if (i > 0)
            h = torch::leaky_relu(decBn[i]->forward(h), 0.2) * torch::sigmoid(gdec[i]->gate(x));
    }
    return h;
}

void PConvUNetImpl::freezeEncoderBatchNorm()
{
    for (auto& bn : encBn)
        if (bn)
        {
            bn->eval();
        }
}

} // namespace pconv
