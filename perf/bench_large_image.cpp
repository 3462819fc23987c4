// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

// PartialConvInpainter and PconvPatchInpainter (the net's fill guiding the patch synthesis) on a
// 6000x4000 photo with one 200x200 hole against a 1024x1024 image with the same hole: with the
// crops strategy the time should be about the same (goal ratio ~1) and the peak memory of the
// large case under 1 GiB. The model is a U-Net of the size the training tool exports (7 levels,
// width 32, random weights: speed does not depend on them). Peak memory (VmHWM) is measured in
// child processes, one per image size and method, so that no run inherits another's high-water mark.
//   build/bin/bench_large_image
//   build/bin/bench_large_image --benchmark_filter='/1$'    # pconv_patch only

#include <benchmark/benchmark.h>

#include <cstdio>
#include <fstream>
#include <functional>
#include <map>
#include <string>
#include <unistd.h>

#include "opencv2/core.hpp"
#include "opencv2/core/utility.hpp"
#include "opencv2/inpainting.hpp"
#include "../test/pconv_onnx_builder.hpp"

namespace {

using namespace cv;

const std::vector<uchar>& model()
{
    static const std::vector<uchar> bytes =
        opencv_test_inpainting::pconv_builder::serialize(opencv_test_inpainting::pconv_builder::tinyUNet(7, 32, 3, 256, true, 3));
    return bytes;
}

void makeInput(Size size, Mat& image, Mat& mask, bool hole = true)
{
    image.create(size, CV_8UC3);
    randu(image, Scalar::all(0), Scalar::all(255));
    mask = Mat::zeros(size, CV_8UC1);
    if (hole)
        mask(Rect(size.width / 2 - 100, size.height / 2 - 100, 200, 200)).setTo(255);
}

const char* const kMethodNames[] = { "pconv", "pconv_patch" };

// 0: PartialConvInpainter, 1: PconvPatchInpainter (which loads its model from a file).
std::function<void(const Mat&, const Mat&, Mat&)> makeInpainter(int method)
{
    if (method == 0)
    {
        Ptr<inpainting::PartialConvInpainter> pconv = inpainting::PartialConvInpainter::createFromBuffer(model());
        return [pconv](const Mat& image, const Mat& mask, Mat& result) { pconv->apply(image, mask, result); };
    }
    const std::string path = format("/tmp/bench_large_image_%d.onnx", (int)getpid());
    {
        std::ofstream out(path, std::ios::binary);
        out.write(reinterpret_cast<const char*>(model().data()), (std::streamsize)model().size());
    }
    Ptr<inpainting::PconvPatchInpainter> pp = inpainting::PconvPatchInpainter::create(path);
    std::remove(path.c_str());
    return [pp](const Mat& image, const Mat& mask, Mat& result) { pp->apply(image, mask, result); };
}

void BM_Inpaint(benchmark::State& state)
{
    const Size size((int)state.range(0), (int)state.range(1));
    const auto apply = makeInpainter((int)state.range(3));
    Mat image, mask, result;
    makeInput(size, image, mask, state.range(2) != 0);
    for (auto _ : state)
        apply(image, mask, result);
}

long peakKiB()
{
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind("VmHWM:", 0) == 0)
            return std::stol(line.substr(6));
    return -1;
}

// Child mode: one apply() at the given size, then print the peak resident memory.
int measureMemory(int width, int height, int method)
{
    const auto apply = makeInpainter(method);
    Mat image, mask, result;
    makeInput(Size(width, height), image, mask);
    apply(image, mask, result);
    std::printf("%ld\n", peakKiB());
    return 0;
}

// Keeps the median of the repetitions (wall and process CPU time) of every benchmark.
class RatioReporter : public benchmark::ConsoleReporter
{
public:
    std::map<std::string, std::pair<double, double>> seconds;
    void ReportRuns(const std::vector<Run>& runs) override
    {
        for (const Run& r : runs)
            if (r.run_type == Run::RT_Aggregate && r.aggregate_name == "median")
                seconds[r.run_name.args] = { r.GetAdjustedRealTime() / benchmark::GetTimeUnitMultiplier(r.time_unit),
                                             r.GetAdjustedCPUTime() / benchmark::GetTimeUnitMultiplier(r.time_unit) };
        ConsoleReporter::ReportRuns(runs);
    }
};

long childPeak(const char* self, int width, int height, int method)
{
    const std::string cmd = format("%s --memory=%dx%d:%d", self, width, height, method);
    FILE* p = popen(cmd.c_str(), "r");
    if (!p)
        return -1;
    long kib = -1;
    if (std::fscanf(p, "%ld", &kib) != 1)
        kib = -1;
    pclose(p);
    return kib;
}

} // namespace

// Third argument: 1 = the 200x200 hole, 0 = no hole (what the full-image passes alone cost:
// validating, copying the input to the output, reading the mask once). Fourth: the method.
BENCHMARK(BM_Inpaint)->Args({ 1024, 1024, 1, 0 })->Args({ 6000, 4000, 1, 0 })->Args({ 6000, 4000, 0, 0 })
    ->Args({ 1024, 1024, 1, 1 })->Args({ 6000, 4000, 1, 1 })->Args({ 6000, 4000, 0, 1 })
    ->Unit(benchmark::kMillisecond)->UseRealTime()->MeasureProcessCPUTime()->Iterations(3)->Repetitions(3);

int main(int argc, char** argv)
{
    int w = 0, h = 0, method = 0;
    if (argc == 2 && std::sscanf(argv[1], "--memory=%dx%d:%d", &w, &h, &method) == 3)
        return measureMemory(w, h, method);
    benchmark::Initialize(&argc, argv);
    RatioReporter reporter;
    benchmark::RunSpecifiedBenchmarks(&reporter);
    // Wall time is what a user waits for; process CPU time (all threads) is steadier on a shared
    // machine, where wall time includes waiting for cores that other programs hold.
    char self[4096] = { 0 };
    if (readlink("/proc/self/exe", self, sizeof(self) - 1) <= 0)
        return 1;
    for (int m = 0; m < 2; m++)
    {
        const auto small = reporter.seconds[format("1024/1024/1/%d", m)], large = reporter.seconds[format("6000/4000/1/%d", m)];
        const auto floor = reporter.seconds[format("6000/4000/0/%d", m)];
        if (small.first <= 0 || large.first <= 0)
            continue; // filtered out
        std::printf("\n%s, 6000x4000 / 1024x1024 (200x200 hole, crops strategy; goal ~1, medians):\n"
                    "  wall %.1f / %.1f ms = %.2f   process cpu %.1f / %.1f ms = %.2f\n",
                    kMethodNames[m], large.first * 1e3, small.first * 1e3, large.first / small.first, large.second * 1e3,
                    small.second * 1e3, large.second / small.second);
        if (floor.first > 0)
            std::printf("%s, 6000x4000 without a hole (the full-image passes alone): wall %.1f ms, process cpu %.1f ms\n",
                        kMethodNames[m], floor.first * 1e3, floor.second * 1e3);
        const long peakSmall = childPeak(self, 1024, 1024, m), peakLarge = childPeak(self, 6000, 4000, m);
        std::printf("%s, peak memory (VmHWM, separate processes; goal < 1024 MiB): 1024x1024 %.0f MiB, 6000x4000 %.0f MiB\n",
                    kMethodNames[m], peakSmall / 1024.0, peakLarge / 1024.0);
    }
    return 0;
}
