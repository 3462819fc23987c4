// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

// The fused PartialConv2d layer against OpenCV's plain Convolution layer of the same shape (what
// the layer would cost if the mask were free). Goals: fused / plain <= 1.10, and <= 0.60 for the
// 3x3 stride-1 layers from 64 channels up (issue 20, Winograd). Both run side by side in one
// process with the same threads; the ratios are printed at the end.
//   build/bin/bench_partial_conv_layer --benchmark_repetitions=5 --benchmark_enable_random_interleaving=true
// (on a shared machine: the medians of interleaved repetitions are what the ratios use)
// It also runs each engine forced (gemm/, opencv/, winograd/ where it applies) to show what AUTO
// chooses between.

#include <benchmark/benchmark.h>

#include <cblas.h>
#include <cstdio>
#include <map>
#include <set>

#include "opencv2/core.hpp"
#include "opencv2/core/utility.hpp"
#include "opencv2/dnn.hpp"
#include "opencv2/dnn/shape_utils.hpp"
#include "opencv2/inpainting.hpp"
#include "partial_conv_layer.hpp"

namespace {

using namespace cv;

struct Shape
{
    const char* name;
    int inChannels, outChannels, size, kernel, stride;
    std::vector<int> groups; // mask planes (one per group); empty = one broadcast plane
};

// Shapes of a partial-convolution U-Net: encoder layers (stride 2), decoder layers (stride 1 on
// concatenated features with two mask planes), 64..512 channels at 64x64..256x256 inputs.
const std::vector<Shape>& shapes()
{
    static const std::vector<Shape> s = {
        { "first_3to64_k7s2_256", 3, 64, 256, 7, 2, {} },
        { "enc_64to128_k5s2_256", 64, 128, 256, 5, 2, {} },
        { "enc_128to256_k3s2_128", 128, 256, 128, 3, 2, {} },
        { "enc_256to512_k3s2_64", 256, 512, 64, 3, 2, {} },
        { "conv_64to64_k3_256", 64, 64, 256, 3, 1, {} },
        { "conv_128to128_k3_128", 128, 128, 128, 3, 1, {} },
        { "conv_256to256_k3_64", 256, 256, 64, 3, 1, {} },
        { "dec_192to64_k3_128", 192, 64, 128, 3, 1, { 128, 64 } },
        { "dec_768to256_k3_64", 768, 256, 64, 3, 1, { 512, 256 } },
        { "dec_1024to512_k3_64", 1024, 512, 64, 3, 1, { 512, 512 } },
        // The paper net's (width 64) two last decoder layers at 512x512.
        { "dec_128to64_k3_256", 128, 64, 256, 3, 1, { 64, 64 } },
        { "dec_67to3_k3_512", 67, 3, 512, 3, 1, { 64, 3 } },
    };
    return s;
}

const int kWinograd = inpainting::detail::kPartialConvImplWinograd;

bool winogradShape(const Shape& s)
{
    return (s.kernel == 3 && s.stride == 1) || (s.kernel == 5 && s.stride == 2);
}

const char* engineName(int engine)
{
    return engine == inpainting::PCONV_IMPL_GEMM ? "gemm" : engine == inpainting::PCONV_IMPL_OPENCV ? "opencv" : "winograd";
}

Mat randomBlob(const std::vector<int>& shape, RNG& rng, float lo, float hi)
{
    Mat m(shape, CV_32F);
    rng.fill(m, RNG::UNIFORM, lo, hi);
    return m;
}

dnn::LayerParams convParams(const Shape& s, const Mat& weights, const Mat& bias)
{
    dnn::LayerParams lp;
    lp.name = "conv";
    const int k[] = { s.kernel, s.kernel }, st[] = { s.stride, s.stride }, pads[] = { s.kernel / 2, s.kernel / 2 };
    lp.set("kernel_size", dnn::DictValue::arrayInt(k, 2));
    lp.set("stride", dnn::DictValue::arrayInt(st, 2));
    lp.set("pad", dnn::DictValue::arrayInt(pads, 2));
    lp.set("num_output", s.outChannels);
    lp.set("bias_term", true);
    lp.blobs = { weights, bias };
    return lp;
}

void BM_Fused(benchmark::State& state, const Shape& s, int implementation)
{
    RNG rng(1);
    const Mat w = randomBlob({ s.outChannels, s.inChannels, s.kernel, s.kernel }, rng, -0.05f, 0.05f);
    const Mat b = randomBlob({ 1, s.outChannels }, rng, -0.1f, 0.1f);
    dnn::LayerParams lp = convParams(s, w, b);
    lp.name = "pconv";
    if (!s.groups.empty())
        lp.set("mask_channel_groups", dnn::DictValue::arrayInt(s.groups.data(), (int)s.groups.size()));
    inpainting::detail::PartialConvLayer layer(lp);
    layer.setImplementation(implementation);
    const int planes = s.groups.empty() ? 1 : (int)s.groups.size();
    const Mat x = randomBlob({ 1, s.inChannels, s.size, s.size }, rng, 0.f, 1.f);
    Mat m = randomBlob({ 1, planes, s.size, s.size }, rng, 0.f, 1.f);
    m = m > 0.3f; // 70% valid
    m.convertTo(m, CV_32F, 1.0 / 255);
    m = m.reshape(1, std::vector<int>{ 1, planes, s.size, s.size });
    std::vector<dnn::MatShape> in = { dnn::shape(x), dnn::shape(m) }, out, internals;
    layer.getMemoryShapes(in, 2, out, internals);
    std::vector<Mat> inputs = { x, m }, outputs = { Mat(out[0], CV_32F), Mat(out[1], CV_32F) }, internalMats;
    layer.finalize(InputArrayOfArrays(inputs), OutputArrayOfArrays(outputs));
    layer.forward(inputs, outputs, internalMats); // set-up (the OpenCV engine's net) outside the timing
    for (auto _ : state)
        layer.forward(inputs, outputs, internalMats);
    state.SetLabel(engineName(layer.resolvedImplementation()));
}

void BM_PlainConv(benchmark::State& state, const Shape& s)
{
    RNG rng(1);
    const Mat w = randomBlob({ s.outChannels, s.inChannels, s.kernel, s.kernel }, rng, -0.05f, 0.05f);
    const Mat b = randomBlob({ 1, s.outChannels }, rng, -0.1f, 0.1f);
    dnn::LayerParams lp = convParams(s, w, b);
    dnn::Net net;
    net.addLayerToPrev(lp.name, "Convolution", lp);
    net.setPreferableBackend(dnn::DNN_BACKEND_OPENCV);
    const Mat x = randomBlob({ 1, s.inChannels, s.size, s.size }, rng, 0.f, 1.f);
    net.setInput(x);
    net.forward(); // set-up outside the timing
    for (auto _ : state)
    {
        net.setInput(x);
        benchmark::DoNotOptimize(net.forward());
    }
}

// Collects the mean time per iteration of every run to print the ratios.
class RatioReporter : public benchmark::ConsoleReporter
{
public:
    std::map<std::string, double> seconds, cpuSeconds;
    std::set<std::string> medians;
    void ReportRuns(const std::vector<Run>& runs) override
    {
        // With --benchmark_repetitions the median of the repetitions is used, otherwise the run.
        for (const Run& r : runs)
        {
            const bool median = r.run_type == Run::RT_Aggregate && r.aggregate_name == "median";
            const std::string& key = r.run_name.function_name;
            if ((r.run_type == Run::RT_Iteration && r.iterations > 0 && !medians.count(key)) || median)
            {
                seconds[key] = r.GetAdjustedRealTime() / benchmark::GetTimeUnitMultiplier(r.time_unit);
                cpuSeconds[key] = r.GetAdjustedCPUTime() / benchmark::GetTimeUnitMultiplier(r.time_unit);
                if (median)
                    medians.insert(key);
            }
        }
        ConsoleReporter::ReportRuns(runs);
    }
};

} // namespace

int main(int argc, char** argv)
{
    for (const Shape& s : shapes())
    {
        benchmark::RegisterBenchmark((std::string("fused/") + s.name).c_str(), BM_Fused, s, (int)inpainting::PCONV_IMPL_AUTO)->Unit(benchmark::kMillisecond)->UseRealTime()->MeasureProcessCPUTime();
        for (int impl : { (int)inpainting::PCONV_IMPL_GEMM, (int)inpainting::PCONV_IMPL_OPENCV, kWinograd })
        {
            if (impl == kWinograd && !winogradShape(s))
                continue;
            benchmark::RegisterBenchmark((std::string(engineName(impl)) + "/" + s.name).c_str(),
                                         BM_Fused, s, impl)->Unit(benchmark::kMillisecond)->UseRealTime()->MeasureProcessCPUTime();
        }
        benchmark::RegisterBenchmark((std::string("plain/") + s.name).c_str(), BM_PlainConv, s)->Unit(benchmark::kMillisecond)->UseRealTime()->MeasureProcessCPUTime();
    }
    benchmark::Initialize(&argc, argv);
    std::printf("threads: OpenCV %d, OpenBLAS %d\n", cv::getNumThreads(), openblas_get_num_threads());
    RatioReporter reporter;
    benchmark::RunSpecifiedBenchmarks(&reporter);
    // Wall time is what a user waits for; process CPU time (all threads) is the steadier measure
    // on a shared machine, where wall time includes waiting for cores other programs hold.
    std::printf("\nfused PartialConv2d / plain OpenCV Convolution (goals: <= 1.10; 3x3 stride 1 from 64 channels: <= 0.60),\n"
                "wall time and process CPU time:\n");
    for (const Shape& s : shapes())
    {
        const std::string f = std::string("fused/") + s.name, p = std::string("plain/") + s.name;
        if (reporter.seconds.count(f) && reporter.seconds.count(p))
            std::printf("  %-26s wall %8.1f / %8.1f ms = %.2f   cpu %8.1f / %8.1f ms = %.2f\n", s.name,
                        reporter.seconds[f] * 1e3, reporter.seconds[p] * 1e3, reporter.seconds[f] / reporter.seconds[p],
                        reporter.cpuSeconds[f] * 1e3, reporter.cpuSeconds[p] * 1e3,
                        reporter.cpuSeconds[f] / reporter.cpuSeconds[p]);
    }
    std::printf("\neach engine forced (process CPU time / plain; winograd on 3x3 stride-1 and 5x5 stride-2 shapes only):\n");
    for (const Shape& s : shapes())
    {
        const std::string p = std::string("plain/") + s.name;
        if (!reporter.cpuSeconds.count(p))
            continue;
        std::printf("  %-26s", s.name);
        for (int impl : { (int)inpainting::PCONV_IMPL_GEMM, (int)inpainting::PCONV_IMPL_OPENCV, kWinograd })
        {
            const std::string k = std::string(engineName(impl)) + "/" + s.name;
            if (reporter.cpuSeconds.count(k))
                std::printf(" %s %.2f ", engineName(impl), reporter.cpuSeconds[k] / reporter.cpuSeconds[p]);
        }
        std::printf("\n");
    }
    return 0;
}
