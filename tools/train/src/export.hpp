// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

// ONNX export of a PConvUNet as doc/model_format.md and doc/partial_conv_op.md define it.

#ifndef PCONV_TRAIN_EXPORT_HPP
#define PCONV_TRAIN_EXPORT_HPP

#include <string>
#include <vector>

#include <torch/torch.h>

#include "checkpoint.hpp"
#include "model.hpp"

namespace pconv {

//! Weights of one partial convolution after BatchNorm is folded in (bias always present).
struct FoldedConv
{
    torch::Tensor weight, bias;
};

/** Folds each layer's BatchNorm (running statistics) into its convolution: W' = W*g/s, B' = (B-mu)*g/s + beta
with s = sqrt(var + eps). Exact wherever the layer's update mask is 1; where it is 0 the folded layer
outputs 0 instead of BN(0), and those positions are masked out by every later layer. Order: enc1..encL, dec1..decL. */
std::vector<FoldedConv> foldBatchNorm(PConvUNet& model);

/** Writes the ONNX model: inputs `image` (1,3,size,size), `mask` (1,1,size,size); output `output`.
Validated with onnx::checker::check_model, then renamed into place. size 0 = info.trainSize.
`half`: convolution weights (after BatchNorm folding) as FLOAT16 initializers, about half the
file; PartialConvInpainter widens them to float when it loads the model, so it computes in float
with the fp16-rounded weights. Biases and the Resize scales stay FLOAT. */
void exportOnnx(PConvUNet& model, const CheckpointInfo& info, const std::string& path, int size = 0,
                bool half = false);

} // namespace pconv

#endif
