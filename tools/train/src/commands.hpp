// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

// The subcommands besides `train`: infer, eval, bench.

#ifndef PCONV_TRAIN_COMMANDS_HPP
#define PCONV_TRAIN_COMMANDS_HPP

#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "model.hpp"

namespace pconv {

/** Inpaints one BGR image (8U) with a hole mask (8U, non-zero = hole): pads to a multiple of
2^layers as PartialConvInpainter does (image and hole mirrored, BORDER_REFLECT), runs the net,
composites over the known pixels.
Returns 8U BGR of the input's size. */
cv::Mat inpaintWithModel(PConvUNet& model, const cv::Mat& image, const cv::Mat& hole);

//! The raw network output (32F BGR, not clamped) for an image whose sides are multiples of 2^layers.
cv::Mat forwardRaw(PConvUNet& model, const cv::Mat& image, const cv::Mat& hole);

int runInfer(const std::string& checkpoint, const std::string& image, const std::string& mask, const std::string& output);

struct EvalOptions
{
    std::string checkpoint, data;
    int resize = 0;        //!< shorter side before the centre crop; 0 = train size of the checkpoint
    int maxImages = 0;     //!< 0 = all
    int seed = 0;
    std::string csv;       //!< optional CSV output
};
int runEval(const EvalOptions& options);

struct BenchOptions
{
    int width = 64;
    std::vector<int> sizes{128, 256};
    int batch = 4;
    int steps = 5;
    int inferSize = 512;
    int inferLayers = 8;
    int inferWidth = 64;
    int inferRuns = 3;
    bool bf16 = false;   //!< also time the PConv training step under bfloat16 autocast
    bool gated = false;  //!< also time the gated-convolution U-Net (training step and inference)
};
int runBench(const BenchOptions& options);

} // namespace pconv

#endif
