// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

#ifndef OPENCV_INPAINTING_PATCHMATCH_HPP
#define OPENCV_INPAINTING_PATCHMATCH_HPP

#include "opencv2/core.hpp"

namespace cv {
namespace inpainting {

//! @addtogroup inpainting_methods
//! @{

/** @brief Patch-based hole filling: multi-scale patch synthesis @cite Wexler2007 driven by the
PatchMatch nearest-neighbour search @cite Barnes2009 (the "content-aware fill" of photo editors).

The image and the hole are reduced to a pyramid. At the coarsest level the hole is first filled
by diffusion (Telea), then at every level, coarse to fine, two steps alternate:
- PatchMatch finds for every patch that touches the hole its two most similar patches lying
  entirely in the known region (propagation of good matches from neighbours plus random
  search); the patch distance trusts known pixels far more than the current hole estimate;
- every hole pixel becomes the weighted average of the pixels that the matched patches put
  there (votes weighted by match quality and by the distance to the known region).
The matches of a level, upsampled, start the next finer level.

Supported input: `CV_8U`, `CV_16U` and `CV_32F`, with 1, 3 or 4 channels. Alpha (the 4th
channel) is copied through untouched and is not used for matching, as in inpainting::inpaint().
Pixels outside the hole are bit-identical to the input, and the fill does not depend on what the
hole held. The result is deterministic for a given seed: the same bytes whatever the number of
threads (the random numbers are drawn per fixed band of rows, not per thread).

Images too small for any fully known patch of the requested size use a smaller patch; when not
even a 3x3 patch fits, the hole is filled by diffusion (Telea). An all-hole mask gives the
mid-grey of the type, as for every method of the module.
*/
class CV_EXPORTS_W PatchMatchInpainter : public Algorithm
{
public:
    /** @brief Creates the inpainter.
    @param patchSize Side of the square patches, odd, 3 to 31. Smaller patches copy finer texture
    but anchor structure less; the default 13 came out best against the truth on photos
    (doc/patchmatch.md has the measurements and their commands).
    @param iterations Synthesis iterations (PatchMatch search + voting) at the finest level,
    1 to 100; coarser levels, which are cheaper, run more of them.
    @param seed Seed of the random search and of the random initial matches.
     */
    CV_WRAP static Ptr<PatchMatchInpainter> create(int patchSize = 13, int iterations = 4, int seed = 0);

    /** @brief Fills the holes of @p image.
    @param image `CV_8U`, `CV_16U` or `CV_32F`, 1, 3 or 4 channels.
    @param mask `CV_8UC1` of the same size, non-zero = hole.
    @param result Same size and type as @p image.

    Raises cv::Exception naming the argument for empty input, size mismatch, a mask that is not
    `CV_8UC1`, or an unsupported depth or channel count.
     */
    CV_WRAP virtual void apply(InputArray image, InputArray mask, OutputArray result) = 0;

    //! Patch side (odd, 3 to 31); raises StsOutOfRange otherwise.
    CV_WRAP virtual void setPatchSize(int patchSize) = 0;
    //! The value set by setPatchSize().
    CV_WRAP virtual int getPatchSize() const = 0;
    //! Synthesis iterations at the finest level (1 to 100); raises StsOutOfRange otherwise.
    CV_WRAP virtual void setIterations(int iterations) = 0;
    //! The value set by setIterations().
    CV_WRAP virtual int getIterations() const = 0;
    //! Seed of the random search (any value).
    CV_WRAP virtual void setSeed(int seed) = 0;
    //! The value set by setSeed().
    CV_WRAP virtual int getSeed() const = 0;
};

//! @}

}} // namespace cv::inpainting

#endif
