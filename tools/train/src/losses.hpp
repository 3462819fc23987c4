// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

// The losses of Liu et al. 2018, every term size-averaged (mean over its elements), and an optional
// structural-similarity term (1 - SSIM of the composite), the metric the evaluation reports.

#ifndef PCONV_TRAIN_LOSSES_HPP
#define PCONV_TRAIN_LOSSES_HPP

#include <string>
#include <vector>

#include <torch/torch.h>

namespace pconv {

struct LossWeights
{
    double valid = 1, hole = 6, perceptual = 0.05, style = 120, tv = 0.1;
    double ssim = 0;  //!< off by default: the paper's recipe has no SSIM term
};

//! The terms of one evaluation (unweighted) and the weighted total.
struct LossTerms
{
    torch::Tensor valid, hole, perceptual, style, tv, ssim, total;
    //! --w-adv: the generator's hinge term -mean(D(composite)) (in total with its weight) and the
    //! discriminator's hinge loss of the same step (not in total). Zero without --w-adv.
    torch::Tensor adversarial, discriminator;
};

/** @brief VGG16 features pool1, pool2, pool3 (torchvision's `features[0:17]`), frozen.

Input: BGR in [0,1] (the network's convention); the module flips to RGB and applies ImageNet's
mean/std as torchvision's weights expect. Weights come from a file written by
tools/train/convert_vgg16.py (see README) or from saveVggWeights().
*/
struct Vgg16FeaturesImpl : torch::nn::Module
{
    Vgg16FeaturesImpl();
    std::vector<torch::Tensor> forward(const torch::Tensor& bgr);
    void loadWeights(const std::string& path);
    std::vector<torch::nn::Conv2d> convs;   // conv1_1 .. conv3_3
};
TORCH_MODULE(Vgg16Features);

/** File format of the VGG weights ("PCVGG16 1"): magic line, then per tensor (conv1_1 weight, bias,
conv1_2 weight, ..., conv3_3 bias; 14 tensors): int32 ndim, int64 dims[ndim], float32 data, all
little-endian. Simple enough that a ten-line Python script writes it. */
void saveVggWeights(const std::string& path, const std::vector<torch::Tensor>& tensors);
std::vector<torch::Tensor> loadVggWeights(const std::string& path);

//! Gram matrix (N,C,C) of features (N,C,H,W), divided by C*H*W.
torch::Tensor gramMatrix(const torch::Tensor& f);

/** @brief Mean SSIM of x against y, (N,C,H,W) in [0,1], differentiable.

The definition of cv::inpainting::ssim (the benchmark's metric): 11x11 Gaussian window, sigma 1.5,
C1 = 0.01^2, C2 = 0.03^2, every channel on its own, mean over the windows entirely inside the image,
then over channels and images. H and W must be at least 11. */
torch::Tensor meanSsim(const torch::Tensor& x, const torch::Tensor& y);

/** @brief All terms. output, truth: (N,3,H,W); mask (N,1,H,W) 1 = valid. vgg may be empty (no
perceptual/style terms, they are zero). */
LossTerms computeLosses(const torch::Tensor& output, const torch::Tensor& truth, const torch::Tensor& mask,
                        const LossWeights& w, Vgg16Features vgg);

} // namespace pconv

#endif
