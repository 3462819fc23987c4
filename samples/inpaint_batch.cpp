// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

// Fills the holes of a folder of images, one shard of it per worker of a cluster job:
//   inpaint_batch --images=DIR --masks=DIR --output=DIR [--method=telea] [--model=PATH]
//                 [--shard=i/n | --shard-count=n] [--ext=.png] [--threads=N]
//
// Pairs: image `name.ext` with the mask of the same stem in --masks (any image extension). The
// pairs, sorted by image file name, are dealt round-robin: pair k belongs to shard k mod n. The
// shard is --shard=i/n, else the scheduler's index: Slurm job arrays (SLURM_ARRAY_TASK_ID, its
// MIN, STEP and COUNT) or a Kubernetes indexed Job (JOB_COMPLETION_INDEX, with --shard-count
// giving the number of completions); without any, the whole folder is one shard.
//
// Each result is written atomically (a temporary name, then a rename) as --output/<stem><ext>,
// and a result that already exists is skipped: a killed or preempted job rerun with the same
// arguments continues where it stopped. A pair that cannot be done (no mask, a mask of another
// size, an unreadable file, a type the method refuses) is reported on stderr and skipped; the
// others go on. One progress line per pair on stderr, a summary line on stdout.
//
// Exit codes: 0 all pairs of the shard done or skipped, 3 some pairs failed, 2 bad arguments.

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>

#include "opencv2/core.hpp"
#include "opencv2/core/utility.hpp"
#include "opencv2/imgcodecs.hpp"
#include "opencv2/inpainting.hpp"

#include "sample_common.hpp"

using namespace inpainting_samples;
namespace inp = cv::inpainting;
namespace fs = std::filesystem;

static const char* const keys =
    "{help h usage ? |      | print this message }"
    "{images         |      | folder of images to fill }"
    "{masks          |      | folder of hole masks (non-zero = hole), paired with the images by file stem }"
    "{output         |      | folder of the results (created if missing) }"
    "{method         | telea| one method (see inpaint --help) }"
    "{model          |      | ONNX model for pconv or pconv_patch (default: the embedded model) }"
    "{shard          |      | i/n: this worker's shard (default: from Slurm or Kubernetes, else 0/1) }"
    "{shard-count    | 0    | number of shards when the index comes from JOB_COMPLETION_INDEX }"
    "{ext            | .png | extension (format) of the results }"
    "{threads        | -1   | OpenCV threads (default: OpenCV's choice) }";

namespace {

const int kExitSomeFailed = 3;

struct Shard
{
    int index = 0, count = 1;
    std::string source = "default";
};

// A non-negative integer, all of `text`, or -1.
long long parseCount(const std::string& text)
{
    if (text.empty() || text.size() > 12 || text.find_first_not_of("0123456789") != std::string::npos)
        return -1;
    return std::stoll(text);
}

long long environmentCount(const char* name)
{
    const char* value = std::getenv(name);
    if (!value)
        return -1;
    const long long n = parseCount(value);
    if (n < 0)
        fail(std::string(name) + "='" + value + "' is not a non-negative integer");
    return n;
}

Shard resolveShard(const std::string& option, int shardCount)
{
    Shard s;
    if (shardCount < 0)
        fail("--shard-count must be >= 1");
    if (!option.empty())
    {
        const size_t slash = option.find('/');
        const long long i = slash == std::string::npos ? -1 : parseCount(option.substr(0, slash));
        const long long n = slash == std::string::npos ? -1 : parseCount(option.substr(slash + 1));
        if (i < 0 || n < 1)
            fail("--shard: expected i/n with 0 <= i < n (e.g. 0/4), got '" + option + "'");
        if (i >= n)
            fail("--shard: index " + std::to_string(i) + " is not below the count " + std::to_string(n));
        s.index = (int)i, s.count = (int)n, s.source = "--shard";
        return s;
    }
    const long long slurmId = environmentCount("SLURM_ARRAY_TASK_ID");
    if (slurmId >= 0)
    {
        // Array indices may start anywhere and step (--array=1-20:2); the shard is the position.
        const long long minId = std::max(0LL, environmentCount("SLURM_ARRAY_TASK_MIN"));
        const long long step = std::max(1LL, environmentCount("SLURM_ARRAY_TASK_STEP"));
        long long count = shardCount > 0 ? shardCount : environmentCount("SLURM_ARRAY_TASK_COUNT");
        if (count < 1)
            fail("SLURM_ARRAY_TASK_ID is set but SLURM_ARRAY_TASK_COUNT is not: give --shard-count=N or --shard=i/n");
        if (slurmId < minId || (slurmId - minId) % step != 0)
            fail("SLURM_ARRAY_TASK_ID=" + std::to_string(slurmId) + " is not on the array's grid (MIN " +
                 std::to_string(minId) + ", STEP " + std::to_string(step) + ")");
        s.index = (int)((slurmId - minId) / step), s.count = (int)count, s.source = "Slurm array";
    }
    else
    {
        const long long k8sIndex = environmentCount("JOB_COMPLETION_INDEX");
        if (k8sIndex < 0)
            return s;
        if (shardCount < 1)
            fail("JOB_COMPLETION_INDEX is set: give --shard-count=N (the Job's completions)");
        s.index = (int)k8sIndex, s.count = shardCount, s.source = "JOB_COMPLETION_INDEX";
    }
    if (s.index >= s.count)
        fail(s.source + ": index " + std::to_string(s.index) + " is not below the shard count " + std::to_string(s.count));
    return s;
}

// Masks by file stem; a stem that two files share is ambiguous and pairs with nothing.
std::map<std::string, std::string> masksByStem(const std::string& dir, std::map<std::string, int>& stemUses)
{
    std::map<std::string, std::string> masks;
    for (const std::string& path : listImages(dir, "--masks"))
    {
        const std::string stem = fs::path(path).stem().string();
        if (++stemUses[stem] == 1)
            masks[stem] = path;
    }
    return masks;
}

} // namespace

int main(int argc, char** argv)
{
    cv::CommandLineParser parser(argc, argv, keys);
    parser.about("Fills the holes of a folder of images (one shard of it), restartable.");
    if (parser.has("help"))
    {
        parser.printMessage();
        return 0;
    }
    return runGuarded("inpaint_batch", [&]() {
        const std::string imagesDir = parser.get<std::string>("images");
        const std::string masksDir = parser.get<std::string>("masks");
        const std::string outputDir = parser.get<std::string>("output");
        const std::string methodName = parser.get<std::string>("method");
        const std::string model = parser.get<std::string>("model");
        const std::string shardOption = parser.get<std::string>("shard");
        const int shardCount = parser.get<int>("shard-count");
        const std::string ext = parser.get<std::string>("ext");
        const int threads = parser.get<int>("threads");
        if (!parser.check())
            fail("invalid arguments (see --help)");
        if (outputDir.empty())
            fail("--output is required");
        if (ext.size() < 2 || ext[0] != '.' || !cv::haveImageWriter("x" + ext))
            fail("--ext: '" + ext + "' is not an image format OpenCV can write (e.g. .png, .tif, .jpg)");
        if (threads < -1 || threads == 0)
            fail("--threads must be >= 1 (or -1 for OpenCV's default)");
        const std::vector<int> methods = parseMethods(methodName);
        if (methods.size() != 1)
            fail("--method: give exactly one method");
        const int method = methods[0];
        if (!model.empty() && method != inp::INPAINT_PCONV && method != inp::INPAINT_PCONV_PATCH)
            fail("--model only applies to --method=pconv or pconv_patch");
        const Shard shard = resolveShard(shardOption, shardCount);
        const std::vector<std::string> images = listImages(imagesDir, "--images");
        std::map<std::string, int> maskStemUses;
        const std::map<std::string, std::string> masks = masksByStem(masksDir, maskStemUses);
        std::error_code ec;
        fs::create_directories(outputDir, ec);
        if (!fs::is_directory(outputDir))
            fail("--output: cannot create the folder " + outputDir);
        if (threads > 0)
            cv::setNumThreads(threads);

        MethodRunner runner(model);
        runner.loadModel(); // a bad model is reported before any image is read

        std::map<std::string, int> imageStemUses;
        for (const std::string& path : images)
            imageStemUses[fs::path(path).stem().string()]++;
        std::vector<size_t> mine;
        for (size_t k = 0; k < images.size(); k++)
            if ((int)(k % shard.count) == shard.index)
                mine.push_back(k);

        int done = 0, skipped = 0, failed = 0;
        const int64 startAll = cv::getTickCount();
        for (size_t j = 0; j < mine.size(); j++)
        {
            const std::string& imagePath = images[mine[j]];
            const std::string stem = fs::path(imagePath).stem().string();
            const std::string outPath = (fs::path(outputDir) / (stem + ext)).string();
            const std::string progress = cv::format("[%zu/%zu] %s", j + 1, mine.size(), fs::path(imagePath).filename().c_str());
            try
            {
                if (imageStemUses[stem] > 1)
                    throw std::runtime_error("another image has the stem '" + stem + "' (both would write " + outPath + ")");
                if (fs::exists(outPath))
                {
                    skipped++;
                    std::cerr << progress << ": skipped, " << outPath << " exists\n";
                    continue;
                }
                const auto mask = masks.find(stem);
                if (maskStemUses[stem] > 1)
                    throw std::runtime_error("several masks have the stem '" + stem + "' in " + masksDir);
                if (mask == masks.end())
                    throw std::runtime_error("no mask named '" + stem + ".*' in " + masksDir);
                const cv::Mat image = readImage(imagePath, cv::IMREAD_UNCHANGED, "images");
                const cv::Mat hole = readMask(mask->second, "masks");
                if (hole.size() != image.size())
                    throw std::runtime_error(cv::format("mask is %dx%d, image is %dx%d", hole.cols, hole.rows,
                                                        image.cols, image.rows));
                const int64 start = cv::getTickCount();
                cv::Mat result;
                runner.run(method, image, hole, result);
                writeImageAtomic(outPath, result);
                done++;
                std::cerr << progress << cv::format(": done in %.2f s\n", (cv::getTickCount() - start) / cv::getTickFrequency());
            }
            catch (const cv::Exception& e)
            {
                failed++;
                std::cerr << progress << ": failed: " << e.err << "\n";
            }
            catch (const std::exception& e)
            {
                failed++;
                std::cerr << progress << ": failed: " << e.what() << "\n";
            }
        }
        const double seconds = (cv::getTickCount() - startAll) / cv::getTickFrequency();
        std::cout << cv::format("shard %d/%d (%s): %zu of %zu pairs, %d done, %d skipped, %d failed, %.1f s\n", shard.index,
                                shard.count, shard.source.c_str(), mine.size(), images.size(), done, skipped, failed,
                                seconds);
        return failed > 0 ? kExitSomeFailed : 0;
    });
}
