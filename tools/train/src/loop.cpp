// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

// The training loop, read top to bottom as a LibTorch program:
//   checkTrainOptions()      the options' ranges and combinations (BadInput, exit 2)
//   Trainer::Trainer()       data, model, Adam, VGG; resume from last.ckpt or start from --init
//   Trainer::step()          forward, losses, backward, Adam step; with --w-adv the discriminator's
//                            update comes first and its hinge term joins the generator's loss
//   Trainer::run()           the loop: prefetch the next batch, step, then log, validate, checkpoint
// The log, validation and checkpoint parts are Trainer's other members.
// Data-parallel (distributed.hpp, `dist` set): every rank runs this loop on its shard of each step's
// global batch; the gradients are averaged before Adam's step, and the decisions that must be the
// same everywhere (a non-finite loss, a stop, a checkpoint) are sums over the ranks. Rank 0 alone
// validates and writes (checkpoints, CSV, pictures, progress).

#include "loop.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <future>
#include <memory>
#include <sstream>
#include <unistd.h>

#include <opencv2/core/utility.hpp>
#include <opencv2/imgproc.hpp>

#include "autocast.hpp"
#include "checkpoint.hpp"
#include "distributed.hpp"
#include "opencv2/inpainting/metrics.hpp"
#include "plot.hpp"
#include "util.hpp"

namespace pconv {

namespace {

std::atomic<int> gStopSignal{0};
extern "C" void onStopSignal(int sig) { gStopSignal = sig; }

//! The best validation so far for the log lines; a run without --val-data (bestPsnr stays -1) says so
//! rather than printing a PSNR of -1 dB.
std::string bestValidation(const CheckpointInfo& info)
{
    if (info.bestPsnr < 0)
        return "no validation yet (--val-data, --val-every)";
    char text[64];
    std::snprintf(text, sizeof(text), "best val PSNR %.2f dB", info.bestPsnr);
    return text;
}

// ---- CSV logs

const char kTrainCsvHeader[] =
    "step,epoch,images,seconds,images_per_s,lr,total,valid,hole,perceptual,style,tv,ssim,adversarial,discriminator";
const char kValCsvHeader[] = "step,epoch,seconds,val_loss,psnr,ssim,psnr_hole,l1_hole";

//! Rows of a CSV log whose first column (step) is <= maxStep; the file is rewritten without the rest
//! (rows logged after the checkpoint a run resumes from belong to steps that will be redone).
std::vector<std::vector<double>> loadCsv(const std::string& path, const char* header, int64_t maxStep)
{
    std::vector<std::vector<double>> rows;
    std::ifstream f(path);
    if (!f)
        return rows;
    std::string line;
    std::getline(f, line);
    std::string kept = std::string(header) + "\n";
    const size_t columns = (size_t)std::count(header, header + std::strlen(header), ',') + 1;
    // A log of an older version whose header is the start of this one (columns were added at the
    // end) keeps its rows, the new columns 0.
    const size_t fileColumns = std::string(header).rfind(line, 0) == 0 && !line.empty() &&
                                       (line.size() == std::strlen(header) || header[line.size()] == ',')
                                   ? (size_t)std::count(line.begin(), line.end(), ',') + 1
                                   : columns;
    while (std::getline(f, line))
    {
        std::vector<double> row;
        std::stringstream ss(line);
        std::string cell;
        while (std::getline(ss, cell, ','))
            row.push_back(std::atof(cell.c_str()));
        // A row cut short by a kill during the append is dropped with the rows past the checkpoint.
        if (row.size() != fileColumns || f.eof() || row[0] > (double)maxStep)
            continue;
        for (size_t c = row.size(); c < columns; c++)
        {
            row.push_back(0);
            line += ",0";
        }
        rows.push_back(row);
        kept += line + "\n";
    }
    writeTextAtomic(path, kept);
    return rows;
}

void appendCsv(const std::string& path, const char* header, const std::vector<double>& row)
{
    const bool fresh = !fileExists(path);
    std::ofstream f(path, std::ios::app);
    if (fresh)
        f << header << "\n";
    for (size_t i = 0; i < row.size(); i++)
    {
        char b[40];
        std::snprintf(b, sizeof(b), "%.8g", row[i]);
        f << (i ? "," : "") << b;
    }
    f << "\n";
}

//! Means of the loss terms since the last log line.
struct Running
{
    double total = 0, valid = 0, hole = 0, perceptual = 0, style = 0, tv = 0, ssim = 0, adversarial = 0,
           discriminator = 0;
    int n = 0;
    //! v: total, valid, hole, perceptual, style, tv, ssim, adversarial, discriminator (termValues()).
    void add(const std::vector<double>& v)
    {
        total += v[0];
        valid += v[1];
        hole += v[2];
        perceptual += v[3];
        style += v[4];
        tv += v[5];
        ssim += v[6];
        adversarial += v[7];
        discriminator += v[8];
        n++;
    }
};

std::vector<double> termValues(const LossTerms& t)
{
    return {t.total.item<double>(),      t.valid.item<double>(), t.hole.item<double>(),
            t.perceptual.item<double>(), t.style.item<double>(), t.tv.item<double>(),
            t.ssim.item<double>(),       t.adversarial.item<double>(), t.discriminator.item<double>()};
}

/** Test hook of the data-parallel comparison (tools/train/test/test_distributed.cpp):
PCONV_TRAIN_TEST_BN_EVAL=1 keeps every BatchNorm layer in eval mode (running statistics, which then
stay at their initial 0 and 1), so that ranks normalising their shards and one process normalising
the whole batch compute the same function. Unset (the normal case) it does nothing. */
bool batchNormEvalForTest()
{
    const char* env = std::getenv("PCONV_TRAIN_TEST_BN_EVAL");
    return env && std::strcmp(env, "1") == 0;
}

void setRequiresGrad(torch::nn::Module& m, bool on)
{
    for (auto& p : m.parameters())
        p.requires_grad_(on);
}

/** Test hook of the non-finite-loss stop (tools/train/test, test/scripts/train_faults.sh):
PCONV_TRAIN_FAIL_AT_STEP=N puts a NaN into the batch of step N, so the real step meets a NaN loss
and takes the path a diverging run takes. Unset (the normal case) it does nothing. */
class FaultInjection
{
public:
    FaultInjection()
    {
        const char* env = std::getenv("PCONV_TRAIN_FAIL_AT_STEP");
        failAtStep_ = env ? std::atoll(env) : 0;
    }
    void apply(int64_t step, Batch& batch) const
    {
        if (failAtStep_ > 0 && step == failAtStep_)
            batch.image = batch.image.clone().fill_(std::nan(""));
    }

private:
    int64_t failAtStep_ = 0;
};

torch::Device parseDevice(const std::string& name)
{
    torch::Device device(torch::kCPU);
    try
    {
        device = torch::Device(name);
    }
    catch (const std::exception&)
    {
        throw BadInput("--device: '" + name + "' is not a device (cpu, cuda, cuda:1, ...)");
    }
    if (device.is_cuda() && !torch::cuda::is_available())
        throw BadInput("--device " + name + ": this LibTorch build or machine has no CUDA");
    return device;
}

int64_t parameterCount(torch::nn::Module& m)
{
    int64_t n = 0;
    for (const auto& p : m.parameters())
        n += p.numel();
    return n;
}

//! Copies the weights and buffers of another model of the same architecture (--init).
void copyWeights(PConvUNet& from, PConvUNet& to)
{
    torch::serialize::OutputArchive a;
    from->save(a);
    std::stringstream ss;
    a.save_to(ss);
    torch::serialize::InputArchive in;
    in.load_from(ss);
    to->load(in);
}

//! One training run: its state and the parts of the loop.
class Trainer
{
public:
    Trainer(const TrainOptions& options, Distributed* dist);
    int run();

private:
    //! One optimisation step. The losses are returned; when their total is not finite nothing was updated.
    LossTerms step(const Batch& batch);
    //! --w-adv: the discriminator's updates of one step; returns its (last) hinge loss.
    torch::Tensor discriminatorStep(const torch::Tensor& real, const torch::Tensor& fake, const torch::Tensor& mask);
    void setTrainMode();
    //! Data-parallel: the same starting point on every rank (resume step, data, weights from rank 0).
    void joinRanks();
    //! True on every rank when `flag` is true on any rank (one process: the flag itself).
    bool agreed(bool flag, const char* what) { return dist ? dist->any(flag, what) : flag; }
    void logProgress(double secondsNow, bool last, bool stop);
    void validate(double secondsNow);
    void saveLast(double secondsNow);
    void drawCurves();
    int diverged(const LossTerms& t, double total);

    const TrainOptions& o;
    Distributed* dist;   //!< null: one process
    const bool writer;   //!< rank 0 (or the only process): validates, logs, writes checkpoints and pictures
    const int globalBatch;
    torch::Device device;
    Dataset data;
    std::vector<cv::Mat> valImages, valHoles;
    const std::string lastPath, bestPath, trainCsv, valCsv;
    PConvUNet model;
    torch::optim::Adam optimizer;
    Vgg16Features vgg{nullptr};
    //! --w-adv: the discriminator and its optimiser (empty otherwise).
    PatchDiscriminator discriminator{nullptr};
    std::unique_ptr<torch::optim::Adam> discriminatorOptimizer;
    AdversarialState adversarial;
    CheckpointInfo info;
    int64_t stepsPerEpoch = 1, totalSteps = 0;
    std::vector<std::vector<double>> trainRows, valRows;
    Running running;
    std::vector<double> stepTerms;   //!< the last step's loss terms (means over the ranks), termValues() order
    double tLog = 0;
    int64_t stepLog = 0;
    bool tty = false;
};

Trainer::Trainer(const TrainOptions& options, Distributed* distributed)
    : o(options), dist(distributed), writer(!distributed || distributed->isMain()),
      globalBatch(options.batchSize * (distributed ? distributed->worldSize() : 1)),
      device(parseDevice(options.device)), data(options.data, "--data"),
      lastPath(options.out + "/last.ckpt"), bestPath(options.out + "/best.ckpt"),
      trainCsv(options.out + "/train.csv"), valCsv(options.out + "/val.csv"), model(options.net),
      optimizer(model->parameters(), torch::optim::AdamOptions(options.learningRate))
{
    if (!o.valDir.empty() && writer)
    {
        DataConfig vc = o.data;
        vc.dir = o.valDir;
        vc.masksDir.clear();
        Dataset(vc, "--val-data").fixedSet(o.valCount, valImages, valHoles);
    }
    if (writer)
    {
        makeDirs(o.out, "--out");
        if (const int stale = removeStaleTemporaries(o.out))
            std::fprintf(stderr, "removed %d temporary file(s) of an interrupted run from %s\n", stale, o.out.c_str());
    }

    model->to(device);
    if (!o.vgg.empty())
    {
        vgg = Vgg16Features();
        vgg->loadWeights(o.vgg);
        vgg->to(device);
        vgg->eval();
    }

    if (o.adversarial.weight > 0)
    {
        discriminator = PatchDiscriminator(o.adversarial.width);
        discriminator->to(device);
        discriminatorOptimizer = std::make_unique<torch::optim::Adam>(
            discriminator->parameters(),
            torch::optim::AdamOptions(o.adversarial.learningRate).betas(std::make_tuple(0.5, 0.999)));
        adversarial.discriminator = discriminator;
        adversarial.optimizer = discriminatorOptimizer.get();
    }

    info.net = o.net;
    info.trainSize = o.data.imageSize;
    if (o.resume && fileExists(lastPath))
    {
        info = loadCheckpoint(lastPath, model, &optimizer, &adversarial);
        if (writer)
            std::fprintf(stderr, "resuming from %s at step %lld (%s)\n", lastPath.c_str(), (long long)info.step,
                         bestValidation(info).c_str());
        if (discriminator && info.discriminatorWidth == 0 && writer)
            std::fprintf(stderr, "--w-adv: %s has no discriminator yet, a new one starts\n", lastPath.c_str());
        if (!discriminator && info.discriminatorWidth > 0 && writer)
            std::fprintf(stderr, "note: %s holds a discriminator; without --w-adv it is not used and the next "
                                 "checkpoint drops it\n", lastPath.c_str());
    }
    else
    {
        if (o.resume && writer)
            std::fprintf(stderr, "--resume: no checkpoint at %s yet, starting a new run\n", lastPath.c_str());
        if (!o.init.empty())
        {
            PConvUNet src = loadModel(o.init);
            if (src->config.gated != o.net.gated)
                throw BadInput("--init: '" + o.init + "' holds a " + convName(src->config) +
                               "-convolution net; the flags ask for " + convName(o.net) + " convolutions (--conv " +
                               convName(src->config) + ")");
            if (src->config.layers != o.net.layers || src->config.width != o.net.width)
                throw BadInput("--init: '" + o.init + "' has a different architecture than --layers/--width");
            copyWeights(src, model);
            model->to(device);
            if (writer)
                std::fprintf(stderr, "starting from the weights of %s\n", o.init.c_str());
        }
        // A new run starts new logs.
        if (writer)
        {
            std::remove(trainCsv.c_str());
            std::remove(valCsv.c_str());
        }
    }
    // The learning rates are the ones asked for now (a fine-tune stage lowers them).
    for (auto& g : optimizer.param_groups())
        static_cast<torch::optim::AdamOptions&>(g.options()).lr(o.learningRate);
    if (discriminatorOptimizer)
        for (auto& g : discriminatorOptimizer->param_groups())
            static_cast<torch::optim::AdamOptions&>(g.options()).lr(o.adversarial.learningRate);

    stepsPerEpoch = std::max<int64_t>(1, (int64_t)data.size() / globalBatch);
    totalSteps = o.steps > 0 ? o.steps : stepsPerEpoch * o.epochs;
    if (dist)
        joinRanks();
    if (!writer)
        return; // the other ranks print nothing but errors
    trainRows = loadCsv(trainCsv, kTrainCsvHeader, info.step);
    valRows = loadCsv(valCsv, kValCsvHeader, info.step);
    tty = isatty(fileno(stderr));

    std::fprintf(stderr,
                 "pconv_train: %zu training images%s, %zu validation images, crop %d, batch %d, layers %d, width %d, "
                 "%s convolutions, %lld parameters, lr %g, %d threads, steps %lld..%lld (%lld per epoch)%s\n",
                 data.size(), data.unreadable() ? " (some skipped)" : "", valImages.size(), o.data.imageSize,
                 o.batchSize, o.net.layers, o.net.width, convName(o.net).c_str(), (long long)parameterCount(*model), o.learningRate,
                 torch::get_num_threads(), (long long)info.step, (long long)totalSteps, (long long)stepsPerEpoch,
                 o.finetune ? ", fine-tune (encoder BN frozen)" : "");
    if (dist)
        std::fprintf(stderr, "data-parallel: world size %d (%s), batch %d per rank, global batch %d, lr %g (not "
                             "scaled with the world size), BatchNorm statistics per rank (running statistics "
                             "averaged over the ranks before each validation and checkpoint), timeout %g s\n",
                     dist->worldSize(), dist->backend(), o.batchSize, globalBatch, o.learningRate,
                     o.distTimeoutSeconds);
    if (o.bf16)
        std::fprintf(stderr, "bfloat16 autocast on the CPU (forward and losses; weights, gradients and Adam in float)\n");
    if (discriminator)
        std::fprintf(stderr, "adversarial: weight %g, SN-PatchGAN discriminator width %d (%lld parameters), lr %g, "
                             "%d update(s) per step, hinge loss\n",
                     o.adversarial.weight, o.adversarial.width, (long long)parameterCount(*discriminator),
                     o.adversarial.learningRate, o.adversarial.steps);
    if (o.data.maskCurriculum > 0)
        std::fprintf(stderr, "mask curriculum: upper hole ratio %.2f at step 0 to %.2f at step %lld\n", o.data.maskMin,
                     o.data.maskMax, (long long)o.data.maskCurriculum);
}

void Trainer::setTrainMode()
{
    model->train();
    if (discriminator)
        discriminator->train();
    if (o.finetune)
        model->freezeEncoderBatchNorm();
    if (batchNormEvalForTest())
        for (auto* layers : {&model->encBn, &model->decBn})
            for (auto& bn : *layers)
                if (bn)
                    bn->eval();
}

void Trainer::joinRanks()
{
    // Every rank must run the same steps on the same stream: the same resume step (one --out that
    // all ranks read, e.g. a shared folder), the same number of images, the same step count.
    const std::pair<int64_t, int64_t> stepRange = dist->minMax(info.step, "the resume step");
    if (stepRange.first != stepRange.second)
        throw BadInput("distributed training: the ranks start from different steps (" +
                       std::to_string(stepRange.first) + " to " + std::to_string(stepRange.second) +
                       "): every rank reads <out>/last.ckpt for --resume, so --out must be the same (shared) "
                       "folder on every rank (rank " + std::to_string(dist->rank()) + " has " + lastPath +
                       (fileExists(lastPath) ? "" : ", missing") + ")");
    const std::pair<int64_t, int64_t> images = dist->minMax((int64_t)data.size(), "the image count");
    if (images.first != images.second)
        throw BadInput("distributed training: the ranks found different numbers of training images (" +
                       std::to_string(images.first) + " to " + std::to_string(images.second) +
                       "): --data must hold the same images on every rank");
    const std::pair<int64_t, int64_t> steps = dist->minMax(totalSteps, "the step count");
    if (steps.first != steps.second)
        throw BadInput("distributed training: the ranks would run different step counts (" +
                       std::to_string(steps.first) + " to " + std::to_string(steps.second) +
                       "): give every rank the same flags");
    // The same initial weights everywhere (--seed gives them already; this also covers --init and
    // any difference in how a rank got its state). Adam's state is each rank's own: equal at the
    // start (new, or the same last.ckpt) and updated with the same averaged gradients.
    std::vector<torch::Tensor> state = model->parameters();
    for (const auto& b : model->buffers())
        state.push_back(b);
    dist->broadcast(state, "the initial weights");
    if (discriminator)
    {
        std::vector<torch::Tensor> d = discriminator->parameters();
        for (const auto& b : discriminator->buffers())
            d.push_back(b);
        dist->broadcast(d, "the discriminator's initial weights");
    }
}

LossTerms Trainer::step(const Batch& batch)
{
    torch::Tensor image = batch.image.to(device), mask = batch.mask.to(device);
    torch::Tensor output;
    LossTerms t;
    {
        CpuBf16Autocast autocast(o.bf16);
        output = model->forward(image * mask, mask);
        t = computeLosses(output, image, mask, o.weights, vgg);
    }
    if (discriminator)
    {
        const torch::Tensor composite = mask * image + (1 - mask) * output;
        t.discriminator = discriminatorStep(image, composite.detach(), mask);
        if (!std::isfinite(t.discriminator.item<double>()))
        {
            t.total = t.total + t.discriminator;
            return t;
        }
        // The generator is pushed towards composites the discriminator scores as real; the gradient
        // reaches the generator through the hole pixels only (the known ones are the photo's).
        setRequiresGrad(*discriminator, false);
        {
            CpuBf16Autocast autocast(o.bf16);
            t.adversarial = generatorHingeLoss(discriminator->forward(composite, mask));
        }
        setRequiresGrad(*discriminator, true);
        t.total = t.total + o.adversarial.weight * t.adversarial;
    }
    stepTerms = termValues(t);
    bool finite = std::isfinite(stepTerms[0]);
    if (dist)
    {
        // The logged losses are the means over the ranks; the last value counts the ranks whose loss
        // is not finite: then none of them updates (and all stop as a diverged run).
        std::vector<double> values = stepTerms;
        values.push_back(finite ? 0 : 1);
        values = dist->sum(values, "the losses");
        for (size_t i = 0; i < stepTerms.size(); i++)
            stepTerms[i] = values[i] / dist->worldSize();
        if (finite && values.back() > 0)
        {
            std::fprintf(stderr, "rank %d: the loss of another rank is not finite\n", dist->rank());
            t.total = torch::full({}, std::nan(""));
            finite = false;
        }
    }
    if (!finite)
        return t;
    optimizer.zero_grad();
    t.total.backward();
    if (dist)
        dist->averageGradients(model->parameters(), "the generator's gradients");
    optimizer.step();
    return t;
}

torch::Tensor Trainer::discriminatorStep(const torch::Tensor& real, const torch::Tensor& fake, const torch::Tensor& mask)
{
    // --d-steps updates on this batch's photos against its composites (the generator held fixed).
    torch::Tensor loss;
    for (int k = 0; k < o.adversarial.steps; k++)
    {
        {
            CpuBf16Autocast autocast(o.bf16);
            loss = discriminatorHingeLoss(discriminator->forward(real, mask), discriminator->forward(fake, mask));
        }
        const bool finite = std::isfinite(loss.item<double>());
        if (agreed(!finite, "the discriminator's loss"))
        {
            if (finite) // another rank's is not: every rank stops as diverged
                loss = torch::full({}, std::nan(""));
            break;
        }
        discriminatorOptimizer->zero_grad();
        loss.backward();
        if (dist)
            dist->averageGradients(discriminator->parameters(), "the discriminator's gradients");
        discriminatorOptimizer->step();
    }
    return loss.detach();
}

int Trainer::diverged(const LossTerms& t, double total)
{
    std::fprintf(stderr,
                 "%serror: the loss became %s at step %lld (valid %g, hole %g, tv %g); stopping. The last good "
                 "checkpoint is %s (try a lower --learning_rate).\n",
                 tty ? "\n" : "", std::isnan(total) ? "NaN" : "infinite", (long long)info.step + 1,
                 t.valid.item<double>(), t.hole.item<double>(), t.tv.item<double>(),
                 fileExists(lastPath) ? lastPath.c_str() : "(none written yet)");
    return kExitDiverged;
}

void Trainer::logProgress(double secondsNow, bool last, bool stop)
{
    if (!(info.step % o.logEvery == 0 || last || stop))
        return;
    const double now = nowSeconds();
    const double ips = (double)(info.step - stepLog) * globalBatch / std::max(1e-9, now - tLog);
    const Running& r = running;
    const double n = std::max(1, r.n);
    std::vector<double> row{(double)info.step, (double)info.epoch, (double)(info.step * globalBatch), secondsNow,
                            ips, o.learningRate, r.total / n, r.valid / n, r.hole / n, r.perceptual / n,
                            r.style / n, r.tv / n, r.ssim / n, r.adversarial / n, r.discriminator / n};
    appendCsv(trainCsv, kTrainCsvHeader, row);
    trainRows.push_back(row);
    const double eta = (double)(totalSteps - info.step) * globalBatch / std::max(ips, 1e-9);
    const int barWidth = 24;
    const int filled = (int)((double)info.step / totalSteps * barWidth);
    const std::string bar = std::string(filled, '#') + std::string(barWidth - filled, '-');
    char adv[64] = "";
    if (discriminator)
        std::snprintf(adv, sizeof(adv), " adv %.4f D %.4f", r.adversarial / n, r.discriminator / n);
    if (!o.quiet)
        std::fprintf(stderr,
                     "%s[%s] step %lld/%lld ep %lld  %.1f img/s  ETA %s  loss %.4f (valid %.4f hole %.4f "
                     "perc %.4f style %.4f tv %.4f 1-ssim %.4f%s)%s",
                     tty ? "\r" : "", bar.c_str(), (long long)info.step, (long long)totalSteps, (long long)info.epoch,
                     ips, formatDuration(eta).c_str(), r.total / n, r.valid / n, r.hole / n, r.perceptual / n,
                     r.style / n, r.tv / n, r.ssim / n, adv, tty ? "" : "\n");
    running = Running();
    tLog = now;
    stepLog = info.step;
}

void Trainer::validate(double secondsNow)
{
    if (valImages.empty())
        return;
    std::vector<cv::Mat> outputs;
    ValResult v = pconv::validate(model, valImages, valHoles, o.weights, vgg, device, &outputs);
    setTrainMode();
    info.lastPsnr = v.psnr;
    const bool best = v.psnr > info.bestPsnr;
    if (best)
        info.bestPsnr = v.psnr;
    std::vector<double> row{(double)info.step, (double)info.epoch, secondsNow, v.loss, v.psnr, v.ssim, v.psnrHole,
                            v.l1Hole};
    appendCsv(valCsv, kValCsvHeader, row);
    valRows.push_back(row);
    std::fprintf(stderr, "%sval step %lld: loss %.4f  PSNR %.2f dB  SSIM %.4f  PSNR(hole) %.2f dB  L1(hole) %.4f%s\n",
                 tty ? "\n" : "", (long long)info.step, v.loss, v.psnr, v.ssim, v.psnrHole, v.l1Hole,
                 best ? "  (best)" : "");
    const size_t nGrid = std::min<size_t>(6, valImages.size());
    std::vector<cv::Mat> truth(nGrid);
    for (size_t i = 0; i < nGrid; i++)
        valImages[i].convertTo(truth[i], CV_32F, 1.0 / 255);
    writeImageAtomic(o.out + "/val_grid.png",
                     makeGrid(truth, std::vector<cv::Mat>(valHoles.begin(), valHoles.begin() + nGrid),
                              std::vector<cv::Mat>(outputs.begin(), outputs.begin() + nGrid)));
    if (best)
    {
        info.seconds = secondsNow;
        saveCheckpoint(bestPath, model, nullptr, info);
    }
}

void Trainer::saveLast(double secondsNow)
{
    info.seconds = secondsNow;
    saveCheckpoint(lastPath, model, &optimizer, info, &adversarial);
}

void Trainer::drawCurves()
{
    Series tl{"train loss", cv::Scalar(200, 80, 0), {}, {}}, vl{"val loss", cv::Scalar(0, 0, 220), {}, {}};
    Series vp{"val PSNR (dB)", cv::Scalar(0, 140, 0), {}, {}};
    for (const auto& r : trainRows)
        if (r.size() > 6)
        {
            tl.x.push_back(r[0]);
            tl.y.push_back(r[6]);
        }
    for (const auto& r : valRows)
        if (r.size() > 5)
        {
            vl.x.push_back(r[0]);
            vl.y.push_back(r[3]);
            vp.x.push_back(r[0]);
            vp.y.push_back(r[4]);
        }
    std::vector<std::vector<Series>> panels{{tl, vl}, {vp}};
    std::vector<std::string> titles{"loss (log scale) vs step", "validation PSNR vs step"};
    std::vector<bool> logY{true, false};
    if (discriminator)
    {
        Series ga{"G: -mean D(composite)", cv::Scalar(0, 120, 220), {}, {}};
        Series dl{"D: hinge loss", cv::Scalar(120, 0, 120), {}, {}};
        for (const auto& r : trainRows)
            if (r.size() > 14)
            {
                ga.x.push_back(r[0]);
                ga.y.push_back(r[13]);
                dl.x.push_back(r[0]);
                dl.y.push_back(r[14]);
            }
        panels.push_back({ga, dl});
        titles.push_back("adversarial losses vs step");
        logY.push_back(false);
    }
    writeImageAtomic(o.out + "/loss_curve.png", plotPanels(panels, titles, logY));
}

int Trainer::run()
{
    gStopSignal = 0;
    std::signal(SIGINT, onStopSignal);
    std::signal(SIGTERM, onStopSignal);
    const FaultInjection faults;

    setTrainMode();
    const double elapsedBase = info.seconds;
    const double t0 = nowSeconds();
    tLog = t0;
    stepLog = info.step;
    double tLastCkpt = t0;
    // The next batch is decoded and augmented on another thread while this one trains.
    // Data-parallel: this rank's shard of the step's global batch.
    const int shards = dist ? dist->worldSize() : 1, shard = dist ? dist->rank() : 0;
    auto fetch = [this, shards, shard](int64_t s) {
        return std::async(std::launch::async, [this, s, shards, shard] { return data.trainBatch(s, o.batchSize, shards, shard); });
    };
    std::future<Batch> next = fetch(info.step);
    int rc = 0;
    while (info.step < totalSteps)
    {
        Batch batch = next.get();
        if (info.step + 1 < totalSteps)
            next = fetch(info.step + 1);
        faults.apply(info.step + 1, batch);

        const LossTerms t = step(batch);
        const double total = t.total.item<double>();
        if (!std::isfinite(total))
        {
            rc = diverged(t, total);
            break;
        }
        running.add(stepTerms);
        info.step++;
        info.epoch = info.step * globalBatch / (int64_t)data.size();

        const bool last = info.step == totalSteps;
        const double secondsNow = elapsedBase + (nowSeconds() - t0);
        bool timeUp = o.timeLimitMinutes > 0 && nowSeconds() - t0 > o.timeLimitMinutes * 60;
        // Time-based as well, so a slow or loaded machine still leaves a recent checkpoint.
        bool byTime = o.checkpointMinutes > 0 && nowSeconds() - tLastCkpt > o.checkpointMinutes * 60;
        bool stop = gStopSignal != 0 || timeUp;
        if (dist)
        {
            // One rank's signal or time limit stops all after this step; rank 0's clock decides the
            // time-based checkpoints (every rank takes part in one: its BatchNorm statistics).
            const std::vector<double> s = dist->sum({stop ? 1.0 : 0.0, timeUp ? 1.0 : 0.0,
                                                     byTime && writer ? 1.0 : 0.0}, "the stop flags");
            stop = s[0] > 0;
            timeUp = s[1] > 0;
            byTime = s[2] > 0;
        }
        if (writer)
            logProgress(secondsNow, last, stop);
        const bool doVal = (o.valEvery > 0 && info.step % o.valEvery == 0) || last || stop || byTime;
        const bool doCheckpoint = doVal || info.step % o.checkpointEvery == 0 || last || stop;
        const bool doKeep = o.keepEvery > 0 && info.step % o.keepEvery == 0;
        // The running statistics each rank's BatchNorm gathered on its shard, averaged, so that
        // rank 0 validates and saves statistics of all the data (the ranks stay equal).
        if (dist && (doCheckpoint || doKeep))
            dist->averageInPlace(model->buffers(), "the BatchNorm running statistics");
        if (writer)
        {
            if (doVal)
                validate(secondsNow);
            if (doCheckpoint)
            {
                saveLast(secondsNow);
                drawCurves();
            }
            // Snapshots to choose from afterwards: the best by validation PSNR is not always the one
            // wanted (e.g. with --w-ssim, or when choosing on a separate benchmark).
            if (doKeep)
            {
                info.seconds = secondsNow;
                saveCheckpoint(o.out + "/step_" + std::to_string(info.step) + ".ckpt", model, nullptr, info);
            }
        }
        if (doCheckpoint)
            tLastCkpt = nowSeconds();
        if (stop)
        {
            if (writer)
                std::fprintf(stderr, "%sstopped at step %lld (%s); resume with --resume\n", tty ? "\n" : "",
                             (long long)info.step, timeUp ? "time limit" : "signal");
            break;
        }
    }
    if (next.valid())
        next.wait();
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
    if (rc != 0 || !writer)
        return rc;
    if (tty)
        std::fprintf(stderr, "\n");
    std::fprintf(stderr, "done: step %lld, %s, checkpoints %s, %s\n", (long long)info.step,
                 bestValidation(info).c_str(), lastPath.c_str(), bestPath.c_str());
    if (dist)
        std::fprintf(stderr, "data-parallel: rank 0 spent %.1f s of %.1f s in all-reduces (transfers and waits for "
                             "the other ranks)\n", dist->collectiveSeconds(), nowSeconds() - t0);
    return 0;
}

} // namespace

void setThreads(int threads)
{
    if (threads < 1)
        throw BadInput("--threads must be >= 1, got " + std::to_string(threads));
    torch::set_num_threads(threads);
    cv::setNumThreads(threads);
}

void checkTrainOptions(const TrainOptions& o)
{
    if (o.net.layers < 2 || o.net.layers > 10)
        throw BadInput("--layers must be in [2, 10], got " + std::to_string(o.net.layers));
    if (o.net.width < 1 || o.net.width > 1024)
        throw BadInput("--width must be in [1, 1024], got " + std::to_string(o.net.width));
    if (o.batchSize < 1)
        throw BadInput("--batch_size must be >= 1, got " + std::to_string(o.batchSize));
    if (o.epochs < 1 && o.steps <= 0)
        throw BadInput("--epochs must be >= 1 (or give --steps), got " + std::to_string(o.epochs));
    if (!(o.learningRate > 0 && o.learningRate < 1))
        throw BadInput("--learning_rate must be in (0, 1), got " + std::to_string(o.learningRate));
    if (o.valEvery < 0 || o.checkpointEvery < 1 || o.logEvery < 1 || o.valCount < 0 || o.checkpointMinutes < 0 ||
        o.timeLimitMinutes < 0 || o.keepEvery < 0)
        throw BadInput("--val-every, --val-count, --checkpoint-minutes, --time-limit, --keep-every must be >= 0, "
                       "--checkpoint-every and --log-every >= 1");
    for (double w : {o.weights.valid, o.weights.hole, o.weights.perceptual, o.weights.style, o.weights.tv, o.weights.ssim})
        if (!(w >= 0 && std::isfinite(w)))
            throw BadInput("--w-valid, --w-hole, --w-perceptual, --w-style, --w-tv, --w-ssim must be finite and >= 0, got " +
                           std::to_string(w));
    if (o.weights.ssim > 0 && o.data.imageSize < 11)
        throw BadInput("--w-ssim needs crops of at least 11x11 (the SSIM window), got --image_size " +
                       std::to_string(o.data.imageSize));
    if (o.data.imageSize % (1 << o.net.layers) != 0)
        throw BadInput("--image_size " + std::to_string(o.data.imageSize) + " must be a multiple of 2^layers = " +
                       std::to_string(1 << o.net.layers) + " (--layers " + std::to_string(o.net.layers) + ")");
    // BatchNorm in training mode normalises each channel over batch x height x width values: one crop
    // with a 1x1 bottleneck leaves it a single value, and LibTorch throws mid-step. The fine-tune
    // stage freezes the encoder's BatchNorm (the decoder's see at least 2x2), so it is not concerned.
    if (o.batchSize == 1 && o.data.imageSize == (1 << o.net.layers) && !o.finetune)
        throw BadInput("--batch_size 1 with --image_size " + std::to_string(o.data.imageSize) + " = 2^layers leaves a 1x1 "
                       "bottleneck, where BatchNorm has one value per channel to normalise: use --batch_size >= 2 or "
                       "--image_size >= " + std::to_string(2 << o.net.layers));
    if (o.out.empty())
        throw BadInput("--out: no output folder given");
    if (o.bf16 && o.device != "cpu")
        throw BadInput("--bf16 is bfloat16 autocast on the CPU; it does not combine with --device " + o.device);
    const AdversarialOptions& a = o.adversarial;
    if (!(a.weight >= 0 && std::isfinite(a.weight)))
        throw BadInput("--w-adv must be finite and >= 0, got " + std::to_string(a.weight));
    if (!(a.learningRate > 0 && a.learningRate < 1))
        throw BadInput("--d-lr must be in (0, 1), got " + std::to_string(a.learningRate));
    if (a.steps < 1 || a.steps > 100)
        throw BadInput("--d-steps must be in [1, 100], got " + std::to_string(a.steps));
    if (a.width < 1 || a.width > 1024)
        throw BadInput("--d-width must be in [1, 1024], got " + std::to_string(a.width));
    if (o.data.maskCurriculum < 0)
        throw BadInput("--mask-curriculum must be >= 0 (steps), got " + std::to_string(o.data.maskCurriculum));
    if (!(o.distTimeoutSeconds >= 1 && o.distTimeoutSeconds <= 86400))
        throw BadInput("--dist-timeout must be in [1, 86400] seconds, got " + std::to_string(o.distTimeoutSeconds));
    if (o.data.maskCurriculum > 0 && !o.data.masksDir.empty())
        throw BadInput("--mask-curriculum ramps the generated masks' hole ratio; it does not apply to --masks " +
                       o.data.masksDir);
}

ValResult validate(PConvUNet& model, const std::vector<cv::Mat>& images, const std::vector<cv::Mat>& holes,
                   const LossWeights& weights, Vgg16Features vgg, torch::Device device, std::vector<cv::Mat>* outputs,
                   int batchSize)
{
    torch::NoGradGuard noGrad;
    const bool wasTraining = model->is_training();
    model->eval();
    ValResult r;
    if (outputs)
        outputs->clear();
    for (size_t s = 0; s < images.size(); s += batchSize)
    {
        const size_t e = std::min(images.size(), s + batchSize);
        std::vector<cv::Mat> im(images.begin() + s, images.begin() + e), ho(holes.begin() + s, holes.begin() + e);
        Batch b = toBatch(im, ho);
        torch::Tensor image = b.image.to(device), mask = b.mask.to(device);
        torch::Tensor out = model->forward(image * mask, mask);
        LossTerms t = computeLosses(out, image, mask, weights, vgg);
        r.loss += t.total.item<double>() * (double)(e - s);
        for (size_t i = s; i < e; i++)
        {
            cv::Mat o = toMat(out[(int64_t)(i - s)]), truth, comp, oc;
            images[i].convertTo(truth, CV_32F, images[i].depth() == CV_8U ? 1.0 / 255 : 1.0);
            cv::min(cv::max(o, 0.0), 1.0, oc);
            comp = truth.clone();
            oc.copyTo(comp, holes[i]);
            cv::inpainting::InpaintingMetrics m = cv::inpainting::evaluate(comp, truth, holes[i]);
            r.psnr += m.psnr;
            r.ssim += m.ssim;
            r.psnrHole += m.psnrHole;
            r.l1Hole += m.l1Hole;
            if (outputs)
                outputs->push_back(o);
        }
    }
    const double n = (double)images.size();
    r.loss /= n;
    r.psnr /= n;
    r.ssim /= n;
    r.psnrHole /= n;
    r.l1Hole /= n;
    if (wasTraining)
        model->train();
    return r;
}

int train(const TrainOptions& options)
{
    checkTrainOptions(options);
    const DistributedConfig dc = distributedConfigFromEnvironment();
    std::unique_ptr<Distributed> dist;
    if (dc.enabled())
        dist = std::make_unique<Distributed>(dc, options.distTimeoutSeconds, parseDevice(options.device));
    Trainer trainer(options, dist.get());
    return trainer.run();
}

} // namespace pconv
