// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

// Where the time of a partial-convolution U-Net's forward goes: per-layer times from OpenCV DNN's
// own profile (Net::getPerfProfile), medians over alternated runs of two engine settings in one
// process (AUTO, and the engines before the Winograd engine: GEMM, OpenCV for <= 4 channels),
// so that the two columns share the drift of a shared machine's load.
//   build/bin/bench_partial_conv_net --model=paper512.onnx [--size=512] [--runs=5] [--threads=N]
// The paper net (width 64, 8 levels) is what `pconv_train bench --infer-size 512 --infer-layers 8
// --infer-width 64` runs; doc/partial_conv.md says how to export it as a file.

#include <algorithm>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include <cblas.h>

#include "opencv2/core.hpp"
#include "opencv2/core/utility.hpp"
#include "opencv2/dnn.hpp"
#include "opencv2/dnn/shape_utils.hpp"
#include "opencv2/inpainting.hpp"
#include "partial_conv_layer.hpp"
#include "partial_conv_model.hpp"

namespace {

using namespace cv;
using inpainting::detail::PartialConvLayer;

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

// Forces every PartialConv2d of the net to `implementation` (AUTO, or the pre-Winograd rule).
void setEngines(dnn::Net& net, bool winograd)
{
    for (const String& name : net.getLayerNames())
    {
        Ptr<PartialConvLayer> l = net.getLayer(name).dynamicCast<PartialConvLayer>();
        if (!l)
            continue;
        if (winograd)
            l->setImplementation(inpainting::PCONV_IMPL_AUTO);
        else
            l->setImplementation(l->geometry().inChannels <= 4 ? inpainting::PCONV_IMPL_OPENCV : inpainting::PCONV_IMPL_GEMM);
    }
}

} // namespace

int main(int argc, char** argv)
{
    const CommandLineParser args(argc, argv,
                                 "{model | | ONNX model (e.g. the exported paper net)}"
                                 "{size | 512 | input side}"
                                 "{runs | 5 | alternated runs per setting}"
                                 "{threads | 0 | OpenCV and OpenBLAS threads (0: leave both as they are)}");
    const std::string path = args.get<std::string>("model");
    const int size = args.get<int>("size"), runs = args.get<int>("runs"), threads = args.get<int>("threads");
    if (path.empty() || size <= 0 || runs <= 0)
    {
        std::fprintf(stderr, "usage: bench_partial_conv_net --model=PATH [--size=512] [--runs=5] [--threads=N]\n");
        return 2;
    }
    // "before": the plain graph as OpenCV's importer reads it, with the engines of before the
    // Winograd engine; "now": the graph as the inpainter loads it (Concat and activations fused
    // into the PartialConv2d layers) with AUTO.
    if (threads > 0)
    {
        // A benchmark may set the process-wide OpenBLAS pool; the library never does.
        setNumThreads(threads);
        openblas_set_num_threads(threads);
    }
    inpainting::registerLayers();
    dnn::Net nets[2];
    nets[0] = dnn::readNetFromONNX(path);
    inpainting::detail::PartialConvModelInfo info;
    nets[1] = inpainting::detail::readModelNet(inpainting::detail::readModelFile(path), path, info);
    for (int s = 0; s < 2; s++)
    {
        nets[s].setPreferableBackend(dnn::DNN_BACKEND_OPENCV);
        setEngines(nets[s], s == 1);
    }

    // The input pconv_train bench uses: random photo, a mixed mask of 20-30% holes.
    Mat img(size, size, CV_32FC3), hole;
    randu(img, 0, 1);
    inpainting::MaskGenerator::create(inpainting::MASK_MIXED, 0.2, 0.3, 5)->generate(img.size(), hole);
    Mat valid;
    compare(hole, 0, valid, CMP_EQ);
    valid.convertTo(valid, CV_32F, 1.0 / 255);
    img.setTo(Scalar::all(0), hole);
    const Mat image = dnn::blobFromImage(img), mask = dnn::blobFromImage(valid);

    std::printf("threads: OpenCV %d, OpenBLAS %d; %s at %dx%d, %d alternated runs per setting (medians)\n",
                getNumThreads(), openblas_get_num_threads(), path.c_str(), size, size, runs);
    // times[setting][layer index] over the runs; totals[setting] the forward's wall time.
    std::vector<std::map<int, std::vector<double>>> times(2);
    std::vector<std::vector<double>> totals(2);
    Mat outs[2];
    for (int r = -1; r < runs; r++)
        for (int s = 0; s < 2; s++)
        {
            nets[s].setInput(image, "image");
            nets[s].setInput(mask, "mask");
            const int64 t0 = getTickCount();
            outs[s] = nets[s].forward("output");
            const double total = (getTickCount() - t0) / getTickFrequency();
            if (r < 0)
                continue; // warm-up of each setting: allocations, the engines' lazy set-up
            totals[s].push_back(total);
            std::vector<double> layerTimes;
            nets[s].getPerfProfile(layerTimes);
            for (size_t i = 0; i < layerTimes.size(); i++)
                times[s][(int)i].push_back(layerTimes[i] / getTickFrequency());
        }

    std::map<std::string, double> byType[2];
    for (int s = 0; s < 2; s++)
    {
        // Net::getPerfProfile lists the layers in id order, the input layer excluded.
        const std::vector<String> names = nets[s].getLayerNames();
        std::printf("\n%s:\n%-20s %-16s %-10s %10s\n", s == 0 ? "before (plain graph, GEMM / OpenCV engines)"
                                                                : "now (fused graph, AUTO)",
                    "layer", "type", "engine", "ms");
        for (size_t i = 0; i < names.size() && times[s].count((int)i); i++)
        {
            const int id = nets[s].getLayerId(names[i]);
            Ptr<dnn::Layer> layer = nets[s].getLayer(id);
            const double t = median(times[s][(int)i]);
            std::string type = layer->type;
            Ptr<PartialConvLayer> p = layer.dynamicCast<PartialConvLayer>();
            if (p)
                type = "PartialConv2d";
            byType[s][type] += t;
            if (t < 1e-4)
                continue; // skipped (fused) or negligible layers
            std::string engine = "-";
            if (p)
            {
                std::vector<dnn::MatShape> in, out;
                nets[s].getLayerShapes({ dnn::shape(image), dnn::shape(mask) }, id, in, out);
                const int e = p->resolvedImplementation(Size(out[0][3], out[0][2]));
                engine = e == inpainting::PCONV_IMPL_GEMM ? "gemm" : e == inpainting::PCONV_IMPL_OPENCV ? "opencv" : "winograd";
            }
            std::string shortName = names[i];
            if (shortName.rfind("onnx_node!", 0) == 0)
                shortName = shortName.substr(10);
            std::printf("%-20s %-16s %-10s %10.1f\n", shortName.c_str(), type.c_str(), engine.c_str(), t * 1e3);
        }
    }
    std::printf("\nby layer type (sum of the per-layer medians), before / now:\n");
    for (int s = 0; s < 2; s++)
        for (const auto& kv : byType[s])
            if (s == 0 || !byType[0].count(kv.first))
                std::printf("  %-16s %10.1f %10.1f ms\n", kv.first.c_str(), byType[0][kv.first] * 1e3,
                            byType[1][kv.first] * 1e3);
    std::printf("\nforward wall time (median): before %.1f ms, now %.1f ms, ratio %.3f\n", median(totals[0]) * 1e3,
                median(totals[1]) * 1e3, median(totals[1]) / median(totals[0]));
    std::printf("outputs: max abs difference now - before %.3g\n", cv::norm(outs[0], outs[1], NORM_INF));
    return 0;
}
