// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

#include "commands.hpp"

#include "autocast.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <unistd.h>

#include <opencv2/dnn.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "checkpoint.hpp"
#include "data.hpp"
#include "export.hpp"
#include "opencv2/inpainting/masks.hpp"
#include "opencv2/inpainting/metrics.hpp"
#include "util.hpp"

#include <opencv2/inpainting/partial_conv.hpp>

namespace pconv {

cv::Mat forwardRaw(PConvUNet& model, const cv::Mat& image, const cv::Mat& hole)
{
    torch::NoGradGuard g;
    model->eval();
    Batch b = toBatch({image}, {hole});
    torch::Tensor out = model->forward(b.image * b.mask, b.mask);
    return toMat(out[0]);
}

cv::Mat inpaintWithModel(PConvUNet& model, const cv::Mat& image, const cv::Mat& hole)
{
    const int mult = 1 << model->config.layers;
    const int padR = (mult - image.cols % mult) % mult, padB = (mult - image.rows % mult) % mult;
    cv::Mat img = image, hl = hole;
    if (padR || padB)
    {
        // Padded as PartialConvInpainter pads (image and hole mirrored with BORDER_REFLECT: a pad
        // pixel is known exactly when the pixel it mirrors is), so that the two outputs can be
        // compared at any size, not only at multiples of 2^layers.
        cv::copyMakeBorder(image, img, 0, padB, 0, padR, cv::BORDER_REFLECT);
        cv::copyMakeBorder(hole, hl, 0, padB, 0, padR, cv::BORDER_REFLECT);
    }
    cv::Mat out = forwardRaw(model, img, hl)(cv::Rect(0, 0, image.cols, image.rows));
    cv::Mat out8, result = image.clone();
    out.convertTo(out8, CV_8U, 255.0);   // saturates: clamps to [0, 255]
    out8.copyTo(result, hole);
    return result;
}

int runInfer(const std::string& checkpoint, const std::string& imagePath, const std::string& maskPath,
             const std::string& output)
{
    PConvUNet model = loadModel(checkpoint);
    std::string why;
    cv::Mat image = readImage(imagePath, cv::IMREAD_COLOR, why);
    if (image.empty())
        throw BadInput("--image: cannot read '" + imagePath + "': " + why);
    cv::Mat mask = readImage(maskPath, cv::IMREAD_GRAYSCALE, why);
    if (mask.empty())
        throw BadInput("--mask: cannot read '" + maskPath + "': " + why);
    if (mask.size() != image.size())
        throw BadInput("--mask: size " + std::to_string(mask.cols) + "x" + std::to_string(mask.rows) +
                       " differs from the image's " + std::to_string(image.cols) + "x" + std::to_string(image.rows));
    cv::Mat hole = mask != 0;
    cv::Mat result = inpaintWithModel(model, image, hole);
    writeImageAtomic(output, result);
    std::printf("wrote %s (%dx%d, hole ratio %.3f)\n", output.c_str(), image.cols, image.rows,
                cv::inpainting::holeRatio(hole));
    return 0;
}

int runEval(const EvalOptions& o)
{
    CheckpointInfo info;
    PConvUNet model = loadModel(o.checkpoint, &info);
    if (o.resize < 0 || o.maxImages < 0)
        throw BadInput("--resize and --max-images must be >= 0");
    const int mult = 1 << info.net.layers;
    const int side = o.resize > 0 ? o.resize : info.trainSize;
    if (side < mult)
        throw BadInput("--resize " + std::to_string(side) + " is smaller than 2^layers = " + std::to_string(mult));
    std::vector<std::string> files = listImages(o.data, "--data");
    struct Acc { int n = 0; double l1 = 0, psnr = 0, psnrHole = 0, ssim = 0, mse = 0; };
    std::vector<Acc> acc(6);
    int used = 0, skipped = 0;
    std::string csv = "file,bucket,hole_ratio,l1_hole,psnr,psnr_hole,ssim,mse\n";
    for (size_t i = 0; i < files.size() && (o.maxImages == 0 || used < o.maxImages); i++)
    {
        std::string why;
        cv::Mat img = readImage(files[i], cv::IMREAD_COLOR, why);
        if (img.empty())
        {
            std::fprintf(stderr, "warning: --data: '%s': %s, skipped\n", files[i].c_str(), why.c_str());
            skipped++;
            continue;
        }
        img = resizeShorter(img, side);
        const int w = img.cols / mult * mult, h = img.rows / mult * mult;
        img = img(cv::Rect((img.cols - w) / 2, (img.rows - h) / 2, w, h)).clone();
        used++;
        for (int b = 0; b < 6; b++)
        {
            const double lo = b == 0 ? 0.011 : b * 0.1 + 0.001, hi = (b + 1) * 0.1;
            cv::Mat hole;
            cv::inpainting::MaskGenerator::create(cv::inpainting::MASK_MIXED, lo, hi, o.seed + (int)i * 7 + b)
                ->generate(img.size(), hole);
            cv::Mat result = inpaintWithModel(model, img, hole);
            cv::inpainting::InpaintingMetrics m = cv::inpainting::evaluate(result, img, hole);
            const double ratio = cv::inpainting::holeRatio(hole);
            const int bucket = cv::inpainting::holeRatioBucket(ratio);
            if (bucket < 0 || bucket > 5)
                continue;
            Acc& a = acc[bucket];
            a.n++;
            a.l1 += m.l1Hole;
            a.psnr += m.psnr;
            a.psnrHole += m.psnrHole;
            a.ssim += m.ssim;
            a.mse += m.mse;
            char line[512];
            std::snprintf(line, sizeof(line), "%s,%s,%.4f,%.6f,%.4f,%.4f,%.5f,%.7f\n",
                          std::filesystem::path(files[i]).filename().string().c_str(),
                          cv::inpainting::holeRatioBucketName(bucket).c_str(), ratio, m.l1Hole, m.psnr, m.psnrHole, m.ssim,
                          m.mse);
            csv += line;
        }
    }
    if (used == 0)
        throw BadInput("--data: no image in '" + o.data + "' could be decoded");
    std::printf("eval of %s on %d images of %s (%d skipped), %dx%d-ish centre crops (shorter side %d), step %lld\n",
                o.checkpoint.c_str(), used, o.data.c_str(), skipped, side, side, side, (long long)info.step);
    std::printf("%-10s %5s %10s %9s %10s %8s %10s\n", "bucket", "n", "L1 hole", "PSNR", "PSNR hole", "SSIM", "MSE");
    for (int b = 0; b < 6; b++)
    {
        const Acc& a = acc[b];
        if (a.n == 0)
            continue;
        std::printf("%-10s %5d %10.4f %9.2f %10.2f %8.4f %10.6f\n", cv::inpainting::holeRatioBucketName(b).c_str(), a.n,
                    a.l1 / a.n, a.psnr / a.n, a.psnrHole / a.n, a.ssim / a.n, a.mse / a.n);
    }
    if (!o.csv.empty())
        writeTextAtomic(o.csv, csv);
    return 0;
}

namespace {

double timeTrainStep(PConvUNet& model, int size, int batch, int steps, bool bf16 = false)
{
    torch::optim::Adam opt(model->parameters(), torch::optim::AdamOptions(1e-4));
    torch::manual_seed(1);
    torch::Tensor image = torch::rand({batch, 3, size, size});
    std::vector<cv::Mat> imgs, holes;
    auto gen = cv::inpainting::MaskGenerator::create(cv::inpainting::MASK_MIXED, 0.1, 0.5, 3);
    for (int i = 0; i < batch; i++)
    {
        cv::Mat h, im(size, size, CV_8UC3, cv::Scalar(0, 0, 0));
        gen->generate(cv::Size(size, size), h);
        imgs.push_back(im);
        holes.push_back(h);
    }
    torch::Tensor mask = toBatch(imgs, holes).mask;
    model->train();
    auto step = [&] {
        torch::Tensor loss;
        {
            CpuBf16Autocast autocast(bf16);
            torch::Tensor out = model->forward(image * mask, mask);
            loss = torch::mean(torch::abs(out - image));
        }
        opt.zero_grad();
        loss.backward();
        opt.step();
    };
    step();   // warm-up: allocations, oneDNN primitive caches
    const double t0 = nowSeconds();
    for (int i = 0; i < steps; i++)
        step();
    return (nowSeconds() - t0) / steps;
}

// Depth of the benched net at a crop size: as deep as a 2x2 bottleneck allows, at most 8.
int benchLayers(int size)
{
    int layers = 0;
    while ((2 << layers) * 2 <= size && layers < 8)
        layers++;
    return layers;
}

} // namespace

int runBench(const BenchOptions& o)
{
    if (o.width < 1 || o.batch < 1 || o.steps < 1 || o.inferRuns < 1)
        throw BadInput("bench: --width, --batch, --steps and --infer-runs must be >= 1");
    for (int size : o.sizes)
    {
        const int layers = benchLayers(size);
        if (layers < 2 || size % (1 << layers) != 0)
            throw BadInput("bench: --sizes: " + std::to_string(size) + " is not a multiple of 2^layers (use e.g. 128, 256)");
    }
    std::printf("pconv_train bench: %d threads, width %d, batch %d, %d timed steps after 1 warm-up\n",
                torch::get_num_threads(), o.width, o.batch, o.steps);
    std::printf("%-6s %-7s %14s %14s %14s %8s%s\n", "size", "layers", "PConv img/s", "plain img/s", "PConv ms/step",
                "ratio", o.bf16 ? "  PConv bf16 img/s  float/bf16 step time" : "");
    if (o.gated)
        std::printf("(--gated: the gated-convolution U-Net of the same levels and widths is timed after each row)\n");
    for (int size : o.sizes)
    {
        const int layers = benchLayers(size);
        NetConfig pc;
        pc.layers = layers;
        pc.width = o.width;
        NetConfig plain = pc;
        plain.partial = false;
        PConvUNet a(pc), b(plain);
        // Interleave to share any drift of the machine's load between the two.
        // --bf16: the same PConvUNet (same weights at each start: a copy) under bfloat16 autocast.
        PConvUNet c(pc);
        if (o.bf16)
        {
            torch::NoGradGuard g;
            auto pa = a->named_parameters();
            for (auto& kv : c->named_parameters())
                kv.value().copy_(pa[kv.key()]);
        }
        double ta = 0, tb = 0, tc = 0;
        for (int r = 0; r < 2; r++)
        {
            ta += timeTrainStep(a, size, o.batch, o.steps);
            tb += timeTrainStep(b, size, o.batch, o.steps);
            if (o.bf16)
                tc += timeTrainStep(c, size, o.batch, o.steps, true);
        }
        std::printf("%-6d %-7d %14.2f %14.2f %14.1f %8.3f", size, layers, 2 * o.batch / ta, 2 * o.batch / tb,
                    ta / 2 * 1000, ta / tb);
        if (o.bf16)
            std::printf("  %17.2f  %22.3f", 2 * o.batch / tc, ta / tc);
        std::printf("\n");
        if (o.gated)
        {
            NetConfig gc = pc;
            gc.gated = true;
            PConvUNet gnet(gc);
            double tp = 0, tg = 0;
            for (int r = 0; r < 2; r++)
            {
                tp += timeTrainStep(a, size, o.batch, o.steps);
                tg += timeTrainStep(gnet, size, o.batch, o.steps);
            }
            std::printf("%-6d gated: %.2f img/s against PConv %.2f img/s (alternated), step time gated/PConv %.3f\n",
                        size, 2 * o.batch / tg, 2 * o.batch / tp, tg / tp);
        }
    }
    if (o.inferSize > 0)
    {
        NetConfig pc;
        pc.layers = o.inferLayers;
        pc.width = o.inferWidth;
        if (o.inferSize % (1 << pc.layers) != 0)
            throw BadInput("bench: --infer-size must be a multiple of 2^--infer-layers");
        PConvUNet net(pc);
        net->eval();
        cv::Mat img(o.inferSize, o.inferSize, CV_8UC3), hole;
        cv::randu(img, 0, 255);
        cv::inpainting::MaskGenerator::create(cv::inpainting::MASK_MIXED, 0.2, 0.3, 5)
            ->generate(img.size(), hole);
        CheckpointInfo info;
        info.net = pc;
        info.trainSize = o.inferSize;
        const std::string path = (std::filesystem::temp_directory_path() /
                                  ("pconv_bench_" + std::to_string(getpid()) + ".onnx")).string();
        exportOnnx(net, info, path, o.inferSize);
        auto inp = cv::inpainting::PartialConvInpainter::create(path);
        std::remove(path.c_str());
        // The whole image in one forward, as LibTorch runs it (the crops strategy would run less).
        inp->setStrategy(cv::inpainting::PCONV_STRATEGY_WHOLE);
        cv::Mat res;
        forwardRaw(net, img, hole);   // warm-up: allocations, oneDNN and OpenCV caches
        inp->apply(img, hole, res);
        // Alternated runs, medians: both sides see the same drift of a shared machine's load.
        std::vector<double> tTorch, tCv;
        for (int i = 0; i < o.inferRuns; i++)
        {
            double t0 = nowSeconds();
            forwardRaw(net, img, hole);
            tTorch.push_back(nowSeconds() - t0);
            t0 = nowSeconds();
            inp->apply(img, hole, res);
            tCv.push_back(nowSeconds() - t0);
        }
        auto median = [](std::vector<double> v) {
            std::sort(v.begin(), v.end());
            return v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
        };
        const double mt = median(tTorch), mc = median(tCv);
        std::printf("inference %dx%d, layers %d, width %d, %d alternated runs (median): LibTorch forward %.1f ms, "
                    "OpenCV PartialConvInpainter (whole image) %.1f ms, ratio OpenCV/LibTorch %.3f\n",
                    o.inferSize, o.inferSize, pc.layers, pc.width, o.inferRuns, mt * 1000, mc * 1000, mc / mt);
        if (o.gated)
        {
            // The gated net: LibTorch forward and OpenCV DNN on its standard-operator ONNX (no custom
            // layer), alternated with the partial net's LibTorch forward.
            NetConfig gc = pc;
            gc.gated = true;
            PConvUNet gnet(gc);
            gnet->eval();
            CheckpointInfo ginfo = info;
            ginfo.net = gc;
            exportOnnx(gnet, ginfo, path, o.inferSize);
            cv::dnn::Net dnn = cv::dnn::readNetFromONNX(path);
            std::remove(path.c_str());
            cv::Mat blobImage = cv::dnn::blobFromImage(img, 1.0 / 255), blobMask;
            cv::Mat valid = hole == 0;
            cv::dnn::blobFromImage(valid, 1.0 / 255).copyTo(blobMask);
            auto runDnn = [&] {
                dnn.setInput(blobImage, "image");
                dnn.setInput(blobMask, "mask");
                return dnn.forward("output");
            };
            runDnn();
            forwardRaw(gnet, img, hole);
            std::vector<double> tp, tg, td;
            for (int i = 0; i < o.inferRuns; i++)
            {
                double t0 = nowSeconds();
                forwardRaw(net, img, hole);
                tp.push_back(nowSeconds() - t0);
                t0 = nowSeconds();
                forwardRaw(gnet, img, hole);
                tg.push_back(nowSeconds() - t0);
                t0 = nowSeconds();
                runDnn();
                td.push_back(nowSeconds() - t0);
            }
            std::printf("inference gated vs partial, %d alternated runs (median): LibTorch gated %.1f ms, LibTorch "
                        "partial %.1f ms (gated/partial %.3f), OpenCV DNN gated (standard ops) %.1f ms\n",
                        o.inferRuns, median(tg) * 1000, median(tp) * 1000, median(tg) / median(tp), median(td) * 1000);
        }
    }
    return 0;
}

} // namespace pconv
