// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

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
#include <sstream>
#include <unistd.h>

#include <opencv2/core/utility.hpp>
#include <opencv2/imgproc.hpp>

#include "checkpoint.hpp"
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

const char kTrainCsvHeader[] = "step,epoch,images,seconds,images_per_s,lr,total,valid,hole,perceptual,style,tv,ssim";
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
    while (std::getline(f, line))
    {
        std::vector<double> row;
        std::stringstream ss(line);
        std::string cell;
        while (std::getline(ss, cell, ','))
            row.push_back(std::atof(cell.c_str()));
        // A row cut short by a kill during the append is dropped with the rows past the checkpoint.
        if (row.size() != columns || f.eof() || row[0] > (double)maxStep)
            continue;
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

struct Running
{
    double total = 0, valid = 0, hole = 0, perceptual = 0, style = 0, tv = 0, ssim = 0;
    int n = 0;
    void add(const LossTerms& t)
    {
        total += t.total.item<double>();
        valid += t.valid.item<double>();
        hole += t.hole.item<double>();
        perceptual += t.perceptual.item<double>();
        style += t.style.item<double>();
        tv += t.tv.item<double>();
        ssim += t.ssim.item<double>();
        n++;
    }
};

} // namespace

void setThreads(int threads)
{
    if (threads < 1)
        throw BadInput("--threads must be >= 1, got " + std::to_string(threads));
    torch::set_num_threads(threads);
    cv::setNumThreads(threads);
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

int train(const TrainOptions& o)
{
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
    torch::Device device(torch::kCPU);
    try
    {
        device = torch::Device(o.device);
    }
    catch (const std::exception&)
    {
        throw BadInput("--device: '" + o.device + "' is not a device (cpu, cuda, cuda:1, ...)");
    }
    if (device.is_cuda() && !torch::cuda::is_available())
        throw BadInput("--device " + o.device + ": this LibTorch build or machine has no CUDA");

    Dataset data(o.data, "--data");
    std::unique_ptr<Dataset> valData;
    std::vector<cv::Mat> valImages, valHoles;
    if (!o.valDir.empty())
    {
        DataConfig vc = o.data;
        vc.dir = o.valDir;
        vc.masksDir.clear();
        valData.reset(new Dataset(vc, "--val-data"));
        valData->fixedSet(o.valCount, valImages, valHoles);
    }
    makeDirs(o.out, "--out");
    if (const int stale = removeStaleTemporaries(o.out))
        std::fprintf(stderr, "removed %d temporary file(s) of an interrupted run from %s\n", stale, o.out.c_str());
    const std::string lastPath = o.out + "/last.ckpt", bestPath = o.out + "/best.ckpt";
    const std::string trainCsv = o.out + "/train.csv", valCsv = o.out + "/val.csv";

    PConvUNet model(o.net);
    model->to(device);
    torch::optim::Adam optimizer(model->parameters(), torch::optim::AdamOptions(o.learningRate));
    Vgg16Features vgg{nullptr};
    if (!o.vgg.empty())
    {
        vgg = Vgg16Features();
        vgg->loadWeights(o.vgg);
        vgg->to(device);
        vgg->eval();
    }

    CheckpointInfo info;
    info.net = o.net;
    info.trainSize = o.data.imageSize;
    if (o.resume && fileExists(lastPath))
    {
        info = loadCheckpoint(lastPath, model, &optimizer);
        std::fprintf(stderr, "resuming from %s at step %lld (%s)\n", lastPath.c_str(), (long long)info.step,
                     bestValidation(info).c_str());
    }
    else
    {
        if (o.resume)
            std::fprintf(stderr, "--resume: no checkpoint at %s yet, starting a new run\n", lastPath.c_str());
        if (!o.init.empty())
        {
            PConvUNet src = loadModel(o.init);
            if (src->config.layers != o.net.layers || src->config.width != o.net.width)
                throw BadInput("--init: '" + o.init + "' has a different architecture than --layers/--width");
            torch::serialize::OutputArchive a;
            src->save(a);
            std::stringstream ss;
            a.save_to(ss);
            torch::serialize::InputArchive in;
            in.load_from(ss);
            model->load(in);
            model->to(device);
            std::fprintf(stderr, "starting from the weights of %s\n", o.init.c_str());
        }
        // A new run starts new logs.
        std::remove(trainCsv.c_str());
        std::remove(valCsv.c_str());
    }
    // The learning rate is the one asked for now (a fine-tune stage lowers it).
    for (auto& g : optimizer.param_groups())
        static_cast<torch::optim::AdamOptions&>(g.options()).lr(o.learningRate);

    const int64_t stepsPerEpoch = std::max<int64_t>(1, (int64_t)data.size() / o.batchSize);
    const int64_t totalSteps = o.steps > 0 ? o.steps : stepsPerEpoch * o.epochs;
    std::vector<std::vector<double>> trainRows = loadCsv(trainCsv, kTrainCsvHeader, info.step);
    std::vector<std::vector<double>> valRows = loadCsv(valCsv, kValCsvHeader, info.step);

    std::fprintf(stderr,
                 "pconv_train: %zu training images%s, %zu validation images, crop %d, batch %d, layers %d, width %d, "
                 "%lld parameters, lr %g, %d threads, steps %lld..%lld (%lld per epoch)%s\n",
                 data.size(), data.unreadable() ? " (some skipped)" : "", valImages.size(), o.data.imageSize,
                 o.batchSize, o.net.layers, o.net.width,
                 (long long)[&] { int64_t n = 0; for (auto& p : model->parameters()) n += p.numel(); return n; }(),
                 o.learningRate, torch::get_num_threads(), (long long)info.step, (long long)totalSteps,
                 (long long)stepsPerEpoch, o.finetune ? ", fine-tune (encoder BN frozen)" : "");

    gStopSignal = 0;
    std::signal(SIGINT, onStopSignal);
    std::signal(SIGTERM, onStopSignal);
    const bool tty = isatty(fileno(stderr));

    auto setTrainMode = [&] {
        model->train();
        if (o.finetune)
            model->freezeEncoderBatchNorm();
    };
    auto saveLast = [&](double elapsedBase, double t0) {
        info.seconds = elapsedBase + (nowSeconds() - t0);
        saveCheckpoint(lastPath, model, &optimizer, info);
    };

    std::vector<cv::Mat> gridOutputs;
    auto runValidation = [&](double secondsNow) {
        if (valImages.empty())
            return;
        ValResult v = validate(model, valImages, valHoles, o.weights, vgg, device, &gridOutputs);
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
                                  std::vector<cv::Mat>(gridOutputs.begin(), gridOutputs.begin() + nGrid)));
        if (best)
        {
            info.seconds = secondsNow;
            saveCheckpoint(bestPath, model, nullptr, info);
        }
    };
    auto drawCurves = [&] {
        Series tl{"train loss", cv::Scalar(200, 80, 0), {}, {}}, vl{"val loss", cv::Scalar(0, 0, 220), {}, {}};
        Series vp{"val PSNR (dB)", cv::Scalar(0, 140, 0), {}, {}}, vs{"val SSIM x 20", cv::Scalar(150, 0, 150), {}, {}};
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
        writeImageAtomic(o.out + "/loss_curve.png",
                         plotPanels({{tl, vl}, {vp}}, {"loss (log scale) vs step", "validation PSNR vs step"}, {true, false}));
    };

    setTrainMode();
    const double elapsedBase = info.seconds;
    const double t0 = nowSeconds();
    double tLog = t0;
    int64_t stepLog = info.step;
    Running run;
    std::future<Batch> next = std::async(std::launch::async, [&, s = info.step] { return data.trainBatch(s, o.batchSize); });
    int rc = 0;
    const char* failEnv = std::getenv("PCONV_TRAIN_FAIL_AT_STEP");
    const int64_t failAtStep = failEnv ? std::atoll(failEnv) : 0;
    double tLastCkpt = t0;
    while (info.step < totalSteps)
    {
        Batch b = next.get();
        if (info.step + 1 < totalSteps)
            next = std::async(std::launch::async, [&, s = info.step + 1] { return data.trainBatch(s, o.batchSize); });
        torch::Tensor image = b.image.to(device), mask = b.mask.to(device);
        torch::Tensor out = model->forward(image * mask, mask);
        LossTerms t = computeLosses(out, image, mask, o.weights, vgg);
        double total = t.total.item<double>();
        // Test hook: PCONV_TRAIN_FAIL_AT_STEP=N makes the loss of step N non-finite (tests of the stop path).
        if (failAtStep > 0 && info.step + 1 == failAtStep)
            total = std::nan("");
        if (!std::isfinite(total))
        {
            if (next.valid())
                next.wait();
            std::fprintf(stderr,
                         "%serror: the loss became %s at step %lld (valid %g, hole %g, tv %g); stopping. The last good "
                         "checkpoint is %s (try a lower --learning_rate).\n",
                         tty ? "\n" : "", std::isnan(total) ? "NaN" : "infinite", (long long)info.step + 1,
                         t.valid.item<double>(), t.hole.item<double>(), t.tv.item<double>(),
                         fileExists(lastPath) ? lastPath.c_str() : "(none written yet)");
            return kExitDiverged;
        }
        optimizer.zero_grad();
        t.total.backward();
        optimizer.step();
        run.add(t);
        info.step++;
        info.epoch = info.step * o.batchSize / (int64_t)data.size();
        const bool last = info.step == totalSteps;
        const double secondsNow = elapsedBase + (nowSeconds() - t0);
        const bool timeUp = o.timeLimitMinutes > 0 && nowSeconds() - t0 > o.timeLimitMinutes * 60;
        const bool stop = gStopSignal != 0 || timeUp;

        if (info.step % o.logEvery == 0 || last || stop)
        {
            const double now = nowSeconds();
            const double ips = (double)(info.step - stepLog) * o.batchSize / std::max(1e-9, now - tLog);
            const double n = std::max(1, run.n);
            std::vector<double> row{(double)info.step, (double)info.epoch, (double)(info.step * o.batchSize), secondsNow,
                                    ips, o.learningRate, run.total / n, run.valid / n, run.hole / n, run.perceptual / n,
                                    run.style / n, run.tv / n, run.ssim / n};
            appendCsv(trainCsv, kTrainCsvHeader, row);
            trainRows.push_back(row);
            const double eta = (double)(totalSteps - info.step) * o.batchSize / std::max(ips, 1e-9);
            const int barWidth = 24;
            const int filled = (int)((double)info.step / totalSteps * barWidth);
            std::string bar = std::string(filled, '#') + std::string(barWidth - filled, '-');
            if (!o.quiet)
                std::fprintf(stderr,
                             "%s[%s] step %lld/%lld ep %lld  %.1f img/s  ETA %s  loss %.4f (valid %.4f hole %.4f "
                             "perc %.4f style %.4f tv %.4f 1-ssim %.4f)%s",
                             tty ? "\r" : "", bar.c_str(), (long long)info.step, (long long)totalSteps,
                             (long long)info.epoch, ips, formatDuration(eta).c_str(), run.total / n, run.valid / n,
                             run.hole / n, run.perceptual / n, run.style / n, run.tv / n, run.ssim / n, tty ? "" : "\n");
            run = Running();
            tLog = now;
            stepLog = info.step;
        }
        // Time-based as well, so a slow or loaded machine still leaves a recent checkpoint.
        const bool byTime = o.checkpointMinutes > 0 && nowSeconds() - tLastCkpt > o.checkpointMinutes * 60;
        const bool doVal = (o.valEvery > 0 && info.step % o.valEvery == 0) || last || stop || byTime;
        if (doVal)
            runValidation(secondsNow);
        if (doVal || info.step % o.checkpointEvery == 0 || last || stop)
        {
            saveLast(elapsedBase, t0);
            drawCurves();
            tLastCkpt = nowSeconds();
        }
        // Snapshots to choose from afterwards: the best by validation PSNR is not always the one
        // wanted (e.g. with --w-ssim, or when choosing on a separate benchmark).
        if (o.keepEvery > 0 && info.step % o.keepEvery == 0)
        {
            info.seconds = secondsNow;
            saveCheckpoint(o.out + "/step_" + std::to_string(info.step) + ".ckpt", model, nullptr, info);
        }
        if (stop)
        {
            std::fprintf(stderr, "%sstopped at step %lld (%s); resume with --resume\n", tty ? "\n" : "",
                         (long long)info.step, timeUp ? "time limit" : "signal");
            break;
        }
    }
    if (next.valid())
        next.wait();
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
    if (tty)
        std::fprintf(stderr, "\n");
    std::fprintf(stderr, "done: step %lld, %s, checkpoints %s, %s\n", (long long)info.step,
                 bestValidation(info).c_str(), lastPath.c_str(), bestPath.c_str());
    return rc;
}

} // namespace pconv
