// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

// Checkpoints: model, optimiser state, step, epoch, best validation PSNR, RNG state and the
// architecture, in LibTorch's archive format, written atomically (temp file, then rename).

#ifndef PCONV_TRAIN_CHECKPOINT_HPP
#define PCONV_TRAIN_CHECKPOINT_HPP

#include <string>

#include <torch/torch.h>

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
};

//! Writes a checkpoint atomically. `optimizer` may be null (model only).
void saveCheckpoint(const std::string& path, PConvUNet& model, torch::optim::Optimizer* optimizer,
                    const CheckpointInfo& info);

//! Reads the architecture and counters only.
CheckpointInfo readCheckpointInfo(const std::string& path);

//! Builds the model stored in a checkpoint (eval mode). Throws BadInput if the file is unusable.
PConvUNet loadModel(const std::string& path, CheckpointInfo* info = nullptr);

/** Restores model weights/buffers, the optimiser state (if given) and the global Torch RNG into an
existing model of the same architecture. */
CheckpointInfo loadCheckpoint(const std::string& path, PConvUNet& model, torch::optim::Optimizer* optimizer);

} // namespace pconv

#endif
