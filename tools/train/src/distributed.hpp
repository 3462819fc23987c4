// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

// Data-parallel training: the ranks of one run, started with torchrun's environment (WORLD_SIZE,
// RANK, LOCAL_RANK, MASTER_ADDR, MASTER_PORT), meet at rank 0's c10d::TCPStore and all-reduce
// their gradients with c10d::ProcessGroupGloo (LibTorch's own collectives, on the CPU).
//
// What the trainer asks of this file: the rendezvous, a broadcast of rank 0's weights, the
// bucketed average of the gradients, and small sums that keep the ranks' decisions together
// (a non-finite loss, a stop, the logged loss means). A failed collective (a rank died, or did not
// answer within --dist-timeout) throws PeerLost; a bad configuration throws BadInput.

#ifndef PCONV_TRAIN_DISTRIBUTED_HPP
#define PCONV_TRAIN_DISTRIBUTED_HPP

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <torch/torch.h>

namespace pconv {

//! Exit code of a run whose peer rank died or hung (a collective failed or timed out).
const int kExitPeerLost = 4;

//! A collective failed during training: a rank died, or did not answer within --dist-timeout.
struct PeerLost : std::runtime_error
{
    using std::runtime_error::runtime_error;
};

//! torchrun's variables. worldSize 1 (or WORLD_SIZE unset) = a single process, nothing distributed.
struct DistributedConfig
{
    int worldSize = 1, rank = 0, localRank = 0;
    std::string masterAddr;
    int masterPort = 0;
    bool enabled() const { return worldSize > 1; }
};

/** Reads WORLD_SIZE, RANK, LOCAL_RANK, MASTER_ADDR, MASTER_PORT. None of WORLD_SIZE and RANK set:
single process. Otherwise WORLD_SIZE, RANK, MASTER_ADDR and MASTER_PORT are required (LOCAL_RANK
defaults to RANK); a non-integer value, RANK outside [0, WORLD_SIZE), a port outside [1, 65535] is
BadInput naming the variable. */
DistributedConfig distributedConfigFromEnvironment();

//! One rank's membership of the process group.
class Distributed
{
public:
    /** The rendezvous: rank 0 listens on MASTER_PORT (TCPStore server) and waits for the others, the
    others connect to MASTER_ADDR:MASTER_PORT; then the Gloo process group. Every wait is bounded by
    `timeoutSeconds` (also the timeout of every later collective). Failure is BadInput: port in use,
    master unreachable, ranks missing. `device` must be the CPU unless this LibTorch has NCCL. */
    Distributed(const DistributedConfig& config, double timeoutSeconds, const torch::Device& device);
    ~Distributed();

    int rank() const { return config_.rank; }
    int worldSize() const { return config_.worldSize; }
    bool isMain() const { return config_.rank == 0; }
    const char* backend() const;

    //! Rank 0's values of these tensors (weights, buffers) into every rank's, in place.
    void broadcast(const std::vector<torch::Tensor>& tensors, const char* what);

    /** Replaces every parameter's gradient with its mean over the ranks. The gradients are flattened
    into buckets of about `bucketBytes` (one all-reduce each, all in flight together); a parameter
    without a gradient counts as zeros (and gets a zero gradient), so every rank sends the same
    layout. `what` names the model in the error message. */
    void averageGradients(const std::vector<torch::Tensor>& parameters, const char* what,
                          int64_t bucketBytes = 8 << 20);

    //! Replaces each floating-point tensor (e.g. BatchNorm running statistics) with its mean over the ranks.
    void averageInPlace(const std::vector<torch::Tensor>& tensors, const char* what);

    //! Element-wise sums of small values over the ranks (losses to log, flags).
    std::vector<double> sum(const std::vector<double>& values, const char* what);

    //! True when `flag` is true on any rank.
    bool any(bool flag, const char* what) { return sum({flag ? 1.0 : 0.0}, what)[0] > 0; }

    //! The minimum and maximum of `value` over the ranks.
    std::pair<int64_t, int64_t> minMax(int64_t value, const char* what);

    /** Wall time this rank spent in collectives so far (seconds): the transfers, and the waits for
    slower ranks, which a collective cannot tell apart. */
    double collectiveSeconds() const { return collectiveSeconds_; }

private:
    //! Runs the all-reduces (SUM) and waits; a failure throws PeerLost naming `what`.
    void allreduce(std::vector<torch::Tensor>& tensors, const char* what);
    [[noreturn]] void lost(const char* what, const std::exception& e);

    struct Impl;
    DistributedConfig config_;
    double timeoutSeconds_;
    double collectiveSeconds_ = 0;
    std::unique_ptr<Impl> impl_;
};

} // namespace pconv

#endif
