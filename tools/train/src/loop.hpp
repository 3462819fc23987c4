// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

// The training loop: Adam, progress, CSV logs, validation with pictures, atomic checkpoints.

#ifndef PCONV_TRAIN_LOOP_HPP
#define PCONV_TRAIN_LOOP_HPP

#include <string>

#include <torch/torch.h>

#include "data.hpp"
#include "losses.hpp"
#include "model.hpp"

namespace pconv {

//! Adversarial fine-tuning (--w-adv): SN-PatchGAN discriminator, hinge loss (DeepFill v2).
struct AdversarialOptions
{
    double weight = 0;             //!< weight of the generator's hinge term; 0 = no discriminator
    double learningRate = 2e-4;    //!< the discriminator's Adam rate (betas 0.5, 0.999)
    int steps = 1;                 //!< discriminator updates per generator step (on the same batch)
    int width = 64;                //!< the discriminator's base width (DeepFill v2: 64)
};

struct TrainOptions
{
    DataConfig data;
    std::string valDir;
    std::string out;
    NetConfig net;
    int batchSize = 16;
    int epochs = 50;
    int64_t steps = 0;            //!< total optimiser steps; 0 = derive from epochs
    double learningRate = 2e-4;
    bool finetune = false;
    bool resume = false;
    std::string init;             //!< checkpoint whose weights start the run (e.g. before --finetune)
    std::string vgg;
    LossWeights weights;
    AdversarialOptions adversarial;
    int valEvery = 500;           //!< steps between validations (0 = only at the end)
    int valCount = 100;           //!< validation images used (0 = all)
    int checkpointEvery = 500;    //!< steps between checkpoints
    int keepEvery = 0;            //!< also keep <out>/step_N.ckpt (weights only) every N steps; 0 = never
    double checkpointMinutes = 10; //!< also validate and checkpoint when this much time passed since the last (0 = off)
    int logEvery = 20;            //!< steps between log lines / CSV rows
    double timeLimitMinutes = 0;  //!< stop (with a checkpoint) after this much wall time of this process; 0 = none
    std::string device = "cpu";
    bool bf16 = false;            //!< bfloat16 autocast on the CPU for the forward pass and the losses
    bool quiet = false;
    //! Data-parallel runs (torchrun's variables set): the longest wait for another rank, in the
    //! rendezvous and in every all-reduce, before this rank gives up (exit 2 at the start, 4 later).
    double distTimeoutSeconds = 300;
};

//! Validation summary (means over the fixed validation set).
struct ValResult
{
    double loss = 0, psnr = 0, ssim = 0, psnrHole = 0, l1Hole = 0;
};

/** The options' ranges and combinations; throws BadInput naming the flag. train() calls it first. */
void checkTrainOptions(const TrainOptions& options);

/** Runs (or resumes) training. Returns 0 when done, kExitDiverged on a non-finite loss (last good
checkpoint kept). Throws BadInput for bad options or data. SIGINT/SIGTERM stop after the current
step with a checkpoint. With torchrun's environment (WORLD_SIZE > 1, distributed.hpp) this process is
one rank of a data-parallel run; a lost peer throws PeerLost. */
int train(const TrainOptions& options);

/** Runs the model over fixed validation images (BGR 32F or 8U) and their hole masks; optionally
returns the outputs (32F BGR, not clamped). */
ValResult validate(PConvUNet& model, const std::vector<cv::Mat>& images, const std::vector<cv::Mat>& holes,
                   const LossWeights& weights, Vgg16Features vgg, torch::Device device,
                   std::vector<cv::Mat>* outputs = nullptr, int batchSize = 8);

//! Sets LibTorch's and OpenCV's thread counts (LibTorch's Debian build otherwise runs one thread).
void setThreads(int threads);

} // namespace pconv

#endif
