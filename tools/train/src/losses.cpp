// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

#include "losses.hpp"

#include <cstdint>
#include <cstring>
#include <fstream>

#include "util.hpp"

namespace F = torch::nn::functional;

namespace pconv {

namespace {
const char kVggMagic[] = "PCVGG16 1\n";
// (in, out) of torchvision VGG16's first seven convolutions; pools after conv1_2, conv2_2, conv3_3.
const int kVggConvs[7][2] = {{3, 64}, {64, 64}, {64, 128}, {128, 128}, {128, 256}, {256, 256}, {256, 256}};
} // namespace

Vgg16FeaturesImpl::Vgg16FeaturesImpl()
{
    for (int i = 0; i < 7; i++)
        convs.push_back(register_module("conv" + std::to_string(i),
                                        torch::nn::Conv2d(torch::nn::Conv2dOptions(kVggConvs[i][0], kVggConvs[i][1], 3).padding(1))));
    for (auto& p : parameters())
        p.set_requires_grad(false);
}

std::vector<torch::Tensor> Vgg16FeaturesImpl::forward(const torch::Tensor& bgr)
{
    const auto opts = bgr.options();
    torch::Tensor rgb = bgr.flip({1});
    torch::Tensor mean = torch::tensor({0.485f, 0.456f, 0.406f}, opts).view({1, 3, 1, 1});
    torch::Tensor stdv = torch::tensor({0.229f, 0.224f, 0.225f}, opts).view({1, 3, 1, 1});
    torch::Tensor h = (rgb - mean) / stdv;
    std::vector<torch::Tensor> out;
    const int poolAfter[] = {1, 3, 6};
    int next = 0;
    for (int i = 0; i < 7; i++)
    {
        h = torch::relu(convs[i]->forward(h));
        if (i == poolAfter[next])
        {
            h = F::max_pool2d(h, F::MaxPool2dFuncOptions(2).stride(2));
            out.push_back(h);
            next++;
        }
    }
    return out;
}

void saveVggWeights(const std::string& path, const std::vector<torch::Tensor>& tensors)
{
    writeAtomic(path, [&](const std::string& tmp) {
        std::ofstream f(tmp, std::ios::binary);
        f.write(kVggMagic, sizeof(kVggMagic) - 1);
        for (const auto& t0 : tensors)
        {
            torch::Tensor t = t0.detach().to(torch::kCPU, torch::kFloat).contiguous();
            const int32_t nd = (int32_t)t.dim();
            f.write((const char*)&nd, 4);
            for (int d = 0; d < nd; d++)
            {
                const int64_t s = t.size(d);
                f.write((const char*)&s, 8);
            }
            f.write((const char*)t.data_ptr<float>(), (std::streamsize)(t.numel() * 4));
        }
        if (!f)
            throw std::runtime_error("cannot write '" + tmp + "'");
    });
}

std::vector<torch::Tensor> loadVggWeights(const std::string& path)
{
    std::ifstream f(path, std::ios::binary);
    if (!f)
        throw BadInput("--vgg: cannot open '" + path + "'");
    char magic[sizeof(kVggMagic) - 1];
    if (!f.read(magic, sizeof(magic)) || std::memcmp(magic, kVggMagic, sizeof(magic)) != 0)
        throw BadInput("--vgg: '" + path + "' is not a VGG16 weight file of convert_vgg16.py (bad header)");
    std::vector<torch::Tensor> out;
    for (int i = 0; i < 14; i++)
    {
        const bool isWeight = i % 2 == 0;
        const int c = i / 2;
        std::vector<int64_t> expect = isWeight ? std::vector<int64_t>{kVggConvs[c][1], kVggConvs[c][0], 3, 3}
                                               : std::vector<int64_t>{kVggConvs[c][1]};
        int32_t nd = 0;
        if (!f.read((char*)&nd, 4) || nd != (int32_t)expect.size())
            throw BadInput("--vgg: '" + path + "': tensor " + std::to_string(i) + " has the wrong rank or the file is cut short");
        std::vector<int64_t> dims(nd);
        f.read((char*)dims.data(), 8 * nd);
        if (!f || dims != expect)
            throw BadInput("--vgg: '" + path + "': tensor " + std::to_string(i) + " has the wrong shape");
        torch::Tensor t = torch::empty(dims);
        if (!f.read((char*)t.data_ptr<float>(), (std::streamsize)(t.numel() * 4)))
            throw BadInput("--vgg: '" + path + "' is cut short");
        out.push_back(t);
    }
    return out;
}

void Vgg16FeaturesImpl::loadWeights(const std::string& path)
{
    std::vector<torch::Tensor> t = loadVggWeights(path);
    torch::NoGradGuard g;
    for (int i = 0; i < 7; i++)
    {
        convs[i]->weight.copy_(t[2 * i]);
        convs[i]->bias.copy_(t[2 * i + 1]);
    }
}

torch::Tensor gramMatrix(const torch::Tensor& f)
{
    const int64_t n = f.size(0), c = f.size(1), hw = f.size(2) * f.size(3);
    torch::Tensor x = f.reshape({n, c, hw});
    return torch::bmm(x, x.transpose(1, 2)) / (double)(c * hw);
}

torch::Tensor meanSsim(const torch::Tensor& x, const torch::Tensor& y)
{
    TORCH_CHECK(x.dim() == 4 && x.sizes() == y.sizes() && x.size(2) >= 11 && x.size(3) >= 11,
                "meanSsim: x and y must be (N,C,H,W) of the same shape, H and W >= 11");
    const int64_t c = x.size(1);
    const double sigma = 1.5, c1 = 0.01 * 0.01, c2 = 0.03 * 0.03;
    torch::Tensor g = torch::arange(11, x.options()) - 5;
    g = torch::exp(-g * g / (2 * sigma * sigma));
    g = g / g.sum();
    // Separable depthwise blur without padding: only the windows entirely inside the image remain,
    // the ones the metric averages.
    const torch::Tensor gv = g.view({1, 1, 11, 1}).expand({c, 1, 11, 1}).contiguous();
    const torch::Tensor gh = g.view({1, 1, 1, 11}).expand({c, 1, 1, 11}).contiguous();
    auto blur = [&](const torch::Tensor& t) {
        return F::conv2d(F::conv2d(t, gv, F::Conv2dFuncOptions().groups(c)), gh, F::Conv2dFuncOptions().groups(c));
    };
    const torch::Tensor muX = blur(x), muY = blur(y);
    // Inputs are in [0,1], so E[ab] - E[a]E[b] does not cancel badly in float; the clamp only
    // removes rounding below zero.
    const torch::Tensor sxx = (blur(x * x) - muX * muX).clamp_min(0);
    const torch::Tensor syy = (blur(y * y) - muY * muY).clamp_min(0);
    const torch::Tensor sxy = blur(x * y) - muX * muY;
    const torch::Tensor map = (2 * muX * muY + c1) * (2 * sxy + c2) / ((muX * muX + muY * muY + c1) * (sxx + syy + c2));
    return map.mean();
}

LossTerms computeLosses(const torch::Tensor& output, const torch::Tensor& truth, const torch::Tensor& mask,
                        const LossWeights& w, Vgg16Features vgg)
{
    LossTerms t;
    const torch::Tensor hole = 1 - mask;
    t.valid = torch::mean(torch::abs(mask * (output - truth)));
    t.hole = torch::mean(torch::abs(hole * (output - truth)));
    const torch::Tensor comp = mask * truth + hole * output;
    // Total variation of the composite: only pairs touching the hole carry gradient.
    t.tv = torch::mean(torch::abs(comp.slice(3, 1) - comp.slice(3, 0, -1))) +
           torch::mean(torch::abs(comp.slice(2, 1) - comp.slice(2, 0, -1)));
    if (vgg)
    {
        std::vector<torch::Tensor> fo = vgg->forward(output), fc = vgg->forward(comp), ft;
        {
            torch::NoGradGuard g;
            ft = vgg->forward(truth);
        }
        t.perceptual = torch::zeros({}, output.options());
        t.style = torch::zeros({}, output.options());
        for (size_t i = 0; i < ft.size(); i++)
        {
            t.perceptual = t.perceptual + torch::mean(torch::abs(fo[i] - ft[i])) + torch::mean(torch::abs(fc[i] - ft[i]));
            const torch::Tensor gt = gramMatrix(ft[i]);
            t.style = t.style + torch::mean(torch::abs(gramMatrix(fo[i]) - gt)) +
                      torch::mean(torch::abs(gramMatrix(fc[i]) - gt));
        }
    }
    else
    {
        t.perceptual = torch::zeros({}, output.options());
        t.style = torch::zeros({}, output.options());
    }
    // 1 - SSIM of the composite: the known pixels are the truth's, so only windows that reach into
    // the hole differ from 1, and the gradient flows to the hole pixels only. Without a weight it is
    // still computed (cheaply, without a graph) for the log.
    // Images under the 11x11 window (tiny test crops) have no SSIM; train() refuses --w-ssim there.
    const bool ssimDefined = output.size(2) >= 11 && output.size(3) >= 11;
    if (w.ssim > 0)
        t.ssim = 1 - meanSsim(comp, truth);
    else if (ssimDefined)
    {
        torch::NoGradGuard g;
        t.ssim = 1 - meanSsim(comp, truth);
    }
    else
        t.ssim = torch::zeros({}, output.options());
    t.adversarial = torch::zeros({}, output.options());
    t.discriminator = torch::zeros({}, output.options());
    t.total = w.valid * t.valid + w.hole * t.hole + w.perceptual * t.perceptual + w.style * t.style + w.tv * t.tv;
    if (w.ssim > 0)
        t.total = t.total + w.ssim * t.ssim;
    return t;
}

} // namespace pconv
