// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

// pconv_patch (the network's fill guiding the patch synthesis) beside its two parts, pconv and
// patchmatch, in one run: a 768x512 photo with a 30% hole (the speed goal of pconv_patch: at most
// 1.5 s on this machine's 2 cores), and a 10% hole. Prints the seconds per image side by side and
// the ratios after the runs.
//
//   bench_pconv_patch                                # every case
//   bench_pconv_patch --benchmark_filter='/30'       # the 30% cases

#include <benchmark/benchmark.h>

#include <cstdio>
#include <ctime>
#include <map>
#include <string>

#include "opencv2/core/utility.hpp"
#include "opencv2/imgcodecs.hpp"
#include "opencv2/imgproc.hpp"
#include "opencv2/inpainting.hpp"

namespace inp = cv::inpainting;

namespace {

const double kGoalSeconds = 1.5; // 768x512, 30% hole, 2 cores
const int kHolePercents[] = { 30, 10 };
// pconv_patch_texture: PconvPatchInpainter with its texture setting (setSharpVote(true),
// setGuideSigma(3)), not a method name of inpaint().
const char* const kMethods[] = { "pconv_patch", "pconv_patch_texture", "patchmatch", "pconv" };

std::string sampleDir()
{
    const char* env = std::getenv("OPENCV_SAMPLES_DATA_PATH");
    return env ? std::string(env) : std::string("/usr/share/doc/opencv-doc/examples/data");
}

// OpenCV's Middlebury aloe (Debian opencv-doc, 1282x1110) resized to 768x512: a photo with both
// texture and structure.
cv::Mat photo()
{
    const cv::Mat p = cv::imread(sampleDir() + "/aloeL.jpg", cv::IMREAD_COLOR);
    cv::Mat out;
    if (!p.empty())
        cv::resize(p, out, cv::Size(768, 512), 0, 0, cv::INTER_AREA);
    return out;
}

cv::Mat mask(int holePercent)
{
    const double ratio = holePercent / 100.0;
    cv::Mat m;
    inp::MaskGenerator::create(inp::MASK_MIXED, ratio - 0.01, ratio + 0.01, 768 + holePercent)->generate(cv::Size(768, 512), m);
    return m;
}

struct Seconds
{
    double wall = 0, cpu = 0;
};
std::map<int, std::map<std::string, Seconds>> g_seconds; // hole percent -> method -> seconds

void runMethod(benchmark::State& state, std::string name, int holePercent)
{
    const bool texture = name == "pconv_patch_texture";
    const int method = inp::methodFromName(texture ? "pconv_patch" : name);
    if (!inp::isMethodAvailable(method))
    {
        state.SkipWithError("method not available in this build (no embedded model)");
        return;
    }
    const cv::Mat truth = photo();
    if (truth.empty())
    {
        state.SkipWithError("sample photo missing (install opencv-doc)");
        return;
    }
    const cv::Mat m = mask(holePercent);
    cv::Mat input = truth.clone(), result;
    input.setTo(cv::Scalar::all(255), m);
    cv::Ptr<inp::PconvPatchInpainter> texturePP;
    if (texture)
    {
        texturePP = inp::PconvPatchInpainter::create();
        texturePP->setSharpVote(true);
        texturePP->setGuideSigma(3);
    }
    auto run = [&] {
        if (texturePP)
            texturePP->apply(input, m, result);
        else
            inp::inpaint(input, m, result, method);
    };
    run(); // loads the model once, outside the timing
    double wall = 0, cpu = 0;
    int runs = 0;
    for (auto _ : state)
    {
        const int64 start = cv::getTickCount();
        const std::clock_t cpuStart = std::clock(); // process CPU time, all threads
        run();
        cpu += (double)(std::clock() - cpuStart) / CLOCKS_PER_SEC;
        wall += (cv::getTickCount() - start) / cv::getTickFrequency();
        runs++;
        benchmark::DoNotOptimize(result.data);
    }
    const inp::InpaintingMetrics q = inp::evaluate(result, truth, m);
    state.counters["hole_%"] = 100.0 * inp::holeRatio(m);
    state.counters["psnr"] = q.psnr;
    state.counters["ssim"] = q.ssim;
    g_seconds[holePercent][name] = Seconds{ wall / std::max(1, runs), cpu / std::max(1, runs) };
}

void printSummary()
{
    std::printf("\n768x512, seconds per image (wall-clock / process CPU of all threads), %d threads:\n",
                cv::getNumThreads());
    std::printf("%-6s %17s %17s %17s %17s %14s %14s %s\n", "hole", "pconv_patch", "texture setting", "patchmatch", "pconv",
                "pm/pconv_patch", "pconv_patch/pconv", "goal");
    for (const int hole : kHolePercents)
    {
        const auto& s = g_seconds[hole];
        if (!s.count("pconv_patch"))
            continue;
        auto cell = [&](const char* m) {
            return s.count(m) ? cv::format("%7.2f / %7.2f", s.at(m).wall, s.at(m).cpu) : std::string("-");
        };
        auto ratio = [&](const char* a, const char* b) {
            return s.count(a) && s.count(b) ? cv::format("%.2fx", s.at(a).wall / std::max(1e-9, s.at(b).wall))
                                            : std::string("-");
        };
        const double mine = s.at("pconv_patch").wall;
        std::printf("%-6s %17s %17s %17s %17s %14s %14s %s\n", (std::to_string(hole) + "%").c_str(),
                    cell("pconv_patch").c_str(), cell("pconv_patch_texture").c_str(), cell("patchmatch").c_str(), cell("pconv").c_str(), ratio("patchmatch", "pconv_patch").c_str(),
                    ratio("pconv_patch", "pconv").c_str(),
                    hole == 30 ? cv::format("%s (<= %.1f s)", mine <= kGoalSeconds ? "met" : "missed", kGoalSeconds).c_str()
                               : "");
    }
}

} // namespace

int main(int argc, char** argv)
{
    for (const int hole : kHolePercents)
        for (const char* m : kMethods)
            benchmark::RegisterBenchmark((std::string(m) + "/768x512/" + std::to_string(hole)).c_str(), runMethod,
                                         std::string(m), hole)
                ->Unit(benchmark::kMillisecond)->UseRealTime()->MeasureProcessCPUTime()->MinTime(2.0);
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv))
        return 2;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    printSummary();
    return 0;
}
