// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

#include "discriminator.hpp"

namespace F = torch::nn::functional;

namespace pconv {

SNConv2dImpl::SNConv2dImpl(int64_t in, int64_t out, int64_t kernel, int64_t stride_)
    : stride(stride_), padding(kernel / 2)
{
    // PyTorch's Conv2d initialisation (Kaiming-uniform with a = sqrt(5), bias uniform in +-1/sqrt(fan-in)).
    weight = register_parameter("weight", torch::empty({out, in, kernel, kernel}));
    torch::nn::init::kaiming_uniform_(weight, std::sqrt(5.0));
    const double bound = 1.0 / std::sqrt((double)(in * kernel * kernel));
    bias = register_parameter("bias", torch::empty({out}).uniform_(-bound, bound));
    const auto unit = F::NormalizeFuncOptions().dim(0).eps(1e-12);
    u = register_buffer("u", F::normalize(torch::randn({out}), unit));
    v = register_buffer("v", F::normalize(torch::randn({in * kernel * kernel}), unit));
}

torch::Tensor SNConv2dImpl::normalisedWeight()
{
    const torch::Tensor w = weight.reshape({weight.size(0), -1});
    if (is_training())
    {
        // One power iteration, as torch.nn.utils.spectral_norm does it.
        torch::NoGradGuard noGrad;
        const auto unit = F::NormalizeFuncOptions().dim(0).eps(1e-12);
        v.copy_(F::normalize(torch::mv(w.t(), u), unit));
        u.copy_(F::normalize(torch::mv(w, v), unit));
    }
    const torch::Tensor sigma = torch::dot(u.clone(), torch::mv(w, v.clone()));
    return weight / sigma;
}

torch::Tensor SNConv2dImpl::forward(const torch::Tensor& x)
{
    return F::conv2d(x, normalisedWeight(), F::Conv2dFuncOptions().stride(stride).padding(padding).bias(bias));
}

PatchDiscriminatorImpl::PatchDiscriminatorImpl(int width_) : width(width_)
{
    TORCH_CHECK(width >= 1, "PatchDiscriminator: width must be >= 1");
    const int64_t w = width;
    const int64_t channels[] = {w, 2 * w, 4 * w, 4 * w, 4 * w, 4 * w};
    int64_t in = 4;
    for (int i = 0; i < 6; i++)
    {
        convs.push_back(register_module("conv" + std::to_string(i + 1), SNConv2d(in, channels[i], 5, 2)));
        in = channels[i];
    }
}

torch::Tensor PatchDiscriminatorImpl::forward(const torch::Tensor& image, const torch::Tensor& mask)
{
    torch::Tensor h = torch::cat({image, mask}, 1);
    for (size_t i = 0; i < convs.size(); i++)
    {
        h = convs[i]->forward(h);
        if (i + 1 < convs.size())
            h = F::leaky_relu(h, F::LeakyReLUFuncOptions().negative_slope(0.2));
    }
    return h.flatten(1);
}

torch::Tensor discriminatorHingeLoss(const torch::Tensor& real, const torch::Tensor& fake)
{
    return torch::relu(1 - real).mean() + torch::relu(1 + fake).mean();
}

torch::Tensor generatorHingeLoss(const torch::Tensor& fake)
{
    return -fake.mean();
}

} // namespace pconv
