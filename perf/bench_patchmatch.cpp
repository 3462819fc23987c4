// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

// PatchMatch against the other patch/reconstruction methods OpenCV has (xphoto ShiftMap and
// FSR best), side by side in one run: 512x512 and 1024x1024 photos with 10% and 30% holes.
// After the runs it prints, per case, how many times faster PatchMatch is.
//
//   bench_patchmatch                                   # every case (FSR best takes minutes per image)
//   bench_patchmatch --benchmark_filter='512/'          # only the 512x512 cases
//   bench_patchmatch --benchmark_filter='patchmatch|shiftmap'
//
// FSR best runs once per case (Iterations(1)); the faster methods repeat until the timing is
// stable. Times are wall-clock (the methods use several threads).

#include <benchmark/benchmark.h>

#include <cstdio>
#include <map>
#include <string>

#include "opencv2/core/utility.hpp"
#include "opencv2/imgcodecs.hpp"
#include "opencv2/imgproc.hpp"
#include "opencv2/inpainting.hpp"

namespace inp = cv::inpainting;

namespace {

std::string sampleDir()
{
    const char* env = std::getenv("OPENCV_SAMPLES_DATA_PATH");
    return env ? std::string(env) : std::string("/usr/share/doc/opencv-doc/examples/data");
}

struct Case
{
    int size;
    int holePercent;
};

const Case kCases[] = { { 512, 10 }, { 512, 30 }, { 1024, 10 }, { 1024, 30 } };

// lena for the 512 cases, fruits for the 1024 ones (both resized to a square).
cv::Mat casePhoto(const Case& c)
{
    const std::string name = c.size == 512 ? "lena.jpg" : "fruits.jpg";
    const cv::Mat photo = cv::imread(sampleDir() + "/" + name, cv::IMREAD_COLOR);
    if (photo.empty())
        return photo;
    cv::Mat out;
    cv::resize(photo, out, cv::Size(c.size, c.size), 0, 0, c.size < photo.cols ? cv::INTER_AREA : cv::INTER_CUBIC);
    return out;
}

cv::Mat caseMask(const Case& c)
{
    const double ratio = c.holePercent / 100.0;
    cv::Mat mask;
    inp::MaskGenerator::create(inp::MASK_MIXED, ratio - 0.01, ratio + 0.01, 1000 + c.size + c.holePercent)
        ->generate(cv::Size(c.size, c.size), mask);
    return mask;
}

std::string caseName(const Case& c)
{
    return std::to_string(c.size) + "/" + std::to_string(c.holePercent) + "%";
}

// Mean seconds per run of (method, case), filled by the benchmarks, read by the summary.
std::map<std::string, std::map<std::string, double>> g_seconds;

void runMethod(benchmark::State& state, int method, Case c)
{
    if (!inp::isMethodAvailable(method))
    {
        state.SkipWithError("method not available in this build (needs opencv_xphoto)");
        return;
    }
    const cv::Mat photo = casePhoto(c);
    if (photo.empty())
    {
        state.SkipWithError("sample photo missing (install opencv-doc)");
        return;
    }
    const cv::Mat mask = caseMask(c);
    cv::Mat input = photo.clone(), result;
    input.setTo(cv::Scalar::all(255), mask);
    double total = 0;
    int runs = 0;
    for (auto _ : state)
    {
        const int64 start = cv::getTickCount();
        inp::inpaint(input, mask, result, method);
        total += (cv::getTickCount() - start) / cv::getTickFrequency();
        runs++;
        benchmark::DoNotOptimize(result.data);
    }
    const inp::InpaintingMetrics q = inp::evaluate(result, photo, mask);
    state.counters["hole_%"] = 100.0 * inp::holeRatio(mask);
    state.counters["psnr"] = q.psnr;
    state.counters["ssim"] = q.ssim;
    g_seconds[inp::methodName(method)][caseName(c)] = total / std::max(1, runs);
}

void registerAll()
{
    for (const Case& c : kCases)
    {
        const std::string suffix = "/" + std::to_string(c.size) + "/" + std::to_string(c.holePercent);
        benchmark::RegisterBenchmark(("patchmatch" + suffix).c_str(), runMethod, inp::INPAINT_PATCHMATCH, c)
            ->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(2.0);
        benchmark::RegisterBenchmark(("shiftmap" + suffix).c_str(), runMethod, inp::INPAINT_SHIFTMAP, c)
            ->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(2);
        benchmark::RegisterBenchmark(("fsr_best" + suffix).c_str(), runMethod, inp::INPAINT_FSR_BEST, c)
            ->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(1);
    }
}

void printRatios()
{
    const auto pm = g_seconds.find("patchmatch");
    if (pm == g_seconds.end())
        return;
    std::printf("\nPatchMatch speed-up (time of the other method / time of PatchMatch, same photo and mask):\n");
    std::printf("%-10s %12s %12s %12s %12s %12s\n", "case", "patchmatch_s", "shiftmap_s", "vs_shiftmap",
                "fsr_best_s", "vs_fsr_best");
    for (const Case& c : kCases)
    {
        const std::string name = caseName(c);
        const auto t = pm->second.find(name);
        if (t == pm->second.end())
            continue;
        std::printf("%-10s %12.3f", name.c_str(), t->second);
        for (const char* other : { "shiftmap", "fsr_best" })
        {
            const auto o = g_seconds.find(other);
            if (o != g_seconds.end() && o->second.count(name))
                std::printf(" %12.3f %11.1fx", o->second.at(name), o->second.at(name) / t->second);
            else
                std::printf(" %12s %12s", "-", "-");
        }
        std::printf("\n");
    }
}

} // namespace

int main(int argc, char** argv)
{
    registerAll();
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv))
        return 2;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    printRatios();
    return 0;
}
