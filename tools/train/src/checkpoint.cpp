// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

#include "checkpoint.hpp"

#include <ATen/CPUGeneratorImpl.h>

#include "util.hpp"

namespace pconv {

namespace {

const int64_t kFormatVersion = 1;

torch::Tensor scalarI(int64_t v) { return torch::tensor({v}, torch::kLong); }
torch::Tensor scalarD(double v) { return torch::tensor({v}, torch::kDouble); }

int64_t readI(torch::serialize::InputArchive& a, const char* key)
{
    torch::Tensor t;
    a.read(key, t);
    return t.item<int64_t>();
}

double readD(torch::serialize::InputArchive& a, const char* key)
{
    torch::Tensor t;
    a.read(key, t);
    return t.item<double>();
}

void openArchive(const std::string& path, torch::serialize::InputArchive& a)
{
    if (!fileExists(path))
        throw BadInput("--checkpoint: '" + path + "' does not exist");
    try
    {
        a.load_from(path);
    }
    catch (const std::exception& e)
    {
        throw BadInput("--checkpoint: '" + path + "' is not a pconv_train checkpoint (cannot be read)");
    }
}

CheckpointInfo readInfo(torch::serialize::InputArchive& a, const std::string& path)
{
    CheckpointInfo info;
    try
    {
        const int64_t version = readI(a, "format_version");
        if (version != kFormatVersion)
            throw BadInput("--checkpoint: '" + path + "' has format version " + std::to_string(version) +
                           ", this tool reads " + std::to_string(kFormatVersion));
        info.net.layers = (int)readI(a, "layers");
        info.net.width = (int)readI(a, "width");
        info.net.partial = readI(a, "partial") != 0;
        torch::Tensor gated;   // absent in checkpoints from before --conv gated: partial
        info.net.gated = a.try_read("gated", gated) && gated.item<int64_t>() != 0;
        info.trainSize = (int)readI(a, "train_size");
        info.step = readI(a, "step");
        info.epoch = readI(a, "epoch");
        info.bestPsnr = readD(a, "best_psnr");
        info.lastPsnr = readD(a, "last_psnr");
        info.seconds = readD(a, "seconds");
        torch::Tensor dWidth;
        if (a.try_read("discriminator_width", dWidth))
            info.discriminatorWidth = (int)dWidth.item<int64_t>();
    }
    catch (const BadInput&)
    {
        throw;
    }
    catch (const std::exception&)
    {
        throw BadInput("--checkpoint: '" + path + "' lacks the pconv_train header fields");
    }
    return info;
}

} // namespace

std::string convName(const NetConfig& net)
{
    return net.gated ? "gated" : "partial";
}

void saveCheckpoint(const std::string& path, PConvUNet& model, torch::optim::Optimizer* optimizer,
                    const CheckpointInfo& info, const AdversarialState* adversarial)
{
    torch::serialize::OutputArchive a;
    a.write("format_version", scalarI(kFormatVersion));
    a.write("layers", scalarI(info.net.layers));
    a.write("width", scalarI(info.net.width));
    a.write("partial", scalarI(info.net.partial ? 1 : 0));
    a.write("gated", scalarI(info.net.gated ? 1 : 0));
    a.write("train_size", scalarI(info.trainSize));
    a.write("step", scalarI(info.step));
    a.write("epoch", scalarI(info.epoch));
    a.write("best_psnr", scalarD(info.bestPsnr));
    a.write("last_psnr", scalarD(info.lastPsnr));
    a.write("seconds", scalarD(info.seconds));
    {
        auto gen = at::detail::getDefaultCPUGenerator();
        std::lock_guard<std::mutex> lock(gen.mutex());
        a.write("torch_rng", gen.get_state());
    }
    torch::serialize::OutputArchive m;
    model->save(m);
    a.write("model", m);
    if (optimizer)
    {
        torch::serialize::OutputArchive o;
        optimizer->save(o);
        a.write("optimizer", o);
    }
    if (adversarial && adversarial->discriminator)
    {
        a.write("discriminator_width", scalarI(adversarial->discriminator->width));
        torch::serialize::OutputArchive d;
        adversarial->discriminator->save(d);
        a.write("discriminator", d);
        if (adversarial->optimizer)
        {
            torch::serialize::OutputArchive o;
            adversarial->optimizer->save(o);
            a.write("discriminator_optimizer", o);
        }
    }
    writeAtomic(path, [&](const std::string& tmp) { a.save_to(tmp); });
}

CheckpointInfo readCheckpointInfo(const std::string& path)
{
    torch::serialize::InputArchive a;
    openArchive(path, a);
    return readInfo(a, path);
}

PConvUNet loadModel(const std::string& path, CheckpointInfo* infoOut)
{
    torch::serialize::InputArchive a;
    openArchive(path, a);
    CheckpointInfo info = readInfo(a, path);
    PConvUNet model(info.net);
    torch::serialize::InputArchive m;
    a.read("model", m);
    model->load(m);
    model->eval();
    if (infoOut)
        *infoOut = info;
    return model;
}

CheckpointInfo loadCheckpoint(const std::string& path, PConvUNet& model, torch::optim::Optimizer* optimizer,
                              AdversarialState* adversarial)
{
    torch::serialize::InputArchive a;
    openArchive(path, a);
    CheckpointInfo info = readInfo(a, path);
    if (info.net.gated != model->config.gated)
        throw BadInput("--resume: '" + path + "' holds a " + convName(info.net) + "-convolution net; the flags ask for " +
                       convName(model->config) + " convolutions (--conv " + convName(info.net) + " to continue it)");
    if (info.net.layers != model->config.layers || info.net.width != model->config.width ||
        info.net.partial != model->config.partial)
        throw BadInput("--resume: '" + path + "' holds a net with layers " + std::to_string(info.net.layers) +
                       ", width " + std::to_string(info.net.width) + "; the flags ask for layers " +
                       std::to_string(model->config.layers) + ", width " + std::to_string(model->config.width));
    torch::serialize::InputArchive m;
    a.read("model", m);
    model->load(m);
    if (optimizer)
    {
        torch::serialize::InputArchive o;
        if (a.try_read("optimizer", o))
            optimizer->load(o);
    }
    if (adversarial && adversarial->discriminator && info.discriminatorWidth > 0)
    {
        if (info.discriminatorWidth != adversarial->discriminator->width)
            throw BadInput("--resume: '" + path + "' holds a discriminator of width " +
                           std::to_string(info.discriminatorWidth) + "; --d-width asks for " +
                           std::to_string(adversarial->discriminator->width));
        torch::serialize::InputArchive d;
        a.read("discriminator", d);
        adversarial->discriminator->load(d);
        torch::serialize::InputArchive o;
        if (adversarial->optimizer && a.try_read("discriminator_optimizer", o))
            adversarial->optimizer->load(o);
    }
    torch::Tensor rng;
    if (a.try_read("torch_rng", rng))
    {
        auto gen = at::detail::getDefaultCPUGenerator();
        std::lock_guard<std::mutex> lock(gen.mutex());
        gen.set_state(rng);
    }
    return info;
}

} // namespace pconv
