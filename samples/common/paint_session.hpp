// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

// The state of the interactive demo (samples/inpaint_interactive.cpp) without any window: the
// hole mask painted so far, undo history, brush, chosen method and the last fill. The demo feeds
// it highgui's mouse and key events; the unit tests feed it the same events directly, so the
// whole event logic is tested without a display.

#ifndef OPENCV_INPAINTING_PAINT_SESSION_HPP
#define OPENCV_INPAINTING_PAINT_SESSION_HPP

#include <deque>
#include <string>
#include <vector>

#include "opencv2/core.hpp"

namespace inpainting_samples {

class PaintSession
{
public:
    //! Mouse events and flags, numerically equal to highgui's (cv::EVENT_*), which this class does
    //! not include so that it builds without highgui.
    enum MouseEvent { MOUSE_MOVE = 0, LBUTTON_DOWN = 1, RBUTTON_DOWN = 2, LBUTTON_UP = 4, RBUTTON_UP = 5 };
    enum MouseFlag { FLAG_LBUTTON = 1, FLAG_RBUTTON = 2 };

    //! What the caller must do after a key.
    enum Action { NONE, REDRAW, FILL, SAVE, QUIT };

    static constexpr int kMinBrush = 1;
    static constexpr int kMaxBrush = 200;
    static constexpr size_t kMaxUndo = 32;
    //! Height of the status bar under the panels, in view pixels.
    static constexpr int kStatusHeight = 44;

    /** @param image the photo (8-bit BGR), shown on the left and painted on.
    @param methods the methods the number keys select: key '1' is methods[0], and so on (at most 9).
    @param initialMethod one of @p methods.
    @param viewScale scale of the displayed panels relative to the image (<= 1 for large photos);
    mouse coordinates arrive in view pixels.
    @param brushRadius initial brush radius in image pixels. */
    PaintSession(const cv::Mat& image, const std::vector<int>& methods, int initialMethod, double viewScale,
                 int brushRadius);

    //! Handles a mouse event at view coordinates (x, y). Returns true when the view must be redrawn.
    //! Left button paints hole, right button erases; events on the result panel are ignored except
    //! that they end a stroke.
    bool onMouse(int event, int x, int y, int flags);

    //! Handles a key code as cv::waitKey returns it.
    Action onKey(int key);

    //! Records the fill of the current mask with the current method.
    void setResult(const cv::Mat& result);

    //! True when the result shown was computed from the current mask with the current method.
    bool resultIsCurrent() const;

    //! The input on the left (hole tinted, brush outline at the pointer) beside the result on the
    //! right, scaled to the view, with a status bar underneath.
    cv::Mat render() const;

    std::string statusLine() const;

    const cv::Mat& image() const { return image_; }
    const cv::Mat& mask() const { return mask_; }
    const cv::Mat& result() const { return result_; }
    int method() const { return method_; }
    int brushRadius() const { return brush_; }
    size_t undoDepth() const { return undo_.size(); }
    double viewScale() const { return scale_; }
    bool painting() const { return stroke_ != 0; }

    //! The brush radius a photo of @p size starts with: about 1/60 of its shorter side.
    static int defaultBrush(cv::Size size);

private:
    cv::Point toImage(int x, int y) const;
    bool onPanel(int x, int y) const;
    void pushUndo();
    void paintTo(const cv::Point& p);

    cv::Mat image_;
    cv::Mat mask_;
    std::deque<cv::Mat> undo_;
    std::vector<int> methods_;
    int method_;
    double scale_;
    int brush_;
    int stroke_ = 0;           // 0 = no stroke, 255 = painting hole, -1 = erasing
    cv::Point last_;           // last stroke point, image coordinates
    cv::Point pointer_{ -1, -1 }; // pointer over the input panel, image coordinates (-1 = outside)

    cv::Mat result_;
    cv::Mat resultMask_;
    int resultMethod_ = -1;
};

} // namespace inpainting_samples

#endif
