// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

// PartialConvInpainter on a 6000x4000 photo with one 200x200 hole against a 1024x1024 image
// with the same hole: with the crops strategy the time should be about the same (goal ratio
// ~1) and the peak memory of the large case under 1 GiB. The model is a U-Net of the size the
// training tool exports (7 levels, width 32, random weights: speed does not depend on them).
// Peak memory (VmHWM) is measured in child processes, one per image size, so that neither run
// inherits the other's high-water mark.
//   build/bin/bench_large_image

#include <benchmark/benchmark.h>

#include <cstdio>
#include <fstream>
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

void makeInput(Size size, Mat& image, Mat& mask)
{
    image.create(size, CV_8UC3);
    randu(image, Scalar::all(0), Scalar::all(255));
    mask = Mat::zeros(size, CV_8UC1);
    mask(Rect(size.width / 2 - 100, size.height / 2 - 100, 200, 200)).setTo(255);
}

void BM_Inpaint(benchmark::State& state)
{
    const Size size((int)state.range(0), (int)state.range(1));
    Ptr<inpainting::PartialConvInpainter> pconv = inpainting::PartialConvInpainter::createFromBuffer(model());
    Mat image, mask, result;
    makeInput(size, image, mask);
    for (auto _ : state)
        pconv->apply(image, mask, result);
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
int measureMemory(int width, int height)
{
    Ptr<inpainting::PartialConvInpainter> pconv = inpainting::PartialConvInpainter::createFromBuffer(model());
    Mat image, mask, result;
    makeInput(Size(width, height), image, mask);
    pconv->apply(image, mask, result);
    std::printf("%ld\n", peakKiB());
    return 0;
}

class RatioReporter : public benchmark::ConsoleReporter
{
public:
    std::map<std::string, double> seconds;
    void ReportRuns(const std::vector<Run>& runs) override
    {
        for (const Run& r : runs)
            if (r.iterations > 0)
                seconds[r.benchmark_name()] = r.GetAdjustedRealTime() / benchmark::GetTimeUnitMultiplier(r.time_unit);
        ConsoleReporter::ReportRuns(runs);
    }
};

long childPeak(const char* self, int width, int height)
{
    const std::string cmd = format("%s --memory=%dx%d", self, width, height);
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

BENCHMARK(BM_Inpaint)->Args({ 1024, 1024 })->Args({ 6000, 4000 })->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(5);

int main(int argc, char** argv)
{
    int w = 0, h = 0;
    if (argc == 2 && std::sscanf(argv[1], "--memory=%dx%d", &w, &h) == 2)
        return measureMemory(w, h);
    benchmark::Initialize(&argc, argv);
    RatioReporter reporter;
    benchmark::RunSpecifiedBenchmarks(&reporter);
    const double small = reporter.seconds["BM_Inpaint/1024/1024/iterations:5/real_time"];
    const double large = reporter.seconds["BM_Inpaint/6000/4000/iterations:5/real_time"];
    if (small > 0 && large > 0)
        std::printf("\ntime 6000x4000 / 1024x1024 (200x200 hole, crops strategy; goal ~1): %.1f ms / %.1f ms = %.2f\n",
                    large * 1e3, small * 1e3, large / small);
    char self[4096] = { 0 };
    if (readlink("/proc/self/exe", self, sizeof(self) - 1) <= 0)
        return 1;
    const long peakSmall = childPeak(self, 1024, 1024), peakLarge = childPeak(self, 6000, 4000);
    std::printf("peak memory (VmHWM, separate processes; goal < 1024 MiB): 1024x1024 %.0f MiB, 6000x4000 %.0f MiB\n",
                peakSmall / 1024.0, peakLarge / 1024.0);
    return 0;
}
