// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

#ifndef OPENCV_INPAINTING_REALISM_HPP
#define OPENCV_INPAINTING_REALISM_HPP

#include "opencv2/core.hpp"

namespace cv {
namespace inpainting {

//! @addtogroup inpainting_metrics
//! @{

/** @brief Sharpness of a fill relative to the truth: the mean gradient magnitude of @p result over
the hole divided by that of @p truth over the same pixels.

The gradient magnitude of a pixel is `sqrt(dx^2 + dy^2)` of 3x3 Sobel derivatives, summed over the
colour channels (alpha does not count), on intensities scaled to [0, 1] by the type's range. 1 means
as much detail as the real content, below 1 a blurred fill (a smooth average of the possible
contents), above 1 a fill busier than reality (noise, seams). PSNR and SSIM reward the blurred
average; this number shows it.

@param result Inpainted image.
@param truth Ground truth, same size and type as @p result.
@param mask `CV_8UC1`, same size, non-zero = hole.
@return The ratio, or NaN (with a logged warning) when the mask has no hole or the truth has no
gradient over the hole (the ratio is undefined there).
 */
CV_EXPORTS_W double gradientRatio(InputArray result, InputArray truth, InputArray mask);

/** @brief Whether a fill puts its detail where the truth has it: the local detail of @p result
against the truth's over the hole.

The local detail map of an image is the gradient magnitude of gradientRatio() blurred by a
Gaussian of @p sigma pixels (border reflected). The error is the sum over the hole of
`|detail(result) - detail(truth)|` divided by the sum of `detail(truth)`. 0 means the result's
detail has the truth's amount at every place (up to the blur), about 1 a fill without any detail,
and above 1 more misplaced detail than a flat fill: seams, ripples or texture where the truth is
smooth. The gradient ratio and SlicedWassersteinDistance count such artefacts as detail (the first
sums over the hole, the second compares sets of patches wherever they lie); this number does not,
and it does not ask for pixel-exact texture either, only for detail of the truth's strength within
about @p sigma of where the truth has it.

@param result Inpainted image.
@param truth Ground truth, same size and type as @p result.
@param mask `CV_8UC1`, same size, non-zero = hole.
@param sigma Scale of the placement in pixels, 0.5 to 64 (StsOutOfRange otherwise).
@return The error, or NaN (with a logged warning) when the mask has no hole or the truth has no
detail over the hole.
 */
CV_EXPORTS_W double detailError(InputArray result, InputArray truth, InputArray mask, double sigma = 4);

/** @brief Sliced Wasserstein distance (SWD) between the local texture of fills and of the truth,
over a set of images: a realism measure that needs no trained network.

After Karras et al.'s SWD @cite Karras2018, restricted to the holes: each image (result and truth)
is decomposed into a Laplacian pyramid of getLevels() levels (the last level is the coarsest
Gaussian level); the hole mask is reduced with the pyramid (a coarse pixel is a hole position when
any of the fine pixels under it is). At each level, getPatchSize() x getPatchSize() neighbourhoods
(all colour channels) centred at hole positions form a descriptor set; the result and the truth
use the same positions, at most getDescriptorsPerImage() of them per image and level (a seeded
random subset). At getDistance(), both descriptor sets of a level are normalised with the mean and
standard deviation of the **truth's** descriptors per colour channel (so a fill that lost the
truth's variance is far from it, whereas normalising each set by its own deviation would hide
blur), projected on getDirections() random unit directions, getRepeats() times with new
directions; the distance of a level is the mean over all directions of the mean absolute
difference of the sorted projections (the 1-D Wasserstein-1 distance), times 1000. The SWD is the
mean over the levels.

0 means the fills have exactly the truth's descriptors (e.g. result == truth); larger is less
realistic. Unlike PSNR, a sharp fill with the truth's texture statistics scores well even where it
is not pixel-exact. The value depends on the set (image count, hole sizes), so only compare
methods on the same images and masks. Deterministic for a seed, whatever the thread count.

Usage: add() every (result, truth, mask) triple, then getDistance() and getLevelDistances().
*/
class CV_EXPORTS_W SlicedWassersteinDistance : public Algorithm
{
public:
    /** @brief Creates an empty accumulator.
    @param seed Seed of the descriptor sampling and of the random directions.
    @param descriptorsPerImage Maximum descriptors per image and level (0 = every hole position).
     */
    CV_WRAP static Ptr<SlicedWassersteinDistance> create(int seed = 0, int descriptorsPerImage = 128);

    /** @brief Adds the descriptors of one inpainted image.
    @param result Inpainted image: `CV_8U`, `CV_16U` or `CV_32F`, 1, 3 or 4 channels (alpha is ignored).
    @param truth Ground truth, same size and type.
    @param mask `CV_8UC1`, same size, non-zero = hole. A mask without hole adds nothing.

    Every added image must have the same number of colour channels (descriptor length); raises
    cv::Exception naming the argument otherwise, and for empty, mismatched or non-finite input.
     */
    CV_WRAP virtual void add(InputArray result, InputArray truth, InputArray mask) = 0;

    /** @brief The SWD of everything added so far: the mean of getLevelDistances(). NaN, with a
    logged warning, when no hole pixel was added. */
    CV_WRAP virtual double getDistance() const = 0;

    //! The distance of each pyramid level, finest first (empty when nothing was added).
    CV_WRAP virtual std::vector<double> getLevelDistances() const = 0;

    //! Images added with at least one hole pixel.
    CV_WRAP virtual int getCount() const = 0;

    //! Forgets every added image (the settings stay).
    CV_WRAP virtual void clear() CV_OVERRIDE = 0;

    //! Pyramid levels, 1 to 8 (default 4). Changing it is only allowed while empty.
    CV_WRAP virtual void setLevels(int levels) = 0;
    //! The value set by setLevels().
    CV_WRAP virtual int getLevels() const = 0;
    //! Descriptor side, odd, 3 to 15 (default 7). Changing it is only allowed while empty.
    CV_WRAP virtual void setPatchSize(int patchSize) = 0;
    //! The value set by setPatchSize().
    CV_WRAP virtual int getPatchSize() const = 0;
    //! Random directions per repeat, 1 to 8192 (default 512).
    CV_WRAP virtual void setDirections(int directions) = 0;
    //! The value set by setDirections().
    CV_WRAP virtual int getDirections() const = 0;
    //! Repeats with new directions, 1 to 64 (default 4).
    CV_WRAP virtual void setRepeats(int repeats) = 0;
    //! The value set by setRepeats().
    CV_WRAP virtual int getRepeats() const = 0;
    //! Maximum descriptors per image and level, >= 0 (0 = all). Changing it is only allowed while empty.
    CV_WRAP virtual void setDescriptorsPerImage(int count) = 0;
    //! The value set by setDescriptorsPerImage().
    CV_WRAP virtual int getDescriptorsPerImage() const = 0;
    //! Seed of the sampling and of the directions. Changing it is only allowed while empty.
    CV_WRAP virtual void setSeed(int seed) = 0;
    //! The value set by setSeed().
    CV_WRAP virtual int getSeed() const = 0;
};

//! @}

}} // namespace cv::inpainting

#endif
