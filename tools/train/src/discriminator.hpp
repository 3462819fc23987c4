// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

// The discriminator of adversarial fine-tuning (--w-adv): SN-PatchGAN of DeepFill v2 (Yu et al. 2019,
// "Free-Form Image Inpainting with Gated Convolution"), with its hinge losses.

#ifndef PCONV_TRAIN_DISCRIMINATOR_HPP
#define PCONV_TRAIN_DISCRIMINATOR_HPP

#include <torch/torch.h>

namespace pconv {

/** @brief Convolution whose weight is divided by its spectral norm (Miyato et al. 2018).

The largest singular value of the weight, reshaped to (out, in*k*k), is estimated by one power
iteration per training-mode forward from the vectors `u` and `v` (buffers, so they are saved in
checkpoints and a resumed run continues the same estimate); in eval mode they are not updated. The gradient flows
through the weight and sigma with u and v held constant, as torch.nn.utils.spectral_norm does. */
struct SNConv2dImpl : torch::nn::Module
{
    SNConv2dImpl(int64_t in, int64_t out, int64_t kernel, int64_t stride);
    torch::Tensor forward(const torch::Tensor& x);
    //! The weight divided by the current sigma estimate (updates u first in training mode).
    torch::Tensor normalisedWeight();

    int64_t stride, padding;
    torch::Tensor weight, bias, u, v;
};
TORCH_MODULE(SNConv2d);

/** @brief SN-PatchGAN: six 5x5 stride-2 spectral-normalised convolutions with leaky ReLU (0.2),
widths w, 2w, 4w, 4w, 4w, 4w, the last without activation; each output value scores one patch.

Input: an image (N,3,H,W) BGR in [0,1] and its mask (N,1,H,W), 1 = valid (DeepFill gives the
discriminator the mask as well). Output: (N, 4w*(H/64)*(W/64)) raw scores (H, W rounded up per layer). */
struct PatchDiscriminatorImpl : torch::nn::Module
{
    explicit PatchDiscriminatorImpl(int width = 64);
    torch::Tensor forward(const torch::Tensor& image, const torch::Tensor& mask);

    int width;
    std::vector<SNConv2d> convs;
};
TORCH_MODULE(PatchDiscriminator);

//! Hinge loss of the discriminator: mean(relu(1 - D(real))) + mean(relu(1 + D(fake))).
torch::Tensor discriminatorHingeLoss(const torch::Tensor& real, const torch::Tensor& fake);

//! The generator's adversarial loss under the hinge formulation: -mean(D(fake)).
torch::Tensor generatorHingeLoss(const torch::Tensor& fake);

} // namespace pconv

#endif
