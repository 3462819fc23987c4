// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

#include "sample_common.hpp"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <stdexcept>
#include <unistd.h>

#include "opencv2/imgcodecs.hpp"
#include "opencv2/imgproc.hpp"
#include "opencv2/inpainting.hpp"

namespace fs = std::filesystem;

namespace inpainting_samples {

cv::Mat readImage(const std::string& path, int flags, const char* what)
{
    if (path.empty())
        fail(std::string("--") + what + " is required");
    if (!fs::exists(path))
        fail(std::string("--") + what + ": file not found: " + path);
    std::vector<uchar> bytes;
    if (!inpainting_tools::readFileBytes(path, bytes))
        fail(std::string("--") + what + ": cannot read " + path);
    const std::string problem = inpainting_tools::imageBytesProblem(bytes);
    if (!problem.empty())
        fail(std::string("--") + what + ": cannot decode image: " + path + " (" + problem + ")");
    // imread, not imdecode: some of OpenCV's decoders read only files (the bytes were for the checks).
    cv::Mat image = cv::imread(path, flags);
    if (image.empty())
        fail(std::string("--") + what + ": cannot decode image: " + path);
    return image;
}

cv::Mat readMask(const std::string& path, const char* what)
{
    const cv::Mat mask = readImage(path, cv::IMREAD_GRAYSCALE | cv::IMREAD_ANYDEPTH, what);
    return mask != 0;
}

std::vector<int> parseMethods(const std::string& list)
{
    std::vector<int> methods;
    size_t start = 0;
    while (start <= list.size())
    {
        const size_t end = std::min(list.find(',', start), list.size());
        const std::string name = list.substr(start, end - start);
        if (!name.empty())
            methods.push_back(cv::inpainting::methodFromName(name));
        start = end + 1;
    }
    if (methods.empty())
        fail("--methods: no method given");
    return methods;
}

std::vector<int> availableMethods(bool haveModel)
{
    std::vector<int> methods;
    for (int m = cv::inpainting::INPAINT_TELEA; m <= cv::inpainting::INPAINT_CRIMINISI; m++)
        if (cv::inpainting::isMethodAvailable(m) ||
            ((m == cv::inpainting::INPAINT_PCONV || m == cv::inpainting::INPAINT_PCONV_PATCH) && haveModel))
            methods.push_back(m);
    return methods;
}

cv::Mat showHole(const cv::Mat& image, const cv::Mat& mask)
{
    cv::Mat shown = image.clone();
    shown.setTo(cv::Scalar::all(image.depth() == CV_8U ? 255 : image.depth() == CV_16U ? 65535 : 1), mask);
    return shown;
}

MethodRunner::MethodRunner(const std::string& model) : model_(model)
{
}

void MethodRunner::loadModel()
{
    if (!model_.empty() && !pconv_)
        pconv_ = cv::inpainting::PartialConvInpainter::create(model_);
}

void MethodRunner::configurePconv(const PconvOptions& options)
{
    if (!options.strategy.empty() && options.strategy != "crops" && options.strategy != "whole")
        fail("unknown PConv strategy '" + options.strategy + "' (expected crops or whole)");
    if (options.flipAveraging != -1 && options.flipAveraging != 0 && options.flipAveraging != 1)
        fail("PConv flip averaging must be 0 or 1, got " + std::to_string(options.flipAveraging));
    cv::Ptr<cv::inpainting::PartialConvInpainter> pconv = cv::inpainting::PartialConvInpainter::create(model_);
    if (!options.strategy.empty())
        pconv->setStrategy(options.strategy == "crops" ? cv::inpainting::PCONV_STRATEGY_CROPS
                                                       : cv::inpainting::PCONV_STRATEGY_WHOLE);
    if (options.workingSize != -1)
        pconv->setWorkingSize(options.workingSize);
    if (options.context != -1)
        pconv->setContext(options.context);
    if (options.holeThickness != -1)
        pconv->setHoleThickness(options.holeThickness);
    if (options.flipAveraging != -1)
        pconv->setFlipAveraging(options.flipAveraging == 1);
    if (options.edgeRefinement != -1)
        pconv->setEdgeRefinement(options.edgeRefinement);
    if (options.thinHoleWidth != -1)
        pconv->setThinHoleWidth(options.thinHoleWidth);
    pconv_ = pconv;
}

void MethodRunner::configurePconvPatch(const PconvPatchOptions& options)
{
    if (options.sharpVote != -1 && options.sharpVote != 0 && options.sharpVote != 1)
        fail("pconv_patch sharp vote must be 0 or 1, got " + std::to_string(options.sharpVote));
    if (options.selfValidation != -1 && options.selfValidation != 0 && options.selfValidation != 1)
        fail("pconv_patch self-validation must be 0 or 1, got " + std::to_string(options.selfValidation));
    // -1 keeps the library's default; any other negative value (or NaN) is a mistake, not a default.
    const std::pair<double, const char*> weights[] = { { options.guidanceWeight, "guidance weight" },
                                                       { options.structureSigma, "structure sigma" },
                                                       { options.guideSigma, "guide sigma" },
                                                       { options.detailWeight, "detail weight" } };
    for (const auto& w : weights)
        if (w.first != -1 && !(w.first >= 0))
            fail(std::string("pconv_patch ") + w.second + " must be >= 0, got " + cv::format("%g", w.first));
    cv::Ptr<cv::inpainting::PconvPatchInpainter> p = cv::inpainting::PconvPatchInpainter::create(model_);
    if (options.guidanceWeight != -1)
        p->setGuidanceWeight(options.guidanceWeight);
    if (options.sharpVote != -1)
        p->setSharpVote(options.sharpVote == 1);
    if (options.structureSigma != -1)
        p->setStructureSigma(options.structureSigma);
    if (options.guideSigma != -1)
        p->setGuideSigma(options.guideSigma);
    if (options.detailWeight != -1)
        p->setDetailWeight(options.detailWeight);
    if (options.selfValidation != -1)
        p->setSelfValidation(options.selfValidation == 1);
    if (options.levels != -1)
        p->setLevels(options.levels);
    if (options.iterations != -1)
        p->setIterations(options.iterations);
    if (options.patchSize != -1)
        p->setPatchSize(options.patchSize);
    pconvPatch_ = p;
}

void MethodRunner::run(int method, const cv::Mat& image, const cv::Mat& mask, cv::Mat& result)
{
    if (method == cv::inpainting::INPAINT_PCONV && (!model_.empty() || pconv_))
    {
        loadModel();
        pconv_.dynamicCast<cv::inpainting::PartialConvInpainter>()->apply(image, mask, result);
        return;
    }
    if (method == cv::inpainting::INPAINT_PCONV_PATCH && (!model_.empty() || pconvPatch_))
    {
        if (!pconvPatch_)
            pconvPatch_ = cv::inpainting::PconvPatchInpainter::create(model_);
        pconvPatch_.dynamicCast<cv::inpainting::PconvPatchInpainter>()->apply(image, mask, result);
        return;
    }
    cv::inpainting::inpaint(image, mask, result, method);
}

} // namespace inpainting_samples
