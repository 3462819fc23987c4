// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

// PconvPatchInpainter: the network's fill (PartialConvInpainter) is the guide and the start of the
// patch synthesis of src/patchmatch.cpp, run on crops around the holes.

#include "precomp.hpp"
#include "hole_regions.hpp"
#include "patch_synthesis.hpp"

namespace cv {
namespace inpainting {

namespace {

// Defaults, chosen on the first 30 validation photos (doc/patchmatch.md, "Guided by the network"):
// the setting with the best PSNR and SSIM there (a light guidance weight, the weighted-mean vote,
// the structure/texture split); one level and two iterations for speed (the net's fill already
// holds the structure that coarser levels would find). The texture setting, setSharpVote(true)
// with setGuideSigma(3) (and the default detail weight), trades PSNR and SSIM for texture.
const double kDefaultGuidanceWeight = 0.1;
const int kDefaultLevels = 1;
const int kDefaultPatchSize = 7;
const int kDefaultIterations = 2;
const bool kDefaultSharpVote = false;
const int kDefaultContext = 64;
const double kDefaultStructureSigma = 3.0;
const double kDefaultGuideSigma = 0.0;
// Only active with low-pass guidance. Chosen on the first 30 validation photos with the texture
// setting (doc/patchmatch.md, "Detail matching"): weights from 1 to 10 lower the detail error alike;
// 1 costs no PSNR.
const double kDefaultDetailWeight = 1.0;

// The synthesis works at the 0..255 scale whatever the depth (as PatchMatchInpainter).
const double kWorkScale = 255.0;

// Self-validation: the mask shifted by this fraction of the image's larger side (at least
// kMinValidationShift pixels) down and right; the shifted hole pixels that fall on known pixels are
// filled both ways and compared with what they hold. Validation needs at least
// kMinJudgedFraction of the hole's size in judged pixels, otherwise the settings are kept.
const double kValidationShiftFraction = 0.05;
const int kMinValidationShift = 16;
const double kMinJudgedFraction = 0.3;

// The inpainter's options (with their defaults); one value, so that the plain alternative of
// self-validation is the same code with other values.
struct SynthesisSettings
{
    double guidanceWeight = kDefaultGuidanceWeight;
    double structureSigma = kDefaultStructureSigma;
    double guideSigma = kDefaultGuideSigma;
    double detailWeight = kDefaultDetailWeight;
    int levels = kDefaultLevels, patchSize = kDefaultPatchSize, iterations = kDefaultIterations;
    int context = kDefaultContext, seed = 0;
    bool sharpVote = kDefaultSharpVote;
};

// The alternative self-validation weighs against the guided synthesis: plain Wexler/PatchMatch
// synthesis started from the network's fill (no guidance term, as many levels as the hole's depth
// calls for, PatchMatchInpainter's 13x13 patches and 4 iterations, no structure split).
SynthesisSettings plainSynthesis(SynthesisSettings s)
{
    s.guidanceWeight = 0;
    s.levels = 8;
    s.iterations = 4;
    s.patchSize = 13;
    s.structureSigma = 0;
    s.guideSigma = 0;
    s.sharpVote = false;
    return s;
}

class PconvPatchInpainterImpl CV_FINAL : public PconvPatchInpainter
{
public:
    explicit PconvPatchInpainterImpl(const Ptr<PartialConvInpainter>& pconv) : pconv_(pconv) {}

    void apply(InputArray image, InputArray mask, OutputArray result) CV_OVERRIDE;

    void setGuidanceWeight(double weight) CV_OVERRIDE
    {
        if (!(weight >= 0 && weight <= 100))
            CV_Error_(Error::StsOutOfRange,
                      ("PconvPatchInpainter: 'weight' (guidance weight) must be in [0, 100], got %g", weight));
        settings_.guidanceWeight = weight;
    }
    double getGuidanceWeight() const CV_OVERRIDE { return settings_.guidanceWeight; }

    void setLevels(int levels) CV_OVERRIDE
    {
        if (levels < 1 || levels > 8)
            CV_Error_(Error::StsOutOfRange, ("PconvPatchInpainter: 'levels' must be in [1, 8], got %d", levels));
        settings_.levels = levels;
    }
    int getLevels() const CV_OVERRIDE { return settings_.levels; }

    void setPatchSize(int patchSize) CV_OVERRIDE
    {
        if (patchSize < 3 || patchSize > 31 || patchSize % 2 == 0)
            CV_Error_(Error::StsOutOfRange,
                      ("PconvPatchInpainter: 'patchSize' must be odd and in [3, 31], got %d", patchSize));
        settings_.patchSize = patchSize;
    }
    int getPatchSize() const CV_OVERRIDE { return settings_.patchSize; }

    void setIterations(int iterations) CV_OVERRIDE
    {
        if (iterations < 1 || iterations > 100)
            CV_Error_(Error::StsOutOfRange,
                      ("PconvPatchInpainter: 'iterations' must be in [1, 100], got %d", iterations));
        settings_.iterations = iterations;
    }
    int getIterations() const CV_OVERRIDE { return settings_.iterations; }

    void setSharpVote(bool sharp) CV_OVERRIDE { settings_.sharpVote = sharp; }
    bool getSharpVote() const CV_OVERRIDE { return settings_.sharpVote; }

    void setContext(int pixels) CV_OVERRIDE
    {
        if (pixels < 0)
            CV_Error_(Error::StsOutOfRange, ("PconvPatchInpainter: 'pixels' (context) must be >= 0, got %d", pixels));
        settings_.context = pixels;
    }
    int getContext() const CV_OVERRIDE { return settings_.context; }

    void setStructureSigma(double sigma) CV_OVERRIDE
    {
        if (!(sigma >= 0 && sigma <= 100))
            CV_Error_(Error::StsOutOfRange, ("PconvPatchInpainter: 'sigma' (structure sigma) must be in [0, 100], got %g", sigma));
        settings_.structureSigma = sigma;
    }
    double getStructureSigma() const CV_OVERRIDE { return settings_.structureSigma; }

    void setGuideSigma(double sigma) CV_OVERRIDE
    {
        if (!(sigma >= 0 && sigma <= 100))
            CV_Error_(Error::StsOutOfRange, ("PconvPatchInpainter: 'sigma' (guide sigma) must be in [0, 100], got %g", sigma));
        settings_.guideSigma = sigma;
    }
    double getGuideSigma() const CV_OVERRIDE { return settings_.guideSigma; }

    void setDetailWeight(double weight) CV_OVERRIDE
    {
        if (!(weight >= 0 && weight <= 100))
            CV_Error_(Error::StsOutOfRange, ("PconvPatchInpainter: 'weight' (detail weight) must be in [0, 100], got %g", weight));
        settings_.detailWeight = weight;
    }
    double getDetailWeight() const CV_OVERRIDE { return settings_.detailWeight; }

    void setSeed(int seed) CV_OVERRIDE { settings_.seed = seed; }
    int getSeed() const CV_OVERRIDE { return settings_.seed; }

    void setSelfValidation(bool enabled) CV_OVERRIDE { selfValidation_ = enabled; }
    bool getSelfValidation() const CV_OVERRIDE { return selfValidation_; }

    Ptr<PartialConvInpainter> getPartialConvInpainter() const CV_OVERRIDE { return pconv_; }

    String getDefaultName() const CV_OVERRIDE { return "inpainting.PconvPatchInpainter"; }

private:
    // The network's fill of `image`, refined by the synthesis with `s`, into `result`.
    void fill(const Mat& image, const Mat& mask, const SynthesisSettings& s, OutputArray result) const;
    static void refineRegion(Mat& region, const Mat& hole, const SynthesisSettings& s);

    Ptr<PartialConvInpainter> pconv_;
    SynthesisSettings settings_;
    bool selfValidation_ = false;
};

// `region`: a crop of the result whose hole pixels hold the network's fill and the others the
// input's; `hole`: its 0/255 mask. Replaces the hole pixels with the guided synthesis.
void PconvPatchInpainterImpl::refineRegion(Mat& region, const Mat& hole, const SynthesisSettings& s)
{
    const double range = detail::depthRange(region.depth());
    Mat colour = region;
    if (region.channels() == 4)
        cvtColor(region, colour, COLOR_BGRA2BGR); // alpha is neither matched nor filled

    detail::PatchSynthesisParams params;
    colour.convertTo(params.guide, CV_32F, kWorkScale / range);
    params.guideWeight = (float)s.guidanceWeight;
    params.guideSigma = s.guideSigma;
    params.detailWeight = (float)s.detailWeight;
    params.patchSize = s.patchSize;
    params.iterations = s.iterations;
    params.maxLevels = s.levels;
    params.seed = s.seed;
    params.finalVote = s.sharpVote ? detail::PATCH_VOTE_BEST : detail::PATCH_VOTE_MEAN;
    Mat work = params.guide.clone(); // its hole pixels are cleared by the synthesis
    detail::synthesizePatches(work, hole, params);
    if (s.structureSigma > 0)
    {
        // Structure from the network, texture from the synthesis: the prediction's low frequencies
        // plus the synthesis's detail above them.
        Mat guideLow, workLow;
        GaussianBlur(params.guide, guideLow, Size(), s.structureSigma);
        GaussianBlur(work, workLow, Size(), s.structureSigma);
        work += guideLow - workLow;
    }

    Mat fill;
    work.convertTo(fill, CV_MAKETYPE(region.depth(), work.channels()), range / kWorkScale); // rounds, saturates
    if (region.channels() == 4)
    {
        Mat fill4 = region.clone();
        const int fromTo[] = { 0, 0, 1, 1, 2, 2 };
        mixChannels(&fill, 1, &fill4, 1, fromTo, 3);
        fill = fill4;
    }
    fill.copyTo(region, hole);
}

void PconvPatchInpainterImpl::fill(const Mat& image, const Mat& mask, const SynthesisSettings& s, OutputArray _result) const
{
    // The network's fill, composited over the input (known pixels are the input's bytes, the hole's
    // content never read; in place when result is image).
    pconv_->apply(image, mask, _result);
    Mat result = _result.getMat();

    const Mat coarse = detail::coarseHoleMap(mask);
    for (const Rect& r : detail::holeRegions(mask, coarse, s.context))
    {
        Mat hole;
        compare(mask(r), 0, hole, CMP_NE);
        Mat region = result(r);
        refineRegion(region, hole, s);
    }
}

void PconvPatchInpainterImpl::apply(InputArray _image, InputArray _mask, OutputArray _result)
{
    const Mat image = _image.getMat(), mask = _mask.getMat();
    detail::checkImageAndMask(image, mask, "image", "mask");
    if (detail::fillTrivialMask(image, mask, _result))
        return; // no hole, or nothing known to condition on: as every method
    const SynthesisSettings& own = settings_;
    if (!selfValidation_)
    {
        fill(image, mask, own, _result);
        return;
    }
    // Self-validation: shift the hole down and right, fill the image with both holes both ways,
    // and compare the two fills where the shifted hole lies on known pixels (their true values are
    // known). The way that reproduced them better fills the real hole.
    const Mat hole = mask != 0;
    const int shift = std::max(kMinValidationShift, cvRound(kValidationShiftFraction * std::max(image.cols, image.rows)));
    Mat shifted = Mat::zeros(hole.size(), CV_8UC1);
    if (shift < hole.cols && shift < hole.rows)
        hole(Rect(0, 0, hole.cols - shift, hole.rows - shift)).copyTo(shifted(Rect(shift, shift, hole.cols - shift, hole.rows - shift)));
    const Mat judged = shifted & ~hole;
    const SynthesisSettings plain = plainSynthesis(own);
    const SynthesisSettings* chosen = &own;
    if (countNonZero(judged) >= kMinJudgedFraction * countNonZero(hole))
    {
        const Mat both = hole | shifted;
        Mat guidedFill, plainFill;
        fill(image, both, own, guidedFill);
        fill(image, both, plain, plainFill);
        // Alpha counts for nothing: both fills copy it from the input, hole included.
        if (norm(plainFill, image, NORM_L2SQR, judged) < norm(guidedFill, image, NORM_L2SQR, judged))
            chosen = &plain;
    }
    fill(image, mask, *chosen, _result);
}

} // namespace

Ptr<PconvPatchInpainter> PconvPatchInpainter::create(const String& model)
{
    return makePtr<PconvPatchInpainterImpl>(PartialConvInpainter::create(model));
}

}} // namespace cv::inpainting
