// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

#include "distributed.hpp"

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>

// Debian's LibTorch 1.13 is built with Gloo (libtorch_cpu.so exports c10d::ProcessGroupGloo and
// c10d::TCPStore); its header compiles only with this macro, which the Torch CMake config does
// not pass on. The Gloo headers themselves come from libgloo-dev.
#ifndef PCONV_TRAIN_NO_GLOO
#ifndef USE_C10D_GLOO
#define USE_C10D_GLOO
#endif
#include <torch/csrc/distributed/c10d/PrefixStore.hpp>
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>
#endif
// ProcessGroupNCCL exists only in CUDA builds of LibTorch; CMake defines PCONV_TRAIN_NCCL for one
// (INPAINTING_TRAIN_NCCL=ON). Not the case here: Debian's LibTorch is CPU-only.
#ifdef PCONV_TRAIN_NCCL
#include <torch/csrc/distributed/c10d/ProcessGroupNCCL.hpp>
#endif

#include "util.hpp"

namespace pconv {

namespace {

//! The integer value of an environment variable; BadInput if it is not one.
bool envInt(const char* name, long& value)
{
    const char* text = std::getenv(name);
    if (text == nullptr)
        return false;
    char* end = nullptr;
    errno = 0;
    value = std::strtol(text, &end, 10);
    if (*text == '\0' || end == nullptr || *end != '\0' || errno != 0)
        throw BadInput(std::string("distributed training: the environment variable ") + name + "='" + text +
                       "' is not an integer");
    return true;
}

std::string envString(const char* name)
{
    const char* text = std::getenv(name);
    return text ? text : "";
}

bool isLoopback(const std::string& host)
{
    return host == "localhost" || host.rfind("127.", 0) == 0 || host == "::1";
}

std::string message(const std::exception& e)
{
    if (const auto* c10 = dynamic_cast<const c10::Error*>(&e))
        return c10->what_without_backtrace();
    return e.what();
}

} // namespace

DistributedConfig distributedConfigFromEnvironment()
{
    DistributedConfig c;
    long worldSize = 1, rank = 0, localRank = 0, port = 0;
    const bool hasWorld = envInt("WORLD_SIZE", worldSize), hasRank = envInt("RANK", rank);
    if (!hasWorld && !hasRank)
        return c;
    if (!hasWorld || !hasRank)
        throw BadInput(std::string("distributed training: ") + (hasWorld ? "WORLD_SIZE" : "RANK") +
                       " is set but " + (hasWorld ? "RANK" : "WORLD_SIZE") +
                       " is not (set both, as torchrun does, or neither for one process)");
    if (worldSize < 1 || worldSize > 4096)
        throw BadInput("distributed training: WORLD_SIZE must be in [1, 4096], got " + std::to_string(worldSize));
    if (rank < 0 || rank >= worldSize)
        throw BadInput("distributed training: RANK must be in [0, WORLD_SIZE-1] = [0, " +
                       std::to_string(worldSize - 1) + "], got " + std::to_string(rank));
    if (!envInt("LOCAL_RANK", localRank))
        localRank = rank;
    if (localRank < 0 || localRank >= worldSize)
        throw BadInput("distributed training: LOCAL_RANK must be in [0, WORLD_SIZE-1], got " +
                       std::to_string(localRank));
    c.worldSize = (int)worldSize;
    c.rank = (int)rank;
    c.localRank = (int)localRank;
    if (worldSize == 1)
        return c; // torchrun --nproc-per-node=1: one process, nothing to meet
    c.masterAddr = envString("MASTER_ADDR");
    if (c.masterAddr.empty())
        throw BadInput("distributed training (WORLD_SIZE " + std::to_string(worldSize) +
                       "): MASTER_ADDR is not set (the host of rank 0)");
    if (!envInt("MASTER_PORT", port))
        throw BadInput("distributed training (WORLD_SIZE " + std::to_string(worldSize) +
                       "): MASTER_PORT is not set (the port rank 0 listens on)");
    if (port < 1 || port > 65535)
        throw BadInput("distributed training: MASTER_PORT must be in [1, 65535], got " + std::to_string(port));
    c.masterPort = (int)port;
    return c;
}

#ifdef PCONV_TRAIN_NO_GLOO

// Built without Gloo's headers (CMake found no libgloo-dev): one process only.
struct Distributed::Impl
{
};

Distributed::Distributed(const DistributedConfig& config, double timeoutSeconds, const torch::Device&)
    : config_(config), timeoutSeconds_(timeoutSeconds)
{
    throw BadInput("distributed training (WORLD_SIZE " + std::to_string(config.worldSize) +
                   "): this pconv_train was built without Gloo (install libgloo-dev and rebuild)");
}
Distributed::~Distributed() = default;
const char* Distributed::backend() const { return "none"; }
void Distributed::lost(const char*, const std::exception& e) { throw PeerLost(e.what()); }
void Distributed::allreduce(std::vector<torch::Tensor>&, const char*) {}
void Distributed::broadcast(const std::vector<torch::Tensor>&, const char*) {}
void Distributed::averageGradients(const std::vector<torch::Tensor>&, const char*, int64_t) {}
void Distributed::averageInPlace(const std::vector<torch::Tensor>&, const char*) {}
std::vector<double> Distributed::sum(const std::vector<double>& values, const char*) { return values; }
std::pair<int64_t, int64_t> Distributed::minMax(int64_t value, const char*) { return {value, value}; }

#else

struct Distributed::Impl
{
    c10::intrusive_ptr<c10d::Store> store;
    c10::intrusive_ptr<c10d::ProcessGroup> group;
};

Distributed::Distributed(const DistributedConfig& config, double timeoutSeconds, const torch::Device& device)
    : config_(config), timeoutSeconds_(timeoutSeconds), impl_(std::make_unique<Impl>())
{
    const auto timeout = std::chrono::milliseconds((int64_t)(timeoutSeconds * 1000));
    const std::string where = config.masterAddr + ":" + std::to_string(config.masterPort);
#ifndef PCONV_TRAIN_NCCL
    if (device.is_cuda())
        throw BadInput("distributed training with --device " + device.str() +
                       " needs ProcessGroupNCCL, which this LibTorch build does not have (CPU-only; rebuild "
                       "against a CUDA LibTorch with -DINPAINTING_TRAIN_NCCL=ON); use --device cpu (Gloo)");
#endif
    // 1. Rendezvous: rank 0 serves the key-value store and waits until every rank has connected.
    try
    {
        c10d::TCPStoreOptions so;
        so.port = (uint16_t)config.masterPort;
        so.isServer = config.rank == 0;
        so.numWorkers = (size_t)config.worldSize;
        so.waitWorkers = true;
        so.timeout = timeout;
        impl_->store = c10::make_intrusive<c10d::TCPStore>(config.masterAddr, so);
    }
    catch (const std::exception& e)
    {
        throw BadInput("distributed training: rank " + std::to_string(config.rank) + " of " +
                       std::to_string(config.worldSize) + " could not " +
                       (config.rank == 0 ? "serve the rendezvous on " : "reach the rendezvous at ") + where +
                       " within --dist-timeout " + std::to_string((int)timeoutSeconds) + " s (" +
                       (config.rank == 0 ? "port in use, or not every rank started?"
                                         : "rank 0 not started, wrong MASTER_ADDR/MASTER_PORT, or a firewall?") +
                       "): " + message(e));
    }
    // 2. The process group, its keys under a prefix of their own in the store.
    try
    {
        auto store = c10::make_intrusive<c10d::PrefixStore>("pconv_train", impl_->store);
#ifdef PCONV_TRAIN_NCCL
        if (device.is_cuda())
        {
            auto options = c10d::ProcessGroupNCCL::Options::create();
            options->timeout = timeout;
            impl_->group = c10::make_intrusive<c10d::ProcessGroupNCCL>(store, config.rank, config.worldSize, options);
            return;
        }
#endif
        auto options = c10d::ProcessGroupGloo::Options::create(timeout);
        // On one machine (MASTER_ADDR a loopback address) the loopback interface, whatever the host
        // name resolves to; otherwise GLOO_SOCKET_IFNAME as PyTorch reads it, else the host name's address.
        const std::string ifname = envString("GLOO_SOCKET_IFNAME");
        if (!ifname.empty())
            options->devices.push_back(c10d::ProcessGroupGloo::createDeviceForInterface(ifname));
        else if (isLoopback(config.masterAddr))
            options->devices.push_back(c10d::ProcessGroupGloo::createDeviceForHostname("127.0.0.1"));
        else
            options->devices.push_back(c10d::ProcessGroupGloo::createDefaultDevice());
        options->threads = 2;
        impl_->group = c10::make_intrusive<c10d::ProcessGroupGloo>(store, config.rank, config.worldSize, options);
    }
    catch (const std::exception& e)
    {
        throw BadInput("distributed training: rank " + std::to_string(config.rank) + " could not connect to the other ranks "
                       "within --dist-timeout " + std::to_string((int)timeoutSeconds) + " s (did all " +
                       std::to_string(config.worldSize) + " start? Gloo, rendezvous at " + where + "): " + message(e));
    }
}

Distributed::~Distributed() = default;

const char* Distributed::backend() const
{
#ifdef PCONV_TRAIN_NCCL
    if (impl_->group && impl_->group->getBackendName() == "nccl")
        return "NCCL";
#endif
    return "Gloo";
}

void Distributed::lost(const char* what, const std::exception& e)
{
    // The process group stays alive (leaked): destroying it could wait on the dead peer's sockets,
    // and this process is about to exit anyway.
    (void)impl_->group.release();
    (void)impl_->store.release();
    char text[160];
    std::snprintf(text, sizeof(text), "rank %d of %d: the all-reduce of %s failed (another rank died, or did not "
                                      "answer within --dist-timeout %g s): ",
                  config_.rank, config_.worldSize, what, timeoutSeconds_);
    throw PeerLost(text + message(e));
}

void Distributed::allreduce(std::vector<torch::Tensor>& tensors, const char* what)
{
    if (!impl_->group)
        throw PeerLost(std::string("the process group is gone (an earlier collective failed); ") + what);
    const auto t0 = std::chrono::steady_clock::now();
    try
    {
        std::vector<c10::intrusive_ptr<c10d::Work>> works;
        for (auto& t : tensors)
        {
            std::vector<torch::Tensor> one{t};
            works.push_back(impl_->group->allreduce(one));
        }
        for (auto& w : works)
            w->wait();
    }
    catch (const std::exception& e)
    {
        lost(what, e);
    }
    collectiveSeconds_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

void Distributed::broadcast(const std::vector<torch::Tensor>& tensors, const char* what)
{
    if (!impl_->group)
        throw PeerLost(std::string("the process group is gone (an earlier collective failed); ") + what);
    torch::NoGradGuard noGrad;
    try
    {
        for (const auto& t : tensors)
        {
            // Gloo sends contiguous buffers; a parameter normally is one already.
            torch::Tensor buffer = t.contiguous();
            std::vector<torch::Tensor> one{buffer};
            c10d::BroadcastOptions options;
            options.rootRank = 0;
            impl_->group->broadcast(one, options)->wait();
            if (!buffer.is_same(t))
                t.copy_(buffer);
        }
    }
    catch (const std::exception& e)
    {
        lost(what, e);
    }
}

void Distributed::averageGradients(const std::vector<torch::Tensor>& parameters, const char* what,
                                   int64_t bucketBytes)
{
    torch::NoGradGuard noGrad;
    // Gradients in parameter order (the same on every rank), cut into buckets of one dtype.
    std::vector<torch::Tensor> grads;
    for (const auto& p : parameters)
    {
        if (!p.requires_grad())
            continue;
        if (!p.grad().defined())
            p.mutable_grad() = torch::zeros_like(p);
        grads.push_back(p.grad());
    }
    std::vector<std::vector<torch::Tensor>> members;
    int64_t bytes = 0;
    for (const auto& g : grads)
    {
        if (members.empty() || bytes >= bucketBytes || members.back().front().scalar_type() != g.scalar_type())
        {
            members.emplace_back();
            bytes = 0;
        }
        members.back().push_back(g);
        bytes += g.numel() * (int64_t)g.element_size();
    }
    std::vector<torch::Tensor> flat;
    for (const auto& m : members)
    {
        std::vector<torch::Tensor> pieces;
        for (const auto& g : m)
            pieces.push_back(g.reshape({-1}));
        flat.push_back(torch::cat(pieces));
    }
    allreduce(flat, what);
    const double scale = 1.0 / config_.worldSize;
    for (size_t b = 0; b < members.size(); b++)
    {
        flat[b].mul_(scale);
        int64_t offset = 0;
        for (auto& g : members[b])
        {
            g.copy_(flat[b].narrow(0, offset, g.numel()).view_as(g));
            offset += g.numel();
        }
    }
}

void Distributed::averageInPlace(const std::vector<torch::Tensor>& tensors, const char* what)
{
    torch::NoGradGuard noGrad;
    std::vector<torch::Tensor> floats, buffers;
    for (const auto& t : tensors)
        if (t.is_floating_point())
        {
            floats.push_back(t);
            buffers.push_back(t.contiguous().clone());
        }
    allreduce(buffers, what);
    for (size_t i = 0; i < floats.size(); i++)
        floats[i].copy_(buffers[i].div_(config_.worldSize));
}

std::vector<double> Distributed::sum(const std::vector<double>& values, const char* what)
{
    std::vector<torch::Tensor> t{torch::tensor(values, torch::kFloat64)};
    allreduce(t, what);
    const double* p = t[0].data_ptr<double>();
    return std::vector<double>(p, p + values.size());
}

std::pair<int64_t, int64_t> Distributed::minMax(int64_t value, const char* what)
{
    // Gloo's MAX reduction on (value, -value): the maximum and the negated minimum.
    std::vector<torch::Tensor> t{torch::tensor({value, -value}, torch::kInt64)};
    if (!impl_->group)
        throw PeerLost(std::string("the process group is gone; ") + what);
    try
    {
        c10d::AllreduceOptions options;
        options.reduceOp = c10d::ReduceOp::MAX;
        impl_->group->allreduce(t, options)->wait();
    }
    catch (const std::exception& e)
    {
        lost(what, e);
    }
    return {-t[0][1].item<int64_t>(), t[0][0].item<int64_t>()};
}

#endif // PCONV_TRAIN_NO_GLOO

} // namespace pconv
