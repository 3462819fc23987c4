// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

// The network of Liu et al. 2018 in LibTorch: PartialConv2d with NVIDIA's multi-channel semantics
// and the PConvUNet built from it.

#ifndef PCONV_TRAIN_MODEL_HPP
#define PCONV_TRAIN_MODEL_HPP

#include <torch/torch.h>
#include <utility>
#include <vector>

namespace pconv {

/** @brief Partial convolution, NVIDIA multi-channel semantics (see doc/model_format.md).

The mask comes as one plane per channel group: plane g stands for the next groups[g] channels of X
(a single plane with groups = {C} is the broadcast form). The window sum of the full C-channel
mask then is sum_g groups[g] * boxsum(M_g), one 1-output-channel convolution of the G planes, not
the second full convolution of NVIDIA's reference.

With `partial = false` the layer is a plain convolution (mask passed through unchanged in size
terms: all ones); used to measure what mask-awareness costs.
*/
struct PartialConv2dImpl : torch::nn::Module
{
    PartialConv2dImpl(int64_t in, int64_t out, int64_t kernel, int64_t stride, bool bias, bool partial = true);

    //! Returns (Y, M_out); M_out is (N,1,H',W').
    std::pair<torch::Tensor, torch::Tensor> forward(const torch::Tensor& x, const torch::Tensor& mask,
                                                    const std::vector<int64_t>& groups);

    int64_t in, out, kernel, stride, padding;
    bool partial;
    torch::Tensor weight, bias;   // bias undefined when the layer has none
};
TORCH_MODULE(PartialConv2d);

/** @brief Gated convolution (Yu et al. 2019, DeepFill v2): a feature convolution and a gate
convolution of the same input; the U-Net applies act(features) * sigmoid(gate). No mask rule: the
mask is an input channel of the first layer. With `gated = false` only the feature convolution
exists (the net's output layer). */
struct GatedConv2dImpl : torch::nn::Module
{
    GatedConv2dImpl(int64_t in, int64_t out, int64_t kernel, int64_t stride, bool bias, bool gated = true);
    torch::Tensor features(const torch::Tensor& x);
    torch::Tensor gate(const torch::Tensor& x);   //!< the gate's logits (before the sigmoid)

    int64_t in, out, kernel, stride, padding;
    torch::Tensor weight, bias;           // the feature convolution (bias undefined when followed by BatchNorm)
    torch::Tensor gateWeight, gateBias;   // undefined when gated = false
};
TORCH_MODULE(GatedConv2d);

//! Architecture of a PConvUNet; stored in checkpoints and ONNX metadata.
struct NetConfig
{
    int layers = 7;
    int width = 64;
    bool partial = true;
    //! Gated convolutions instead of partial ones (--conv gated): same levels, widths, kernels and
    //! BatchNorm; the first layer sees image x mask and the mask (4 channels).
    bool gated = false;
    //! Output channels of encoder level i (0-based): width * min(2^i, 8).
    int64_t encoderChannels(int i) const;
    //! Encoder kernel of level i: 7, 5, 5, then 3.
    int64_t encoderKernel(int i) const;
};

/** @brief U-Net of partial convolutions (Liu et al. 2018, widths scaled by NetConfig::width), or of
gated convolutions with NetConfig::gated (then enc/dec are empty and genc/gdec hold the layers).

Input: image (N,3,H,W) BGR in [0,1] (hole content is ignored), mask (N,1,H,W) with 1 = valid.
Output: (N,3,H,W) raw prediction, not clamped, not composited. H and W must be multiples of 2^layers.
*/
struct PConvUNetImpl : torch::nn::Module
{
    explicit PConvUNetImpl(const NetConfig& config);
    torch::Tensor forward(const torch::Tensor& image, const torch::Tensor& mask);

    //! Puts the encoder's BatchNorm layers in eval mode (fine-tune stage); call after train().
    void freezeEncoderBatchNorm();


    NetConfig config;
    std::vector<PartialConv2d> enc, dec;
    std::vector<GatedConv2d> genc, gdec;
    std::vector<torch::nn::BatchNorm2d> encBn, decBn;   // encBn[0] and decBn[0] are unused (no BN)

private:
    torch::Tensor forwardGated(const torch::Tensor& image, const torch::Tensor& mask);
};
TORCH_MODULE(PConvUNet);

} // namespace pconv

#endif
