// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

#ifndef OPENCV_INPAINTING_PCONV_PATCH_HPP
#define OPENCV_INPAINTING_PCONV_PATCH_HPP

#include "opencv2/core.hpp"
#include "opencv2/inpainting/partial_conv.hpp"

namespace cv {
namespace inpainting {

//! @addtogroup inpainting_methods
//! @{

/** @brief Coarse to fine: the network draws the structure, the photo's own patches supply the
texture (`INPAINT_PCONV_PATCH`, `--method=pconv_patch`).

1. **Coarse**: PartialConvInpainter fills the holes (its inference policy, crops around the holes).
2. **Fine**: the patch synthesis of PatchMatchInpainter @cite Wexler2007 @cite Barnes2009 runs on
   crops around the holes, started from the network's fill instead of diffusion, with a guidance
   term in the patch distance: a hole pixel of a target patch is compared with the network's
   prediction too, with weight getGuidanceWeight() against 1 for a known pixel. The network decides
   what goes where; every synthesised pixel is copied from the known region.
3. **Vote**: each hole pixel becomes the weighted mean of the votes of the patches covering it
   (default), or, with setSharpVote(true), the single best vote at the finest level's last
   iteration (real pixels, sharper texture, lower PSNR/SSIM: doc/patchmatch.md has the numbers).
4. **Structure / texture split** (setStructureSigma()): the network's prediction blurred plus the
   synthesis's detail above that blur.
5. **Low-pass guidance** (setGuideSigma(), off by default): the guidance term compares the
   prediction with each candidate source blurred alike, so textured sources of the right local
   colour are not penalised for their texture. With setSharpVote(true) and setGuideSigma(3) (the
   texture setting) the fill carries about the truth's gradient energy, for about 0.7 dB PSNR and
   0.03 SSIM below the default (doc/quality.md has the numbers).
6. **Detail matching** (setDetailWeight(), with the low-pass guidance only): a candidate source is
   also compared on its detail amplitude with the amplitude the hole's known neighbourhood has
   there, so smooth surroundings get smooth fills and textured ones texture (without it, the
   low-pass comparison copies edges into skies and walls as ripples).

Supported input: `CV_8U`, `CV_16U` and `CV_32F` (values in [0, 1] for the network), 1, 3 or 4
channels; alpha is copied through untouched. Pixels outside the hole are bit-identical to the input,
the fill does not depend on what the hole held, and the result is the same bytes for a seed
whatever the number of threads. Time and memory follow the holes: only crops around them are
converted and synthesised. An all-hole mask gives the type's mid-grey.
*/
class CV_EXPORTS_W PconvPatchInpainter : public Algorithm
{
public:
    /** @brief Creates the inpainter around a partial-convolution model.
    @param model ONNX model file as for PartialConvInpainter::create(); empty: the default model
    embedded in the library (StsObjectNotFound when this build embeds none).
     */
    CV_WRAP static Ptr<PconvPatchInpainter> create(const String& model = String());

    /** @brief Fills the holes of @p image.
    @param image `CV_8U`, `CV_16U` or `CV_32F`, 1, 3 or 4 channels.
    @param mask `CV_8UC1` of the same size, non-zero = hole.
    @param result Same size and type as @p image.

    Raises cv::Exception naming the argument for empty input, size mismatch, a mask that is not
    `CV_8UC1`, or an unsupported depth or channel count. Thread safety as
    PartialConvInpainter::apply(): several threads may call apply() on one instance (its network
    runs one call at a time, the synthesis reads only the settings); do not call the setters while
    another thread is in apply().
     */
    CV_WRAP virtual void apply(InputArray image, InputArray mask, OutputArray result) = 0;

    //! Weight of the network's prediction in the patch distance, per hole pixel, against 1 for a
    //! known pixel; 0 to 100 (StsOutOfRange otherwise). 0: the prediction only starts the synthesis.
    //! Default 0.1.
    CV_WRAP virtual void setGuidanceWeight(double weight) = 0;
    //! The value set by setGuidanceWeight().
    CV_WRAP virtual double getGuidanceWeight() const = 0;
    //! Pyramid levels of the synthesis at most, 1 to 8 (StsOutOfRange otherwise); fewer are used
    //! when the hole is shallow. The network's fill already carries the structure a coarse level
    //! would decide, so few levels suffice.
    CV_WRAP virtual void setLevels(int levels) = 0;
    //! The value set by setLevels().
    CV_WRAP virtual int getLevels() const = 0;
    //! Side of the square patches, odd, 3 to 31 (StsOutOfRange otherwise).
    CV_WRAP virtual void setPatchSize(int patchSize) = 0;
    //! The value set by setPatchSize().
    CV_WRAP virtual int getPatchSize() const = 0;
    //! Search + vote iterations at the finest level, 1 to 100 (StsOutOfRange otherwise); a
    //! coarser level runs 2 more per level.
    CV_WRAP virtual void setIterations(int iterations) = 0;
    //! The value set by setIterations().
    CV_WRAP virtual int getIterations() const = 0;
    //! true: the last vote takes the best vote per pixel (sharp); false (default): the weighted mean.
    CV_WRAP virtual void setSharpVote(bool sharp) = 0;
    //! The value set by setSharpVote().
    CV_WRAP virtual bool getSharpVote() const = 0;
    //! Minimum context margin (pixels) around each hole's bounding box of the crops the synthesis
    //! runs on (the margin used is max(context, half the box's larger side)); >= 0.
    CV_WRAP virtual void setContext(int pixels) = 0;
    //! The value set by setContext().
    CV_WRAP virtual int getContext() const = 0;
    //! Gaussian sigma (pixels) splitting structure from texture: when > 0 the fill is the network's
    //! prediction blurred by it plus the synthesis minus its own blur; 0 = the synthesis alone.
    //! 0 to 100 (StsOutOfRange otherwise). Default 3.
    CV_WRAP virtual void setStructureSigma(double sigma) = 0;
    //! The value set by setStructureSigma().
    CV_WRAP virtual double getStructureSigma() const = 0;
    /** @brief Low-pass guidance: Gaussian sigma (pixels) at which the guidance term compares.
    When > 0, a hole pixel of a target patch compares the network's prediction blurred by @p sigma
    with the candidate source blurred alike (halved per coarser level), instead of with the raw
    source: the prediction, smooth where the truth is textured, fixes the local colour without
    penalising the texture of a source of that colour. 0 = the raw source (compare, and pull towards
    flat patches). 0 to 100 (StsOutOfRange otherwise). */
    CV_WRAP virtual void setGuideSigma(double sigma) = 0;
    //! The value set by setGuideSigma().
    CV_WRAP virtual double getGuideSigma() const = 0;
    /** @brief Weight of the detail term, per hole pixel, against 1 for a known pixel's colour.
    With low-pass guidance (setGuideSigma() > 0 and a guidance weight > 0) the patch distance also
    compares the candidate source's detail amplitude (the RMS of its pixels above their low-pass,
    around each pixel) with the amplitude expected there: the known neighbourhood's, diffused into
    the hole. Without low-pass guidance it has no effect. 0 to 100 (StsOutOfRange otherwise); 0 =
    off. Default 1. */
    CV_WRAP virtual void setDetailWeight(double weight) = 0;
    //! The value set by setDetailWeight().
    CV_WRAP virtual double getDetailWeight() const = 0;
    /** @brief Self-validation (off by default): choose, per call, between these settings and plain
    patch synthesis by how well each refills known pixels.
    The hole is shifted down and right by 5 % of the image's larger side (at least 16 pixels); the
    image is filled with both holes by these settings and by plain Wexler/PatchMatch synthesis
    started from the network's fill (no guidance, levels by the hole's depth, 13x13 patches, 4
    iterations, no structure split), and the way whose fill of the shifted hole's known pixels is
    closer to their true values fills the real hole. On photos whose texture copies well (regular,
    fine texture at large sizes) plain copying wins; elsewhere the network's structure does. Skipped
    (these settings used) when fewer than 30 % of the hole's pixel count lands on known pixels. Costs
    two extra fills, and plain synthesis is slower on large holes (doc/quality.md has the numbers). */
    CV_WRAP virtual void setSelfValidation(bool enabled) = 0;
    //! The value set by setSelfValidation().
    CV_WRAP virtual bool getSelfValidation() const = 0;
    //! Seed of the random search (any value).
    CV_WRAP virtual void setSeed(int seed) = 0;
    //! The value set by setSeed().
    CV_WRAP virtual int getSeed() const = 0;

    //! The network's inpainter, to configure its inference policy (shared, not a copy).
    CV_WRAP virtual Ptr<PartialConvInpainter> getPartialConvInpainter() const = 0;
};

//! @}

}} // namespace cv::inpainting

#endif
