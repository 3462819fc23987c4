// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

#ifndef OPENCV_INPAINTING_VIDEO_HPP
#define OPENCV_INPAINTING_VIDEO_HPP

#include "opencv2/core.hpp"
#include "opencv2/inpainting/methods.hpp"

namespace cv {
namespace inpainting {

//! @addtogroup inpainting_video
//! @{

/** @brief Fills the holes of a video with what the other frames saw (flow-guided video inpainting).

A frame-by-frame fill cannot be right for video: what a static watermark hides in one frame of a
moving camera is visible in other frames, and independent fills flicker. For every frame this
class
- estimates the optical flow to and from its neighbouring frames (DIS, OpenCV's video module) on
  frames whose holes were first filled smoothly from their borders, so the flow never sees what
  the holes held;
- completes each flow inside the holes by smooth interpolation from the holes' borders (a
  push-pull pyramid): the motion of what the hole hides is taken to continue the motion around it;
- follows the completed flow from every hole pixel frame by frame, backward and forward, nearest
  frames first, and takes the first pixel that a frame actually saw (known there, or already
  recovered from the real content of another frame); every step of the chain must pass a
  forward-backward consistency check, so occlusions and bad flow stop it;
- where no frame of the window saw the content, reuses the previous frame's fill along the flow
  (so the synthesized part does not flicker), and fills what is left with the image method
  (inpainting::inpaint(), the embedded partial-convolution model by default);
- blends the seams: the colour offset between the copied pixels and the frame's own pixels at the
  hole's border is spread smoothly over the copied region (exposure changes between frames do not
  show as edges).

Frames are fed one at a time (feed(), read(), finish()), or a whole sequence at once (apply()).
The window bounds the memory: a frame is output once @ref getWindow "window" later frames were fed
(or at finish()), and the inpainter keeps at most 2*window+1 frames. The previous output frames
carry what earlier frames saw, so content seen long before the window is not lost.

Frames: `CV_8U`, `CV_16U` or `CV_32F`, with 1, 3 or 4 channels (alpha, the 4th channel, is
copied through untouched), all of the size and type of the first frame. Masks: `CV_8UC1` of the
frames' size, non-zero = hole; one static mask (setMask()) or one mask per frame. Known pixels are
bit-identical in the output, the fill never depends on what the holes held, and the output is the
same bytes whatever the number of threads.
*/
class CV_EXPORTS_W VideoInpainter : public Algorithm
{
public:
    /** @brief Creates the inpainter.
    @param method The image method (#InpaintMethods) for what no frame saw; raises
    StsNotImplemented if it is not available in this build (isMethodAvailable()).
    @param window Frames looked at before and after each frame, 1 to 50 (StsOutOfRange
    otherwise). A larger window recovers more of what a slow camera reveals, at the cost of
    latency and memory (2*window+1 frames are kept).
     */
    CV_WRAP static Ptr<VideoInpainter> create(int method = INPAINT_PCONV, int window = 6);

    /** @brief Sets the static mask used for every frame fed without a mask of its own.
    @param mask `CV_8UC1`, non-zero = hole; its size is checked against the frames when they come.
    An empty mask clears the static mask.
     */
    CV_WRAP virtual void setMask(InputArray mask) = 0;

    /** @brief Feeds the next frame of the stream.
    @param frame The frame (see the class description for the types).
    @param mask Its own hole mask, or empty to use the static mask (setMask()); StsBadArg when
    neither is given.

    Raises cv::Exception naming the argument for an empty frame, a frame whose size or type
    differs from the first frame's, or a mask of the wrong size or type. A rejected frame leaves
    the stream as it was.
     */
    CV_WRAP virtual void feed(InputArray frame, InputArray mask = noArray()) = 0;

    /** @brief Takes the next output frame, in input order.
    @param frame The filled frame, same size and type as the input frames.
    @return false (and @p frame untouched) when no output is ready yet: the frame waits for
    window later frames, or for finish().
     */
    CV_WRAP virtual bool read(OutputArray frame) = 0;

    /** @brief Ends the stream: every frame fed so far becomes available to read(). Frames fed
    afterwards start a new stream (as after reset()). */
    CV_WRAP virtual void finish() = 0;

    //! Forgets every frame (fed, pending or unread) and the first frame's size and type.
    CV_WRAP virtual void reset() = 0;

    /** @brief Fills a whole sequence (feed(), finish() and read() over it; the stream is reset first).
    @param frames The frames, in order.
    @param masks One mask for every frame, or a single static mask; StsBadSize otherwise.
    @param result The filled frames, one per input frame.
     */
    CV_WRAP virtual void apply(InputArrayOfArrays frames, InputArrayOfArrays masks, OutputArrayOfArrays result) = 0;

    //! Frames held now (fed or output but still needed as neighbours, plus unread outputs
    //! waiting for read()); at most 2*window+1 plus the unread ones.
    CV_WRAP virtual int getBufferedFrames() const = 0;

    //! The image method for what no frame saw (#InpaintMethods); StsNotImplemented if not available.
    CV_WRAP virtual void setMethod(int method) = 0;
    //! The value set by setMethod().
    CV_WRAP virtual int getMethod() const = 0;
    //! Frames looked at before and after each frame, 1 to 50; only before the first frame of a stream.
    CV_WRAP virtual void setWindow(int window) = 0;
    //! The value set by setWindow().
    CV_WRAP virtual int getWindow() const = 0;

    /** @brief The optical flow is estimated on frames scaled down so that their longer side is
    at most @p side pixels (16 to 8192, StsOutOfRange otherwise; default 640), then scaled up.
    Smaller is faster and less precise (doc/video.md measures both). Only before the first frame
    of a stream. */
    CV_WRAP virtual void setFlowMaxSide(int side) = 0;
    //! The value set by setFlowMaxSide().
    CV_WRAP virtual int getFlowMaxSide() const = 0;

    /** @brief How the hole pixels of the frames output so far were filled, as fractions of all
    their hole pixels: [0] copied from what another frame saw, [1] the previous frame's fill
    reused along the flow, [2] filled by the image method. Reset by reset(). */
    CV_WRAP virtual Vec3d getFillSources() const = 0;
};

//! @}

}} // namespace cv::inpainting

#endif
