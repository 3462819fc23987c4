// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

// Flow-guided video inpainting (VideoInpainter): the pixels a hole hides are looked up along
// completed optical flow in the neighbouring frames; the image method fills only what no frame saw.

#include "precomp.hpp"
#include "opencv2/photo.hpp"
#include "opencv2/video/tracking.hpp"

#include <deque>

namespace cv {
namespace inpainting {

namespace {

const int kMaxWindow = 50;

// Flow is estimated on frames whose longer side is at most this by default: DIS's cost grows with
// the area, and at 640x360 a 320 px flow ran 2.6x faster for 1.8 dB less hole PSNR (doc/video.md).
const int kFlowMaxSide = 640;

// DIS needs a few patches of 8 px per side; smaller frames are taken as static (zero flow).
const int kFlowMinSide = 16;

// The flow next to a hole is unreliable too (DIS matches 8x8 patches that straddle the border),
// so the region completed by interpolation is the holes grown by this many pixels (flow scale).
const int kFlowHoleMargin = 8;

// Pixel pairs needed to measure the exposure change between two frames (seam blending).
const int kMinExposureSamples = 16;

// What a pixel of a processed frame holds (Slot::state).
enum PixelState : uchar
{
    kKnown = 0,   // the frame's own pixel
    kSeen = 1,    // copied from what another frame saw
    kReused = 2,  // the previous frame's fill, moved along the flow
    kSynth = 3,   // filled by the image method
    kEmpty = 255  // not filled yet
};

/* Fills the pixels where `known` is 0 from those where it is not, smoothly (push-pull pyramid,
Gortler et al. 1996): coarser levels average the known values (values and weights go down the same
Gaussian pyramid), and each finer level keeps its own weighted values and takes the upsampled
coarser estimate for the missing weight: est_l = V_l + (1 - W_l) * up(est_{l+1}). Known pixels keep
their exact values (W = 1 there). Nothing known at all gives 0. */
void pushPull(const Mat& values, const Mat& known, Mat& out)
{
    CV_Assert(values.depth() == CV_32F && known.type() == CV_8UC1 && known.size() == values.size());
    const int cn = values.channels();
    Mat w1;
    Mat(known != 0).convertTo(w1, CV_32F, 1.0 / 255.0);
    auto expand = [cn](const Mat& w) {
        if (cn == 1)
            return w;
        Mat m;
        merge(std::vector<Mat>(cn, w), m);
        return m;
    };
    std::vector<Mat> V(1), W(1);
    V[0] = values.mul(expand(w1));
    W[0] = w1;
    while (V.back().cols > 2 || V.back().rows > 2)
    {
        Mat v, w;
        pyrDown(V.back(), v);
        pyrDown(W.back(), w);
        V.push_back(v);
        W.push_back(w);
    }
    Mat est;
    {
        Mat w = expand(max(W.back(), 1e-12f));
        divide(V.back(), w, est);
        est.setTo(Scalar::all(0), W.back() <= 1e-12f);
    }
    for (int l = (int)V.size() - 2; l >= 0; l--)
    {
        Mat up;
        pyrUp(est, up, V[l].size());
        Mat missing = expand(1.0f - W[l]);
        est = V[l] + up.mul(missing);
    }
    // Known pixels exactly as given (V_0 = value * 1, but 1 - W_0 = 0 times a large `up` may still
    // round), the rest from the pyramid.
    est.copyTo(out);
    values.copyTo(out, known);
}

// Bilinear sample of a CV_32FC2 flow at (x, y), clamped to the image.
inline Point2f sampleFlow(const Mat& flow, float x, float y)
{
    x = std::min(std::max(x, 0.f), (float)(flow.cols - 1));
    y = std::min(std::max(y, 0.f), (float)(flow.rows - 1));
    const int x0 = std::min((int)x, flow.cols - 2 < 0 ? 0 : flow.cols - 2);
    const int y0 = std::min((int)y, flow.rows - 2 < 0 ? 0 : flow.rows - 2);
    const int x1 = std::min(x0 + 1, flow.cols - 1), y1 = std::min(y0 + 1, flow.rows - 1);
    const float fx = x - x0, fy = y - y0;
    const Vec2f a = flow.at<Vec2f>(y0, x0), b = flow.at<Vec2f>(y0, x1);
    const Vec2f c = flow.at<Vec2f>(y1, x0), d = flow.at<Vec2f>(y1, x1);
    const Vec2f top = a * (1 - fx) + b * fx, bottom = c * (1 - fx) + d * fx;
    const Vec2f v = top * (1 - fy) + bottom * fy;
    return Point2f(v[0], v[1]);
}

inline bool insideFrame(const Point2f& p, Size size)
{
    return p.x >= -0.5f && p.y >= -0.5f && p.x <= size.width - 0.5f && p.y <= size.height - 0.5f;
}

/* One step of a chain of flows: `pos` in frame A moves along `ab` (flow of A's pixels to B) into B.
Fails where the step leaves the frame or where B's flow back (`ba`, on B's pixels) does not return
near the start: the forward-backward check of Sundaram et al. (2010), |f + b|^2 <= 0.01 (|f|^2 +
|b|^2) + 0.5, which rejects occlusions and flow that the two directions disagree on. */
inline bool followFlow(Point2f& pos, const Mat& ab, const Mat& ba)
{
    const Point2f f = sampleFlow(ab, pos.x, pos.y);
    const Point2f q = pos + f;
    if (!insideFrame(q, ab.size()))
        return false;
    const Point2f b = sampleFlow(ba, q.x, q.y);
    const Point2f sum = f + b;
    if (sum.dot(sum) > 0.01f * (f.dot(f) + b.dot(b)) + 0.5f)
        return false;
    pos = q;
    return true;
}

/* Bilinear sample of `colour` (CV_32FC1/C3) at `pos` using only pixels where `trusted` is non-zero.
Every neighbour with a real weight must be trusted (a copy must not mix in hole pixels); a position
on the pixel grid needs just that pixel. */
template <int CN>
inline bool sampleTrusted(const Mat& colour, const Mat& trusted, Point2f pos, Vec<float, CN>& out)
{
    const float x = std::min(std::max(pos.x, 0.f), (float)(colour.cols - 1));
    const float y = std::min(std::max(pos.y, 0.f), (float)(colour.rows - 1));
    const int x0 = (int)x, y0 = (int)y;
    const float fx = x - x0, fy = y - y0;
    const float wts[4] = { (1 - fx) * (1 - fy), fx * (1 - fy), (1 - fx) * fy, fx * fy };
    const int xs[4] = { x0, x0 + 1, x0, x0 + 1 }, ys[4] = { y0, y0, y0 + 1, y0 + 1 };
    Vec<float, CN> acc = Vec<float, CN>::all(0.f);
    float total = 0.f;
    for (int k = 0; k < 4; k++)
    {
        if (wts[k] < 1e-4f)
            continue;
        if (xs[k] >= colour.cols || ys[k] >= colour.rows || !trusted.at<uchar>(ys[k], xs[k]))
            return false;
        acc += colour.at<Vec<float, CN>>(ys[k], xs[k]) * wts[k];
        total += wts[k];
    }
    if (total <= 0.f)
        return false;
    out = acc * (1.f / total);
    return true;
}

// One frame of the window.
struct Slot
{
    Mat original;  // the frame as fed (the output copies its known pixels and alpha from here)
    Mat colour;    // CV_32FC1/C3 colour planes in the type's units: holes zeroed until the frame is
                   // processed, then the output's colour
    Mat hole;      // CV_8UC1, 255 = hole
    Mat own;       // CV_8UC1, non-zero where the frame itself saw the content (not a hole)
    Mat trusted;   // CV_8UC1, non-zero where the colour is real content: the known pixels, and once
                   // processed also what was copied from other frames
    Mat gray;      // CV_8UC1 at flow scale, holes filled smoothly: the flow's input (freed once the
                   // flow to the next frame is computed)
    Mat smallHole; // the hole at flow scale, for completing the flow
    Mat fwd, bwd;  // CV_32FC2 at full size: flow of this frame's pixels to the next frame, and of
                   // the next frame's pixels back to this one (empty until the next frame comes)
    Scalar exposureStep; // colour of the next frame minus this one's, over the content both see
    bool done = false;
};

class VideoInpainterImpl CV_FINAL : public VideoInpainter
{
public:
    VideoInpainterImpl(int method, int window)
    {
        setMethod(method);
        setWindow(window);
        flow_ = DISOpticalFlow::create(DISOpticalFlow::PRESET_MEDIUM);
    }

    void setMask(InputArray mask) CV_OVERRIDE
    {
        if (mask.empty())
        {
            staticMask_.release();
            return;
        }
        const Mat m = mask.getMat();
        CV_CheckTypeEQ(m.type(), CV_8UC1, "VideoInpainter::setMask: 'mask' must be CV_8UC1");
        staticMask_ = detail::binaryHoleMask(m);
    }

    void feed(InputArray _frame, InputArray _mask) CV_OVERRIDE
    {
        if (_frame.empty())
            CV_Error(Error::StsBadArg, "VideoInpainter::feed: 'frame' is empty");
        const Mat frame = _frame.getMat();
        Mat mask = _mask.empty() ? staticMask_ : _mask.getMat();
        if (mask.empty())
            CV_Error(Error::StsBadArg, "VideoInpainter::feed: no 'mask' given and no static mask set (setMask)");
        if (streamStarted_)
        {
            if (frame.size() != frameSize_ || frame.type() != frameType_)
                CV_Error_(Error::StsBadSize,
                          ("VideoInpainter::feed: 'frame' is %dx%d of type %s but the stream's first frame is %dx%d "
                           "of type %s; every frame must have the same size and type",
                           frame.cols, frame.rows, typeToString(frame.type()).c_str(), frameSize_.width,
                           frameSize_.height, typeToString(frameType_).c_str()));
        }
        detail::checkImageAndMask(frame, mask, "frame", "mask");
        if (!streamStarted_)
        {
            streamStarted_ = true;
            frameSize_ = frame.size();
            frameType_ = frame.type();
            const int side = std::max(frame.cols, frame.rows);
            flowScale_ = side > flowMaxSide_ ? (double)flowMaxSide_ / side : 1.0;
        }

        Slot slot;
        frame.copyTo(slot.original);
        slot.hole = detail::binaryHoleMask(mask);
        bitwise_not(slot.hole, slot.own);
        slot.trusted = slot.own.clone();
        Mat colour;
        if (frame.channels() == 4)
            cvtColor(frame, colour, COLOR_BGRA2BGR);
        else
            colour = frame;
        colour.convertTo(slot.colour, CV_32F);
        slot.colour.setTo(Scalar::all(0), slot.hole); // the fill never sees what the holes held
        prepareFlowInput(slot);
        if (!slots_.empty())
            computeFlows(slots_.back(), slot);
        slots_.push_back(std::move(slot));
        processReady(false);
    }

    bool read(OutputArray frame) CV_OVERRIDE
    {
        if (outputs_.empty())
            return false;
        // Handed over, not copied into the caller's buffer: a caller that keeps the frames it reads
        // (push_back in a loop) would otherwise get every element sharing one buffer.
        if (frame.kind() == _InputArray::MAT)
            frame.getMatRef() = outputs_.front();
        else
            outputs_.front().copyTo(frame);
        outputs_.pop_front();
        return true;
    }

    void finish() CV_OVERRIDE
    {
        processReady(true);
        slots_.clear();
        streamStarted_ = false;
    }

    void reset() CV_OVERRIDE
    {
        slots_.clear();
        outputs_.clear();
        streamStarted_ = false;
        counts_ = Vec3d();
        holePixels_ = 0;
    }

    void apply(InputArrayOfArrays _frames, InputArrayOfArrays _masks, OutputArrayOfArrays _result) CV_OVERRIDE
    {
        std::vector<Mat> frames, masks;
        _frames.getMatVector(frames);
        _masks.getMatVector(masks);
        if (frames.empty())
            CV_Error(Error::StsBadArg, "VideoInpainter::apply: 'frames' is empty");
        if (masks.size() != 1 && masks.size() != frames.size())
            CV_Error_(Error::StsBadSize, ("VideoInpainter::apply: 'masks' holds %d masks for %d frames; give one "
                                          "static mask or one mask per frame",
                                          (int)masks.size(), (int)frames.size()));
        reset();
        const Mat savedMask = staticMask_;
        std::vector<Mat> out;
        try
        {
            if (masks.size() == 1)
                setMask(masks[0]);
            for (size_t i = 0; i < frames.size(); i++)
            {
                if (masks.size() == 1)
                    feed(frames[i], noArray());
                else
                    feed(frames[i], masks[i]);
                Mat f;
                while (read(f))
                    out.push_back(f);
            }
            finish();
            Mat f;
            while (read(f))
                out.push_back(f);
        }
        catch (...)
        {
            staticMask_ = savedMask;
            reset();
            throw;
        }
        staticMask_ = savedMask;
        _result.create((int)out.size(), 1, frameType_);
        for (size_t i = 0; i < out.size(); i++)
        {
            _result.create(out[i].size(), out[i].type(), (int)i, true);
            out[i].copyTo(_result.getMatRef((int)i));
        }
    }

    int getBufferedFrames() const CV_OVERRIDE { return (int)(slots_.size() + outputs_.size()); }

    void setMethod(int method) CV_OVERRIDE
    {
        methodName(method); // unknown ids raise StsBadArg
        if (!isMethodAvailable(method))
            CV_Error_(Error::StsNotImplemented, ("VideoInpainter: method '%s' is not available in this build",
                                                 methodName(method).c_str()));
        method_ = method;
    }
    int getMethod() const CV_OVERRIDE { return method_; }

    void setWindow(int window) CV_OVERRIDE
    {
        if (window < 1 || window > kMaxWindow)
            CV_Error_(Error::StsOutOfRange, ("VideoInpainter: 'window' must be in [1, %d], got %d", kMaxWindow, window));
        if (!slots_.empty())
            CV_Error(Error::StsError, "VideoInpainter::setWindow: the window cannot change in the middle of a stream "
                                      "(call finish() or reset() first)");
        window_ = window;
    }
    int getWindow() const CV_OVERRIDE { return window_; }

    void setFlowMaxSide(int side) CV_OVERRIDE
    {
        if (side < kFlowMinSide || side > 8192)
            CV_Error_(Error::StsOutOfRange, ("VideoInpainter: 'side' must be in [%d, 8192], got %d", kFlowMinSide, side));
        if (!slots_.empty())
            CV_Error(Error::StsError, "VideoInpainter::setFlowMaxSide: the flow size cannot change in the middle of a "
                                      "stream (call finish() or reset() first)");
        flowMaxSide_ = side;
    }
    int getFlowMaxSide() const CV_OVERRIDE { return flowMaxSide_; }

    Vec3d getFillSources() const CV_OVERRIDE
    {
        return holePixels_ > 0 ? counts_ * (1.0 / holePixels_) : Vec3d();
    }

private:
    // The gray frame the flow is estimated on, at flow scale, its holes filled from their borders.
    void prepareFlowInput(Slot& slot) const
    {
        const Mat& colour = slot.colour;
        if (std::min(colour.cols, colour.rows) < kFlowMinSide)
            return; // too small for DIS: taken as static
        Mat gray;
        if (colour.channels() == 3)
            cvtColor(colour, gray, COLOR_BGR2GRAY);
        else
            gray = colour;
        Mat gray8, hole = slot.hole;
        gray.convertTo(gray8, CV_8U, 255.0 / detail::depthRange(CV_MAT_DEPTH(frameType_)));
        if (flowScale_ != 1.0)
        {
            const Size small(cvRound(colour.cols * flowScale_), cvRound(colour.rows * flowScale_));
            Mat g, h;
            resize(gray8, g, small, 0, 0, INTER_AREA);
            resize(slot.hole, h, small, 0, 0, INTER_AREA);
            gray8 = g;
            hole = h != 0; // every pixel that mixed in a hole pixel is a hole
        }
        // Telea's fill continues the edges into the hole; a smoother fill (push-pull) measured a
        // flow twice as wrong around the hole, its blur pulling DIS towards zero motion there.
        cv::inpaint(gray8, hole, slot.gray, 3.0, cv::INPAINT_TELEA);
        slot.smallHole = hole;
    }

    // The flows between two consecutive frames, completed inside the holes of either.
    void computeFlows(Slot& a, Slot& b)
    {
        const Size size = a.colour.size();
        if (a.gray.empty() || b.gray.empty())
        {
            a.fwd = Mat::zeros(size, CV_32FC2);
            a.bwd = Mat::zeros(size, CV_32FC2);
            return;
        }
        Mat unreliable;
        bitwise_or(a.smallHole, b.smallHole, unreliable);
        dilate(unreliable, unreliable, getStructuringElement(MORPH_RECT, Size(2 * kFlowHoleMargin + 1, 2 * kFlowHoleMargin + 1)));
        Mat reliable;
        bitwise_not(unreliable, reliable);
        auto estimate = [&](const Mat& from, const Mat& to, Mat& out) {
            Mat flow;
            flow_->calc(from, to, flow);
            Mat completed;
            if (countNonZero(reliable) == 0)
                completed = Mat::zeros(flow.size(), CV_32FC2);
            else
                pushPull(flow, reliable, completed);
            if (completed.size() != size)
            {
                resize(completed, out, size, 0, 0, INTER_LINEAR);
                out *= 1.0 / flowScale_;
            }
            else
                out = completed;
        };
        estimate(a.gray, b.gray, a.fwd);
        estimate(b.gray, a.gray, a.bwd);
        a.exposureStep = a.colour.channels() == 3 ? exposureStep<3>(a, b, reliable) : exposureStep<1>(a, b, reliable);
        a.gray.release(); // only the flow to the next frame needed it
        a.smallHole.release();
    }

    /* How much brighter the next frame is (per channel): the median difference between the two
    frames' own pixels along the flow, over a grid of every 4th pixel where the flow is reliable
    and passes the forward-backward check. The median ignores what moved differently. */
    template <int CN>
    Scalar exposureStep(const Slot& a, const Slot& b, const Mat& reliableSmall) const
    {
        std::vector<float> diffs[CN];
        const Size size = a.colour.size();
        for (int y = 0; y < size.height; y += 4)
            for (int x = 0; x < size.width; x += 4)
            {
                const int sx = std::min((int)(x * flowScale_), reliableSmall.cols - 1);
                const int sy = std::min((int)(y * flowScale_), reliableSmall.rows - 1);
                if (!reliableSmall.at<uchar>(sy, sx) || !a.own.at<uchar>(y, x))
                    continue;
                Point2f pos((float)x, (float)y);
                Vec<float, CN> there;
                if (!followFlow(pos, a.fwd, a.bwd) || !sampleTrusted<CN>(b.colour, b.own, pos, there))
                    continue;
                const Vec<float, CN> here = a.colour.at<Vec<float, CN>>(y, x);
                for (int c = 0; c < CN; c++)
                    diffs[c].push_back(there[c] - here[c]);
            }
        Scalar step;
        for (int c = 0; c < CN; c++)
        {
            if (diffs[c].size() < (size_t)kMinExposureSamples)
                return Scalar();
            std::nth_element(diffs[c].begin(), diffs[c].begin() + diffs[c].size() / 2, diffs[c].end());
            step[c] = diffs[c][diffs[c].size() / 2];
        }
        return step;
    }

    // Processes every frame that has its window of later frames (all of them at the end).
    void processReady(bool all)
    {
        for (size_t i = 0; i < slots_.size(); i++)
        {
            if (slots_[i].done)
                continue;
            if (!all && slots_.size() - 1 - i < (size_t)window_)
                break;
            process((int)i);
        }
        // Drop the frames no later frame can look back to.
        size_t firstPending = 0;
        while (firstPending < slots_.size() && slots_[firstPending].done)
            firstPending++;
        while (firstPending > (size_t)window_)
        {
            slots_.pop_front();
            firstPending--;
        }
    }

    void process(int i)
    {
        if (slots_[i].colour.channels() == 3)
            processFrame<3>(i);
        else
            processFrame<1>(i);
    }

    template <int CN>
    void processFrame(int i)
    {
        typedef Vec<float, CN> Pix;
        Slot& cur = slots_[i];
        const Size size = cur.colour.size();
        std::vector<Point> holePts;
        findNonZero(cur.hole, holePts);
        Mat fill = cur.colour.clone();
        Mat state(size, CV_8UC1, Scalar(kKnown));
        state.setTo(kEmpty, cur.hole);
        // The colour offset measured at the hole's border between the frame and the copy's source.
        Mat offset = Mat::zeros(size, CV_32FC(CN));
        Mat offsetKnown = Mat::zeros(size, CV_8UC1);
        Mat sourceOf(size, CV_16SC1, Scalar(-1)); // the slot each copied pixel came from
        const int n = (int)holePts.size();
        const int last = (int)slots_.size() - 1;
        const Mat allTrusted(size, CV_8UC1, Scalar(255)); // a fill reused from the previous frame
        const float offsetLimit = 0.1f * (float)detail::depthRange(CV_MAT_DEPTH(frameType_));

        // Every hole pixel on its own (no pixel reads another's result): the same bytes whatever
        // the number of threads.
        parallel_for_(Range(0, n), [&](const Range& range) {
            for (int k = range.start; k < range.end; k++)
            {
                const Point p = holePts[k];
                Point2f back((float)p.x, (float)p.y), fwd = back, prevPos;
                bool backAlive = i > 0, fwdAlive = i < last, prevAlive = false;
                int source = -1, fallback = -1;
                Point2f sourcePos, fallbackPos;
                Pix value, fallbackValue;
                // Nearest frames first; a pixel that a frame saw itself wins over one that a past
                // output only carries (a copy of a copy is resampled, so blurred, once more per frame).
                for (int d = 1; d <= window_ && (backAlive || fwdAlive); d++)
                {
                    if (backAlive)
                    {
                        const Slot& b = slots_[i - d];
                        backAlive = followFlow(back, b.bwd, b.fwd);
                        if (d == 1)
                        {
                            prevAlive = backAlive;
                            prevPos = back;
                        }
                        if (backAlive && sampleTrusted<CN>(b.colour, b.own, back, value))
                        {
                            source = i - d;
                            sourcePos = back;
                            break;
                        }
                        if (backAlive && fallback < 0 && sampleTrusted<CN>(b.colour, b.trusted, back, fallbackValue))
                        {
                            fallback = i - d;
                            fallbackPos = back;
                        }
                        backAlive = backAlive && i - d > 0;
                    }
                    if (fwdAlive)
                    {
                        const Slot& a = slots_[i + d - 1];
                        const Slot& b = slots_[i + d];
                        fwdAlive = followFlow(fwd, a.fwd, a.bwd);
                        if (fwdAlive && sampleTrusted<CN>(b.colour, b.own, fwd, value))
                        {
                            source = i + d;
                            sourcePos = fwd;
                            break;
                        }
                        fwdAlive = fwdAlive && i + d < last;
                    }
                }
                if (source < 0 && fallback >= 0)
                {
                    source = fallback;
                    sourcePos = fallbackPos;
                    value = fallbackValue;
                }
                uchar how = kSeen;
                if (source < 0 && prevAlive)
                {
                    // No frame saw it: the previous frame's fill, where the flow says it is the same content.
                    const Slot& prev = slots_[i - 1];
                    if (sampleTrusted<CN>(prev.colour, allTrusted, prevPos, value))
                    {
                        source = i - 1;
                        sourcePos = prevPos;
                        how = kReused;
                    }
                }
                if (source < 0)
                    continue;
                fill.at<Pix>(p) = value;
                state.at<uchar>(p) = how;
                sourceOf.at<short>(p) = (short)source;
                // Seam offset: the frame's own pixels next to the hole against what the source has there.
                const Slot& s = slots_[source];
                const Mat& sourceTrusted = how == kSeen ? s.trusted : allTrusted;
                Pix sum = Pix::all(0.f);
                int count = 0;
                static const int dx[4] = { 1, -1, 0, 0 }, dy[4] = { 0, 0, 1, -1 };
                for (int j = 0; j < 4; j++)
                {
                    const Point q(p.x + dx[j], p.y + dy[j]);
                    if (q.x < 0 || q.y < 0 || q.x >= size.width || q.y >= size.height || cur.hole.at<uchar>(q))
                        continue;
                    Pix there;
                    const Point2f at(sourcePos.x + dx[j], sourcePos.y + dy[j]);
                    if (!insideFrame(at, size))
                        continue;
                    if (!sampleTrusted<CN>(s.colour, sourceTrusted, at, there))
                        continue;
                    sum += cur.colour.at<Pix>(q) - there;
                    count++;
                }
                if (count > 0)
                {
                    Pix o = sum * (1.f / count);
                    for (int c = 0; c < CN; c++)
                        o[c] = std::min(std::max(o[c], -offsetLimit), offsetLimit);
                    offset.at<Pix>(p) = o;
                    offsetKnown.at<uchar>(p) = 255;
                }
            }
        });

        // What no frame saw and no previous fill covers: the image method, with everything found so
        // far as known pixels.
        Mat remaining = state == kEmpty;
        if (countNonZero(remaining) > 0)
        {
            Mat input, filled, filledF;
            fill.convertTo(input, CV_MAT_DEPTH(frameType_));
            inpaint(input, remaining, filled, method_);
            filled.convertTo(filledF, CV_32F);
            filledF.copyTo(fill, remaining);
            state.setTo(kSynth, remaining);
            // The image method's fill is continuous with the frame at the hole's border: offset 0.
            Mat knownNear;
            dilate(cur.hole == 0, knownNear, Mat());
            offsetKnown.setTo(255, remaining & knownNear);
        }

        // Seams. Exposure differs from frame to frame, so a copy from another frame first gets the
        // exposure difference accumulated along the frames between (measured with the flows); the
        // offsets that remain at the hole's border are then spread smoothly over the copied pixels.
        const int slotCount = (int)slots_.size();
        std::vector<Pix> perSource(slotCount, Pix::all(0.f));
        for (int k = i + 1; k < slotCount; k++)
            for (int c = 0; c < CN; c++)
                perSource[k][c] = perSource[k - 1][c] - (float)slots_[k - 1].exposureStep[c];
        for (int k = i - 1; k >= 0; k--)
            for (int c = 0; c < CN; c++)
                perSource[k][c] = perSource[k + 1][c] + (float)slots_[k].exposureStep[c];
        for (const Point& p : holePts)
        {
            const int src = sourceOf.at<short>(p);
            if (src >= 0 && offsetKnown.at<uchar>(p))
                offset.at<Pix>(p) -= perSource[src];
        }
        // Every constraint and every corrected pixel is a hole pixel: the hole's bounding box suffices.
        if (n > 0)
        {
            const Rect box = boundingRect(cur.hole);
            Mat correction = Mat::zeros(box.size(), CV_32FC(CN));
            if (countNonZero(offsetKnown(box)) > 0)
                pushPull(offset(box), offsetKnown(box), correction);
            for (const Point& p : holePts)
            {
                const int src = sourceOf.at<short>(p);
                if (src >= 0)
                    fill.at<Pix>(p) += perSource[src] + correction.at<Pix>(p - box.tl());
            }
        }

        // The output: the frame's own pixels and alpha untouched, the fill in the hole.
        const int depth = CV_MAT_DEPTH(frameType_);
        Mat fillT;
        fill.convertTo(fillT, depth);
        Mat out = cur.original.clone();
        if (out.channels() == 4)
        {
            Mat alpha;
            extractChannel(cur.original, alpha, 3);
            Mat bgra;
            std::vector<Mat> planes;
            split(fillT, planes);
            planes.push_back(alpha);
            merge(planes, bgra);
            bgra.copyTo(out, cur.hole);
        }
        else
            fillT.copyTo(out, cur.hole);
        outputs_.push_back(out);

        // Later frames look back at this one: its output colour, trusted where it is real content.
        fillT.convertTo(cur.colour, CV_32F);
        cur.trusted = (state == kKnown) | (state == kSeen);
        cur.done = true;

        holePixels_ += n;
        counts_[0] += countNonZero(state == kSeen);
        counts_[1] += countNonZero(state == kReused);
        counts_[2] += countNonZero(state == kSynth);
    }

    int method_ = INPAINT_PCONV;
    int window_ = 6;
    int flowMaxSide_ = kFlowMaxSide;
    Mat staticMask_;
    bool streamStarted_ = false;
    Size frameSize_;
    int frameType_ = -1;
    double flowScale_ = 1.0;
    Ptr<DISOpticalFlow> flow_;
    std::deque<Slot> slots_;
    std::deque<Mat> outputs_;
    Vec3d counts_;
    double holePixels_ = 0;
};

} // namespace

Ptr<VideoInpainter> VideoInpainter::create(int method, int window)
{
    return makePtr<VideoInpainterImpl>(method, window);
}

}} // namespace cv::inpainting
