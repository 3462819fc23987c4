// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

#ifndef OPENCV_INPAINTING_CRIMINISI_HPP
#define OPENCV_INPAINTING_CRIMINISI_HPP

#include "opencv2/core.hpp"

namespace cv {
namespace inpainting {

//! @addtogroup inpainting_methods
//! @{

/** @brief Exemplar-based inpainting of Criminisi, Pérez and Toyama @cite Criminisi2004
(`INPAINT_CRIMINISI`, `--method=criminisi`).

The hole is filled from its boundary (the fill front) inwards, one patch at a time:
1. every front pixel p has a priority P(p) = C(p) x (D(p) + 0.001): the confidence C(p) is the
   mean confidence of the pixels of the patch around p (1 for known pixels; a filled pixel keeps
   the priority's confidence of the patch that filled it), the data term D(p) = |isophote . normal|
   is the strength of the image structure (the largest gradient of the patch's known pixels,
   rotated by 90 degrees, intensities scaled to [0, 1]) flowing into the hole across the front's
   normal; the 0.001 lets the confidence order flat regions, where D is 0;
2. the front pixel of highest priority (ties: the topmost, then leftmost) takes the best match: the
   patch lying entirely in the known region of the input, within `searchRadius` of p, with the
   smallest sum of squared differences over the known pixels of p's patch (colour images compare
   in CIE Lab); ties go to the candidate nearest to p, then to the first in scan order;
3. the hole pixels of p's patch receive the pixels of the match, copied exactly (the fill is made
   of the input's own pixel values); confidences, gradients, the front and the priorities are
   updated around p only.

The search window grows (doubles) until it holds a candidate; when no patch of the requested
size lies entirely in the known region, smaller patches are used, down to single pixels.

Supported input: `CV_8U`, `CV_16U` and `CV_32F`, with 1, 3 or 4 channels (alpha copied through,
not used). Pixels outside the hole are bit-identical to the input, the fill does not depend on
what the hole held, an all-hole mask gives the mid-grey of the type, and the result is
deterministic (no random numbers, one thread).
*/
class CV_EXPORTS_W CriminisiInpainter : public Algorithm
{
public:
    /** @brief Creates the inpainter.
    @param patchSize Side of the square patches, odd, 3 to 31 (9 as in the paper).
    @param searchRadius Half side of the window searched around each target patch, in pixels,
    >= 1; 0 searches the whole image (the paper's choice; far slower on large images).
     */
    CV_WRAP static Ptr<CriminisiInpainter> create(int patchSize = 9, int searchRadius = 48);

    /** @brief Fills the holes of @p image.
    @param image `CV_8U`, `CV_16U` or `CV_32F`, 1, 3 or 4 channels.
    @param mask `CV_8UC1` of the same size, non-zero = hole.
    @param result Same size and type as @p image.

    Raises cv::Exception naming the argument for empty input, size mismatch, a mask that is not
    `CV_8UC1`, non-finite float values, or an unsupported depth or channel count.
     */
    CV_WRAP virtual void apply(InputArray image, InputArray mask, OutputArray result) = 0;

    //! Patch side (odd, 3 to 31); raises StsOutOfRange otherwise.
    CV_WRAP virtual void setPatchSize(int patchSize) = 0;
    //! The value set by setPatchSize().
    CV_WRAP virtual int getPatchSize() const = 0;
    //! Search radius in pixels (>= 1, or 0 for the whole image); raises StsOutOfRange otherwise.
    CV_WRAP virtual void setSearchRadius(int searchRadius) = 0;
    //! The value set by setSearchRadius().
    CV_WRAP virtual int getSearchRadius() const = 0;
};

//! @}

}} // namespace cv::inpainting

#endif
