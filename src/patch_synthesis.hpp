// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

// The multi-scale patch synthesis of src/patchmatch.cpp, shared by PatchMatchInpainter (plain) and
// PconvPatchInpainter (guided by the network's fill).

#ifndef OPENCV_INPAINTING_PATCH_SYNTHESIS_HPP
#define OPENCV_INPAINTING_PATCH_SYNTHESIS_HPP

#include "opencv2/core.hpp"

namespace cv {
namespace inpainting {
namespace detail {

//! How the last vote of the finest level turns the matches into pixels.
enum PatchVote
{
    PATCH_VOTE_MEAN = 0, //!< weighted mean of all votes (Wexler et al.): low error, soft texture
    PATCH_VOTE_BEST = 1  //!< the single vote of highest weight: real pixels of one source, sharp
};

struct PatchSynthesisParams
{
    int patchSize = 13;   //!< odd, >= 3; shrunk when the image has no fully known patch that large
    int iterations = 4;   //!< search + vote rounds at the finest level
    int seed = 0;
    int maxLevels = 0;    //!< pyramid levels at most (0: as many as the hole's depth calls for)
    /** Optional coarse prediction of the whole image (CV_32FC(cn), 0..255 scale, same size as the
    image; only its hole pixels are read). It replaces diffusion as the start of the coarsest level,
    and with guideWeight > 0 the patch distance also compares each source pixel with it. */
    Mat guide;
    /** Weight of (guide - source)^2 on a hole pixel of the target patch, against 1 for a known
    pixel; 0 = the guide is only the start. */
    float guideWeight = 0.f;
    /** When > 0 (pixels at the finest level, halved per level), the guide term compares the guide
    and the source blurred by a Gaussian of this sigma (low-pass guidance) instead of the raw source:
    the guide fixes the local colour, the source keeps its texture. */
    double guideSigma = 0;
    /** With low-pass guidance (guideSigma > 0, guideWeight > 0): weight of the detail term on a
    hole pixel, (expected detail amplitude - source's detail amplitude)^2, where the expected
    amplitude is the known neighbourhood's diffused into the hole (src/patchmatch.cpp, Level). 0 = off. */
    float detailWeight = 0.f;
    int finalVote = PATCH_VOTE_MEAN; //!< #PatchVote of the finest level's last iteration
};

/** Fills @p work (CV_32FC(cn), 0..255 scale) where @p hole (CV_8UC1) is 255; what the hole held is
never read. Deterministic for a seed whatever the thread count. Without any fully known 3x3 patch
the hole gets the guide, or diffusion (Telea) when there is none. */
void synthesizePatches(Mat& work, const Mat& hole, const PatchSynthesisParams& params);

}}} // namespace cv::inpainting::detail

#endif
