// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

// Quality and speed of the inpainting methods on a folder of photos, per hole-ratio bucket:
//   inpaint_benchmark --images=DIR (--masks=DIR | --generate=rect|strokes|mixed|polygons|border|scratches | --frame=N)
//                     [--methods=telea,ns,...] [--model=PATH] [--offset=N] [--limit=N] [--masks-per-image=K]
//                     [--seed=N] [--csv=PATH] [--grid=PATH]
//                     [--pconv-strategy=crops|whole] [--pconv-working-size=N] [--pconv-context=N]
//                     [--pconv-hole-thickness=N] [--pconv-flip-averaging=0|1]
//                     [--pconv-edge-refinement=N] [--pconv-thin-hole-width=N]
//                     [--swd-descriptors=N] [--swd-seed=N] [--fid-model=PATH [--fid-size=N] [--fid-norm=imagenet|inception|unit]]
//                     [--perceptual-model=PATH [--perceptual-size=N] [--perceptual-norm=...]]
//
// Image i (sorted by file name) is paired with masks (i*K + j) mod M, j < K. With --masks, M is
// the number of mask files (sorted by name), resized to each image with nearest-neighbour; with
// --generate, mask n is drawn for bucket n mod 6 of the NVIDIA protocol, (0.01,0.1] ... (0.5,0.6],
// with seed (seed + n), so every bucket is covered evenly and each mask is reproducible alone.
// Scratch masks (1-3 px lines and curves, the old-photo use) cover 1.5 % to 6 % of the image
// whatever n: thin lines covering more would be a different application.
// Results are reported in the bucket of each mask's measured hole ratio.
// --intensity=12bit|16bit|float|hu hands the methods each photo in another representation (a
// 12-bit scan in a 16-bit image, full 16 bits, float in [0, 1], float in Hounsfield-like units
// -1000..1000); their results are mapped back to 8 bits (rounded) before the metrics, so the
// numbers compare with the 8-bit run's.
// --frame=N measures extending an image (inpainting::extendImage()): the hole is the N-pixel frame
// along every side of each photo, the methods fill it from the photo's inner part, and the extra
// method `replicate` is plain edge replication (cv::copyMakeBorder, BORDER_REPLICATE) of that part.
// --offset=N skips the first N photos but keeps the indices (photo N gets the masks it gets in a
// run over the whole folder), so runs over disjoint ranges (--offset with --limit) measure exactly
// what one run measures, split up: e.g. a slow method spread over several cores or sessions. Their
// bucket rows combine as means weighted by the "images" column (except swd and fid: set statistics,
// which do not combine; rerun the whole set for them).
//
// Columns: l1_hole, mse, psnr, psnr_hole, ssim, grad_ratio (means over the images of the row;
// grad_ratio skips images where it is undefined), swd (SlicedWassersteinDistance over the row's
// images), detail_err (detailError(), mean over the images where it is defined), fid
// (frechetDistance of --fid-model's embeddings of the results and of the truths) and perceptual
// (mean perceptualDistance with --perceptual-model) when those models are given; NaN
// where a value is undefined (FID of a row with fewer than 2 images).

#include <algorithm>
#include <iomanip>
#include <cmath>
#include <iostream>
#include <limits>
#include <map>
#include <sstream>

#include "opencv2/core/utility.hpp"
#include "opencv2/imgcodecs.hpp"
#include "opencv2/imgproc.hpp"
#include "opencv2/inpainting.hpp"
#include "sample_common.hpp"

using namespace inpainting_samples;
namespace inp = cv::inpainting;

static const char* const keys =
    "{help h usage ?  |     | print this message }"
    "{images          |     | folder of ground-truth photos }"
    "{masks           |     | folder of mask images (non-zero = hole) }"
    "{generate        |     | generate masks instead: rect, strokes, mixed, polygons, border or scratches }"
    "{intensity       | 8bit | how the methods get the photos: 8bit, 12bit (16-bit image, values 0-4095), 16bit, float (0-1) or hu (float, -1000 to 1000) }"
    "{frame           | 0   | instead of masks: a frame of N pixels on every side (extending an image); allows the method replicate }"
    "{methods         |     | comma-separated methods (default: every method available in this build) }"
    "{model           |     | ONNX model for pconv (default: the embedded model) }"
    "{offset          | 0   | skip the first N photos; masks keep the photos' indices }"
    "{limit           | 0   | use at most N photos (0 = all) }"
    "{masks-per-image | 1   | masks per photo (K) }"
    "{seed            | 0   | seed of the generated masks }"
    "{csv             |     | write the table as CSV here }"
    "{grid            |     | write a picture: input with hole, each method, ground truth }"
    "{grid-rows       | 4   | number of examples in the picture }"
    "{pconv-strategy  |     | pconv: crops or whole (default: the library's) }"
    "{pconv-working-size | -1 | pconv: PartialConvInpainter::setWorkingSize (default: the library's) }"
    "{pconv-context   | -1  | pconv: PartialConvInpainter::setContext (default: the library's) }"
    "{pconv-hole-thickness | -1 | pconv: PartialConvInpainter::setHoleThickness, 0 = off (default: the library's) }"
    "{pconv-flip-averaging | -1 | pconv: PartialConvInpainter::setFlipAveraging, 0 or 1 (default: the library's) }"
    "{pconv-edge-refinement | -1 | pconv: PartialConvInpainter::setEdgeRefinement, 0 = off (default: the library's) }"
    "{pconv-thin-hole-width | -1 | pconv: PartialConvInpainter::setThinHoleWidth, 0 = off (default: the library's) }"
    "{pconv-patch-weight | -1 | pconv_patch: PconvPatchInpainter::setGuidanceWeight (default: the library's) }"
    "{pconv-patch-sharp-vote | -1 | pconv_patch: PconvPatchInpainter::setSharpVote, 0 or 1 (default: the library's) }"
    "{pconv-patch-structure-sigma | -1 | pconv_patch: PconvPatchInpainter::setStructureSigma (default: the library's) }"
    "{pconv-patch-guide-sigma | -1 | pconv_patch: PconvPatchInpainter::setGuideSigma (default: the library's) }"
    "{pconv-patch-detail-weight | -1 | pconv_patch: PconvPatchInpainter::setDetailWeight (default: the library's) }"
    "{pconv-patch-self-validation | -1 | pconv_patch: PconvPatchInpainter::setSelfValidation, 0 or 1 (default: the library's) }"
    "{pconv-patch-levels | -1 | pconv_patch: PconvPatchInpainter::setLevels (default: the library's) }"
    "{pconv-patch-iterations | -1 | pconv_patch: PconvPatchInpainter::setIterations (default: the library's) }"
    "{pconv-patch-patch-size | -1 | pconv_patch: PconvPatchInpainter::setPatchSize (default: the library's) }"
    "{swd-descriptors | 128 | SWD: descriptors per image and pyramid level (0 = all hole positions) }"
    "{swd-seed        | -1  | SWD: seed of its descriptor sampling and directions (-1 = --seed) }"
    "{fid-model       |     | network for the fid column (e.g. Inception-v3 up to pool3, ONNX) }"
    "{fid-size        | 299 | fid: input side the images are resized to (0 = their own size) }"
    "{fid-norm        | imagenet | fid: input normalisation: imagenet, inception (2x-1) or unit }"
    "{perceptual-model |    | network for the perceptual column (e.g. VGG16 up to pool3, ONNX) }"
    "{perceptual-size | 224 | perceptual: input side (0 = the image's own size) }"
    "{perceptual-norm | imagenet | perceptual: input normalisation: imagenet, inception or unit }";

namespace {

const int kGeneratedBuckets = 6; // (0.01,0.1] ... (0.5,0.6]
const int kReplicate = -2;       // --frame's baseline: edge replication, not a method of the module

std::string benchMethodName(int method)
{
    return method == kReplicate ? std::string("replicate") : inp::methodName(method);
}

// The methods of --methods, `replicate` allowed with --frame only.
std::vector<int> benchMethods(const std::string& list, bool haveModel, int frame)
{
    if (list.empty())
        return availableMethods(haveModel);
    std::string rest;
    bool replicate = false;
    std::stringstream in(list);
    std::string item;
    while (std::getline(in, item, ','))
    {
        if (item == "replicate")
            replicate = true;
        else
            rest += (rest.empty() ? "" : ",") + item;
    }
    if (replicate && frame <= 0)
        fail("--methods: replicate (edge replication) needs --frame=N");
    std::vector<int> methods = replicate && rest.empty() ? std::vector<int>() : parseMethods(replicate ? rest : list);
    if (replicate)
        methods.insert(methods.begin(), kReplicate);
    return methods;
}

// --intensity: the photo's representation as (type depth, scale, offset): value = 8-bit value * scale + offset.
struct Intensity { int depth; double scale, offset; };

Intensity intensityFromName(const std::string& name)
{
    if (name == "8bit") return { CV_8U, 1.0, 0.0 };
    if (name == "12bit") return { CV_16U, 4095.0 / 255.0, 0.0 };
    if (name == "16bit") return { CV_16U, 65535.0 / 255.0, 0.0 };
    if (name == "float") return { CV_32F, 1.0 / 255.0, 0.0 };
    if (name == "hu") return { CV_32F, 2000.0 / 255.0, -1000.0 };
    fail("--intensity: unknown representation '" + name + "' (expected 8bit, 12bit, 16bit, float or hu)");
}

cv::Mat frameMask(cv::Size size, int frame)
{
    cv::Mat mask(size, CV_8UC1, cv::Scalar(255));
    mask(cv::Rect(frame, frame, size.width - 2 * frame, size.height - 2 * frame)).setTo(0);
    return mask;
}

struct Accumulator
{
    int images = 0, gradientImages = 0, detailImages = 0;
    double l1Hole = 0, mse = 0, psnr = 0, psnrHole = 0, ssim = 0, gradientRatio = 0, detailError = 0, perceptual = 0,
           ms = 0;
    cv::Ptr<inp::SlicedWassersteinDistance> swd;
    cv::Mat resultEmbeddings, truthEmbeddings; // one row per image, for the FID

    void add(const inp::InpaintingMetrics& m, double milliseconds)
    {
        images++;
        l1Hole += m.l1Hole;
        mse += m.mse;
        psnr += m.psnr;
        psnrHole += m.psnrHole;
        ssim += m.ssim;
        if (std::isfinite(m.gradientRatio))
        {
            gradientRatio += m.gradientRatio;
            gradientImages++;
        }
        if (std::isfinite(m.detailError))
        {
            detailError += m.detailError;
            detailImages++;
        }
        ms += milliseconds;
    }
};

// The networks of the optional fid and perceptual columns.
struct FeatureNetworks
{
    cv::Ptr<inp::FeatureNetwork> fid, perceptual;
};

int normalizationFromName(const std::string& name, const char* flag)
{
    if (name == "imagenet")
        return inp::FEATURE_NORM_IMAGENET;
    if (name == "inception")
        return inp::FEATURE_NORM_INCEPTION;
    if (name == "unit")
        return inp::FEATURE_NORM_UNIT;
    fail(std::string(flag) + ": unknown normalisation '" + name + "' (expected imagenet, inception or unit)");
}

cv::Ptr<inp::FeatureNetwork> loadFeatureNetwork(const std::string& path, int side, const std::string& norm,
                                                const char* modelFlag, const char* sizeFlag, const char* normFlag)
{
    if (path.empty())
        return cv::Ptr<inp::FeatureNetwork>();
    if (side < 0)
        fail(std::string(sizeFlag) + " must be >= 0");
    const int normalization = normalizationFromName(norm, normFlag);
    try
    {
        return inp::FeatureNetwork::create(path, cv::Size(side, side), normalization);
    }
    catch (const cv::Exception& e)
    {
        fail(std::string(modelFlag) + ": " + e.err);
    }
}

int maskKindFromName(const std::string& name)
{
    if (name == "rect")
        return inp::MASK_RECT;
    if (name == "strokes")
        return inp::MASK_STROKES;
    if (name == "mixed")
        return inp::MASK_MIXED;
    if (name == "polygons")
        return inp::MASK_POLYGONS;
    if (name == "border")
        return inp::MASK_BORDER;
    if (name == "scratches")
        return inp::MASK_SCRATCHES;
    fail("--generate: unknown mask kind '" + name + "' (expected rect, strokes, mixed, polygons, border or scratches)");
}

cv::Mat generatedMask(int kind, int n, int seed, cv::Size size)
{
    const int bucket = n % kGeneratedBuckets;
    double lo = bucket == 0 ? 0.02 : bucket / 10.0 + 0.005, hi = (bucket + 1) / 10.0;
    if (kind == inp::MASK_SCRATCHES)
        lo = 0.015, hi = 0.06;
    cv::Mat mask;
    inp::MaskGenerator::create(kind, lo, hi, seed + n)->generate(size, mask);
    return mask;
}

cv::Mat loadedMask(const std::string& path, cv::Size size)
{
    cv::Mat mask = readMask(path, "masks");
    if (mask.size() != size)
        cv::resize(mask, mask, size, 0, 0, cv::INTER_NEAREST); // masks stay binary
    return mask;
}

std::vector<std::string> metricNames(const FeatureNetworks& nets)
{
    std::vector<std::string> names = { "l1_hole", "mse", "psnr", "psnr_hole", "ssim", "grad_ratio", "swd", "detail_err" };
    if (nets.fid)
        names.push_back("fid");
    if (nets.perceptual)
        names.push_back("perceptual");
    names.push_back("ms_per_image");
    return names;
}

std::vector<std::string> metricCells(const Accumulator& a, const FeatureNetworks& nets)
{
    const double n = std::max(1, a.images), nan = std::numeric_limits<double>::quiet_NaN();
    std::vector<std::string> cells = {
        cv::format("%.5f", a.l1Hole / n), cv::format("%.6f", a.mse / n), cv::format("%.3f", a.psnr / n),
        cv::format("%.3f", a.psnrHole / n), cv::format("%.4f", a.ssim / n),
        cv::format("%.4f", a.gradientImages > 0 ? a.gradientRatio / a.gradientImages : nan),
        cv::format("%.2f", a.swd && a.swd->getCount() > 0 ? a.swd->getDistance() : nan),
        cv::format("%.4f", a.detailImages > 0 ? a.detailError / a.detailImages : nan),
    };
    if (nets.fid)
        cells.push_back(cv::format("%.6g", a.resultEmbeddings.rows >= 2
                                               ? inp::frechetDistance(a.resultEmbeddings, a.truthEmbeddings) : nan));
    if (nets.perceptual)
        cells.push_back(cv::format("%.5f", a.perceptual / n));
    cells.push_back(cv::format("%.1f", a.ms / n));
    return cells;
}

} // namespace

int main(int argc, char** argv)
{
    cv::CommandLineParser parser(argc, argv, keys);
    parser.about("Measures inpainting methods per hole-ratio bucket on a folder of photos.");
    if (parser.has("help"))
    {
        parser.printMessage();
        return 0;
    }
    return runGuarded("inpaint_benchmark", [&]() {
        const std::string imagesDir = parser.get<std::string>("images");
        const std::string masksDir = parser.get<std::string>("masks");
        const std::string generate = parser.get<std::string>("generate");
        const int frame = parser.get<int>("frame");
        const std::string intensityName = parser.get<std::string>("intensity");
        const std::string methodList = parser.get<std::string>("methods");
        const std::string model = parser.get<std::string>("model");
        const int offset = parser.get<int>("offset");
        const int limit = parser.get<int>("limit");
        const int masksPerImage = parser.get<int>("masks-per-image");
        const int seed = parser.get<int>("seed");
        const std::string csvPath = parser.get<std::string>("csv");
        const std::string gridPath = parser.get<std::string>("grid");
        const int gridRows = parser.get<int>("grid-rows");
        PconvOptions pconvOptions;
        pconvOptions.strategy = parser.get<std::string>("pconv-strategy");
        pconvOptions.workingSize = parser.get<int>("pconv-working-size");
        pconvOptions.context = parser.get<int>("pconv-context");
        pconvOptions.holeThickness = parser.get<int>("pconv-hole-thickness");
        pconvOptions.flipAveraging = parser.get<int>("pconv-flip-averaging");
        pconvOptions.edgeRefinement = parser.get<int>("pconv-edge-refinement");
        pconvOptions.thinHoleWidth = parser.get<int>("pconv-thin-hole-width");
        PconvPatchOptions patchOptions;
        patchOptions.guidanceWeight = parser.get<double>("pconv-patch-weight");
        patchOptions.sharpVote = parser.get<int>("pconv-patch-sharp-vote");
        patchOptions.structureSigma = parser.get<double>("pconv-patch-structure-sigma");
        patchOptions.guideSigma = parser.get<double>("pconv-patch-guide-sigma");
        patchOptions.detailWeight = parser.get<double>("pconv-patch-detail-weight");
        patchOptions.selfValidation = parser.get<int>("pconv-patch-self-validation");
        patchOptions.levels = parser.get<int>("pconv-patch-levels");
        patchOptions.iterations = parser.get<int>("pconv-patch-iterations");
        patchOptions.patchSize = parser.get<int>("pconv-patch-patch-size");
        const int swdDescriptors = parser.get<int>("swd-descriptors");
        const int swdSeedOption = parser.get<int>("swd-seed");
        const std::string fidModel = parser.get<std::string>("fid-model");
        const int fidSize = parser.get<int>("fid-size");
        const std::string fidNorm = parser.get<std::string>("fid-norm");
        const std::string perceptualModel = parser.get<std::string>("perceptual-model");
        const int perceptualSize = parser.get<int>("perceptual-size");
        const std::string perceptualNorm = parser.get<std::string>("perceptual-norm");
        if (!parser.check())
            fail("invalid arguments (see --help)");
        if (frame < 0)
            fail("--frame must be >= 0");
        if ((int)!masksDir.empty() + (int)!generate.empty() + (int)(frame > 0) != 1)
            fail("give exactly one of --masks=DIR, --generate=rect|strokes|mixed|polygons|border|scratches and --frame=N");
        if (limit < 0)
            fail("--limit must be >= 0");
        if (offset < 0)
            fail("--offset must be >= 0");
        if (masksPerImage < 1)
            fail("--masks-per-image must be >= 1");
        if (gridRows < 1)
            fail("--grid-rows must be >= 1");
        if (swdDescriptors < 0)
            fail("--swd-descriptors must be >= 0");
        // The SWD's own randomness apart from the masks', to measure its spread on one set.
        const int swdSeed = swdSeedOption == -1 ? seed : swdSeedOption;
        // Networks first: a bad model is reported before any photo is read.
        FeatureNetworks nets;
        nets.fid = loadFeatureNetwork(fidModel, fidSize, fidNorm, "--fid-model", "--fid-size", "--fid-norm");
        nets.perceptual = loadFeatureNetwork(perceptualModel, perceptualSize, perceptualNorm, "--perceptual-model",
                                             "--perceptual-size", "--perceptual-norm");

        const int maskKind = generate.empty() ? -1 : maskKindFromName(generate);
        const Intensity intensity = intensityFromName(intensityName);
        const std::vector<int> methods = benchMethods(methodList, !model.empty(), frame);
        std::vector<std::string> images = listImages(imagesDir, "--images");
        if (offset >= (int)images.size())
            fail(cv::format("--offset=%d skips all %zu photos of '%s'", offset, images.size(), imagesDir.c_str()));
        images.erase(images.begin(), images.begin() + offset);
        if (limit > 0 && (int)images.size() > limit)
            images.resize(limit);
        const std::vector<std::string> maskFiles = masksDir.empty() ? std::vector<std::string>() : listImages(masksDir, "--masks");

        MethodRunner runner(model);
        if (pconvOptions.any())
        {
            if (std::find(methods.begin(), methods.end(), (int)inp::INPAINT_PCONV) == methods.end())
                fail("--pconv-* options need pconv in --methods");
            runner.configurePconv(pconvOptions); // a bad value fails here, before the first photo
        }
        if (patchOptions.any())
        {
            if (std::find(methods.begin(), methods.end(), (int)inp::INPAINT_PCONV_PATCH) == methods.end())
                fail("--pconv-patch-* options need pconv_patch in --methods");
            runner.configurePconvPatch(patchOptions);
        }
        // accumulators[method][bucket]; bucket HOLE_BUCKETS is the row "all".
        std::map<int, std::vector<Accumulator>> acc;
        for (int m : methods)
        {
            acc[m].resize(inp::HOLE_BUCKETS + 1);
            for (Accumulator& a : acc[m])
                a.swd = inp::SlicedWassersteinDistance::create(swdSeed, swdDescriptors);
        }
        std::vector<std::vector<cv::Mat>> gridContent;

        for (size_t i = 0; i < images.size(); i++)
        {
            const cv::Mat truth = readImage(images[i], cv::IMREAD_COLOR, "images");
            for (int j = 0; j < masksPerImage; j++)
            {
                const int n = (offset + (int)i) * masksPerImage + j;
                if (frame > 0 && 2 * frame >= std::min(truth.cols, truth.rows))
                    fail(cv::format("--frame=%d leaves nothing of the %dx%d photo '%s'", frame, truth.cols, truth.rows,
                                    images[i].c_str()));
                const cv::Mat mask = frame > 0 ? frameMask(truth.size(), frame)
                                     : maskKind >= 0 ? generatedMask(maskKind, n, seed, truth.size())
                                                     : loadedMask(maskFiles[n % maskFiles.size()], truth.size());
                const int bucket = inp::holeRatioBucket(inp::holeRatio(mask));
                std::cerr << cv::format("[%zu/%zu] %s mask %d (hole %.1f%%)", offset + i + 1, offset + images.size(),
                                        images[i].c_str(), n, 100.0 * inp::holeRatio(mask)) << std::endl;
                // Methods see the hole painted white, so none can peek at the truth.
                const cv::Mat input8 = showHole(truth, mask);
                cv::Mat input = input8;
                if (intensity.depth != CV_8U || intensity.scale != 1.0)
                    input8.convertTo(input, intensity.depth, intensity.scale, intensity.offset);
                cv::Mat truthEmbedding;
                if (nets.fid)
                    nets.fid->computeEmbedding(truth, truthEmbedding);
                std::vector<cv::Mat> gridRow;
                if ((int)gridContent.size() < gridRows)
                    gridRow.push_back(input8);
                for (int m : methods)
                {
                    cv::Mat result;
                    const int64 start = cv::getTickCount();
                    if (m == kReplicate)
                        cv::copyMakeBorder(input(cv::Rect(frame, frame, input.cols - 2 * frame, input.rows - 2 * frame)),
                                           result, frame, frame, frame, frame, cv::BORDER_REPLICATE | cv::BORDER_ISOLATED);
                    else
                        runner.run(m, input, mask, result);
                    if (result.depth() != CV_8U)
                        result.convertTo(result, CV_8U, 1.0 / intensity.scale, -intensity.offset / intensity.scale);
                    const double ms = 1000.0 * (cv::getTickCount() - start) / cv::getTickFrequency();
                    const inp::InpaintingMetrics metrics = inp::evaluate(result, truth, mask);
                    cv::Mat resultEmbedding;
                    if (nets.fid)
                        nets.fid->computeEmbedding(result, resultEmbedding);
                    const double perceptual = nets.perceptual ? inp::perceptualDistance(nets.perceptual, result, truth) : 0.0;
                    for (int b : { bucket, (int)inp::HOLE_BUCKETS })
                    {
                        if (b < 0)
                            continue;
                        Accumulator& a = acc[m][b];
                        a.add(metrics, ms);
                        a.swd->add(result, truth, mask);
                        a.perceptual += perceptual;
                        if (nets.fid)
                        {
                            a.resultEmbeddings.push_back(resultEmbedding);
                            a.truthEmbeddings.push_back(truthEmbedding);
                        }
                    }
                    if (!gridRow.empty())
                        gridRow.push_back(result);
                }
                if (!gridRow.empty())
                {
                    gridRow.push_back(truth);
                    gridContent.push_back(gridRow);
                }
            }
        }

        std::ostringstream csv, table;
        const std::vector<std::string> names = metricNames(nets);
        csv << "method,bucket,images";
        table << std::left << std::setw(12) << "method" << std::setw(10) << "bucket" << std::right << std::setw(7) << "images";
        for (const std::string& name : names)
        {
            csv << ',' << name;
            table << ' ' << std::setw(11) << (name == "ms_per_image" ? "ms/image" : name);
        }
        csv << '\n';
        table << '\n';
        for (int m : methods)
        {
            for (int b = 0; b <= inp::HOLE_BUCKETS; b++)
            {
                const Accumulator& a = acc[m][b];
                if (a.images == 0)
                    continue;
                const std::string bucketName = b < inp::HOLE_BUCKETS ? inp::holeRatioBucketName(b) : "all";
                const std::vector<std::string> cells = metricCells(a, nets);
                csv << benchMethodName(m) << ',' << bucketName << ',' << a.images;
                table << std::left << std::setw(12) << benchMethodName(m) << std::setw(10) << bucketName << std::right
                      << std::setw(7) << a.images;
                for (const std::string& cell : cells)
                {
                    csv << ',' << cell;
                    table << ' ' << std::setw(11) << cell;
                }
                csv << '\n';
                table << '\n';
            }
        }
        std::cout << table.str();
        if (!csvPath.empty())
        {
            writeTextAtomic(csvPath, csv.str());
            std::cout << "wrote " << csvPath << std::endl;
        }
        if (!gridPath.empty())
        {
            std::vector<std::string> header = { "input" };
            for (int m : methods)
                header.push_back(benchMethodName(m));
            header.push_back("truth");
            writeImageAtomic(gridPath, makeGrid(gridContent, header, 0, 240));
            std::cout << "wrote " << gridPath << std::endl;
        }
        return 0;
    });
}
