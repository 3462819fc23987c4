// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

// Winograd F(4x4, 3x3) convolution of the masked input X*M for the fused PartialConv2d layer
// (3x3 kernel, stride 1, dilation 1), with the layer's epilogue applied as each output tile leaves
// the inverse transform. Design and error bound: doc/partial_conv.md ("Winograd engine").

#ifndef OPENCV_INPAINTING_PARTIAL_CONV_WINOGRAD_HPP
#define OPENCV_INPAINTING_PARTIAL_CONV_WINOGRAD_HPP

#include "opencv2/core.hpp"

#include <vector>

namespace cv {
namespace inpainting {
namespace detail {

//! What the layer applies after (conv * ratio + B) * upd: nothing, ReLU or LeakyReLU(slope).
struct PartialConvActivation
{
    enum Kind { NONE = 0, RELU = 1, LEAKY_RELU = 2 };
    Kind kind = NONE;
    float slope = 0.f; //!< negative slope of LEAKY_RELU

    inline float apply(float v) const
    {
        if (kind == NONE)
            return v;
        return v >= 0.f ? v : (kind == RELU ? 0.f : v * slope);
    }
};

//! Per-position factors of the layer's epilogue: y = act((conv * ratio + bias) * upd).
struct PartialConvEpilogue
{
    const float* ratio = nullptr; //!< (H', W') renormalisation, already multiplied by upd
    const float* upd = nullptr;   //!< (H', W') update mask
    const float* bias = nullptr;  //!< O values
    PartialConvActivation activation;
};

/** Winograd F(4x4, 3x3) engine. The weights are transformed once (U = G g G^T, in double); a
forward transforms the masked input tile by tile (V = B^T (X*M) B), multiplies U and V as 36
OpenBLAS GEMMs over blocks of tiles, and applies the inverse transform A^T m A with the epilogue.
The input is given as one plane pointer per channel for X and for its mask, so a caller can pass
the parts of a concatenation without building it. */
class PartialConvWinograd
{
public:
    //! True when the geometry is one this engine computes (3x3 kernel, stride 1, dilation 1).
    static bool applicable(int kernelH, int kernelW, int strideH, int strideW, int dilationH, int dilationW);

    //! weights: (O, C*9) float, row-major (the layer's weight matrix).
    void setWeights(const Mat& weights, int outChannels, int inChannels);
    bool empty() const { return u_.empty(); }

    /** Y (O, H', W') = epilogue(conv3x3(X*M)) with zero padding padTop/padLeft (the output size
    decides the bottom/right padding). xPlanes[c] and mPlanes[c] point to the (H, W) planes of
    input channel c and of its mask. */
    void run(const std::vector<const float*>& xPlanes, const std::vector<const float*>& mPlanes, int H, int W,
             int padTop, int padLeft, Size out, const PartialConvEpilogue& epilogue, float* y);

private:
    int outChannels_ = 0, inChannels_ = 0;
    std::vector<float> u_;      //!< [36][O][C] transformed weights
    std::vector<float> v_, m_;  //!< [36][C][tiles], [36][O][tiles] of one block of tiles
};

}}} // namespace cv::inpainting::detail

#endif
