// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

// Checkpoints: model, optimiser state, step, epoch, best validation PSNR, RNG state and the
// architecture, in LibTorch's archive format, written atomically (temp file, then rename).

#ifndef PCONV_TRAIN_CHECKPOINT_HPP
#define PCONV_TRAIN_CHECKPOINT_HPP

#include <string>

#include <torch/torch.h>

#include "discriminator.hpp"
#include "model.hpp"

namespace pconv {

struct CheckpointInfo
{
    NetConfig net;
    int trainSize = 256;
    int64_t step = 0;          //!< optimiser steps done
    int64_t epoch = 0;         //!< epochs completed
    double bestPsnr = -1;      //!< best validation PSNR so far (dB), -1 = none yet
    double lastPsnr = -1;      //!< validation PSNR at this checkpoint, -1 = not validated
    double seconds = 0;        //!< training wall time so far
    int discriminatorWidth = 0; //!< width of the saved discriminator (--w-adv runs' last.ckpt); 0 = none saved
};

//! The discriminator of adversarial fine-tuning and its optimiser, saved in last.ckpt beside the generator.
struct AdversarialState
{
    PatchDiscriminator discriminator{nullptr};
    torch::optim::Optimizer* optimizer = nullptr;
};

//! "gated" or "partial": the --conv value of a net.
std::string convName(const NetConfig& net);

//! Writes a checkpoint atomically. `optimizer` may be null (model only); `adversarial` null or empty: none saved.
void saveCheckpoint(const std::string& path, PConvUNet& model, torch::optim::Optimizer* optimizer,
                    const CheckpointInfo& info, const AdversarialState* adversarial = nullptr);

//! Reads the architecture and counters only.
CheckpointInfo readCheckpointInfo(const std::string& path);

//! Builds the model stored in a checkpoint (eval mode). Throws BadInput if the file is unusable.
PConvUNet loadModel(const std::string& path, CheckpointInfo* info = nullptr);

/** Restores model weights/buffers, the optimiser state (if given) and the global Torch RNG into an
existing model of the same architecture. With `adversarial` (a discriminator and its optimiser), the
saved ones are restored too when the checkpoint has them (info.discriminatorWidth > 0; a different
width than the discriminator's is BadInput); otherwise they are left as they are. */
CheckpointInfo loadCheckpoint(const std::string& path, PConvUNet& model, torch::optim::Optimizer* optimizer,
                              AdversarialState* adversarial = nullptr);

} // namespace pconv

#endif
