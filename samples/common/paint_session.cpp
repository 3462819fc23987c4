// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

#include "paint_session.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>

#include "opencv2/imgproc.hpp"
#include "opencv2/inpainting.hpp"

namespace inpainting_samples {

PaintSession::PaintSession(const cv::Mat& image, const std::vector<int>& methods, int initialMethod,
                           double viewScale, int brushRadius)
    : image_(image), methods_(methods), method_(initialMethod), scale_(viewScale),
      brush_(std::min(std::max(brushRadius, kMinBrush), kMaxBrush))
{
    CV_CheckTypeEQ(image.type(), CV_8UC3, "PaintSession: image must be 8-bit BGR");
    CV_Check(methods.size(), !methods.empty(), "PaintSession: methods must not be empty");
    CV_Check(initialMethod, std::find(methods.begin(), methods.end(), initialMethod) != methods.end(),
             "PaintSession: initialMethod must be one of methods");
    CV_Check(viewScale, viewScale > 0 && viewScale <= 1, "PaintSession: viewScale must be in (0, 1]");
    mask_ = cv::Mat::zeros(image.size(), CV_8UC1);
}

int PaintSession::defaultBrush(cv::Size size)
{
    return std::min(std::max(std::min(size.width, size.height) / 60, 3), kMaxBrush);
}

cv::Point PaintSession::toImage(int x, int y) const
{
    return cv::Point(cvFloor(x / scale_), cvFloor(y / scale_));
}

bool PaintSession::onPanel(int x, int y) const
{
    const cv::Point p = toImage(x, y);
    return x >= 0 && y >= 0 && p.x < image_.cols && p.y < image_.rows;
}

void PaintSession::pushUndo()
{
    undo_.push_back(mask_.clone());
    if (undo_.size() > kMaxUndo)
        undo_.pop_front();
}

void PaintSession::paintTo(const cv::Point& p)
{
    // A thick line from the previous point keeps the stroke continuous however sparse the motion
    // events are (X servers coalesce them when the pointer moves fast). OpenCV's thick lines end
    // in round caps of radius thickness/2, so thickness 2r sweeps the brush disc of radius r.
    cv::line(mask_, last_, p, cv::Scalar(stroke_ > 0 ? 255 : 0), 2 * brush_, cv::LINE_8);
    cv::circle(mask_, p, brush_, cv::Scalar(stroke_ > 0 ? 255 : 0), cv::FILLED, cv::LINE_8);
    last_ = p;
}

bool PaintSession::onMouse(int event, int x, int y, int flags)
{
    const bool inside = onPanel(x, y);
    const cv::Point p = toImage(x, y);
    const cv::Point oldPointer = pointer_;
    pointer_ = inside ? p : cv::Point(-1, -1);
    bool changed = pointer_ != oldPointer;

    if (event == LBUTTON_DOWN || event == RBUTTON_DOWN)
    {
        if (!inside)
            return changed;
        pushUndo();
        stroke_ = event == LBUTTON_DOWN ? 255 : -1;
        last_ = p;
        paintTo(p);
        return true;
    }
    if (event == LBUTTON_UP || event == RBUTTON_UP)
    {
        stroke_ = 0;
        return changed;
    }
    if (event == MOUSE_MOVE && stroke_ != 0)
    {
        // A release outside the window never arrives: a move without the stroke's button ends it.
        const int button = stroke_ > 0 ? FLAG_LBUTTON : FLAG_RBUTTON;
        if (!(flags & button))
        {
            stroke_ = 0;
            return changed;
        }
        // Off the panel the stroke continues along the clamped position, as in paint programs.
        const cv::Point clamped(std::min(std::max(p.x, 0), image_.cols - 1), std::min(std::max(p.y, 0), image_.rows - 1));
        paintTo(clamped);
        return true;
    }
    return changed;
}

PaintSession::Action PaintSession::onKey(int key)
{
    if (key < 0)
        return NONE;
    key &= 0xFF;
    // Some highgui backends report letters upper-case.
    const int c = std::tolower(key);
    switch (c)
    {
    case 'q':
    case 27: // Esc
        return QUIT;
    case ' ':
    case '\r':
    case '\n':
        return FILL;
    case 's':
        return SAVE;
    case '[':
        brush_ = std::max(kMinBrush, brush_ - std::max(1, brush_ / 5));
        return REDRAW;
    case ']':
        brush_ = std::min(kMaxBrush, brush_ + std::max(1, brush_ / 4));
        return REDRAW;
    case 'u':
        if (undo_.empty())
            return NONE;
        mask_ = undo_.back();
        undo_.pop_back();
        stroke_ = 0;
        return REDRAW;
    case 'c':
        if (cv::countNonZero(mask_) == 0)
            return NONE;
        pushUndo();
        mask_.setTo(0);
        return REDRAW;
    default:
        break;
    }
    if (c >= '1' && c <= '9')
    {
        const size_t index = (size_t)(c - '1');
        if (index < methods_.size() && methods_[index] != method_)
        {
            method_ = methods_[index];
            return REDRAW;
        }
    }
    return NONE;
}

void PaintSession::setResult(const cv::Mat& result)
{
    CV_CheckEQ(result.size(), image_.size(), "PaintSession::setResult: result size must equal the image's");
    result_ = result;
    resultMask_ = mask_.clone();
    resultMethod_ = method_;
}

bool PaintSession::resultIsCurrent() const
{
    if (result_.empty() || resultMethod_ != method_)
        return false;
    cv::Mat differs;
    cv::compare(mask_, resultMask_, differs, cv::CMP_NE);
    return cv::countNonZero(differs) == 0;
}

std::string PaintSession::statusLine() const
{
    std::string keys;
    for (size_t i = 0; i < methods_.size() && i < 9; i++)
    {
        const std::string name = cv::inpainting::methodName(methods_[i]);
        keys += cv::format("%s%d %s", i ? "  " : "", (int)i + 1, methods_[i] == method_ ? ("[" + name + "]").c_str() : name.c_str());
    }
    return keys + cv::format("   |  brush %d  |  hole %.1f%%", brush_, 100.0 * cv::inpainting::holeRatio(mask_));
}

namespace {

// Writes one line of text, shrunk to fit the width (a small photo gives a narrow window).
void putFittedText(cv::Mat& img, const std::string& text, cv::Point origin, double scale, const cv::Scalar& colour)
{
    int baseline = 0;
    const int width = cv::getTextSize(text, cv::FONT_HERSHEY_SIMPLEX, scale, 1, &baseline).width;
    const int room = img.cols - origin.x - 4;
    if (width > room && room > 0)
        scale *= (double)room / width;
    cv::putText(img, text, origin, cv::FONT_HERSHEY_SIMPLEX, scale, colour, 1, cv::LINE_AA);
}

} // namespace

cv::Mat PaintSession::render() const
{
    // Left: the photo with the hole tinted red (half transparent, so the user sees what goes).
    cv::Mat left = image_.clone();
    cv::Mat tint(image_.size(), CV_8UC3, cv::Scalar(40, 40, 230));
    cv::Mat blended;
    cv::addWeighted(image_, 0.45, tint, 0.55, 0, blended);
    blended.copyTo(left, mask_);

    // Right: the last fill, or the photo dimmed until there is one.
    cv::Mat right;
    if (!result_.empty())
        right = result_.clone();
    else
        image_.convertTo(right, -1, 0.35, 0);

    cv::Mat panels;
    cv::hconcat(left, right, panels);
    cv::Mat view;
    if (scale_ < 1)
        cv::resize(panels, view, cv::Size(), scale_, scale_, cv::INTER_AREA);
    else
        view = panels;

    const double fontScale = 0.45;
    const cv::Scalar white(255, 255, 255), yellow(80, 230, 255);
    if (pointer_.x >= 0)
        cv::circle(view, cv::Point(cvRound(pointer_.x * scale_), cvRound(pointer_.y * scale_)),
                   std::max(1, cvRound(brush_ * scale_)), white, 1, cv::LINE_AA);
    const int half = view.cols / 2;
    const std::string label = result_.empty() ? "space/enter: fill"
                            : resultIsCurrent() ? "result (" + cv::inpainting::methodName(resultMethod_) + ")"
                            : "result (" + cv::inpainting::methodName(resultMethod_) + ", outdated: press space)";
    cv::putText(view, label, cv::Point(half + 8, 20), cv::FONT_HERSHEY_SIMPLEX, fontScale, cv::Scalar(0, 0, 0), 3, cv::LINE_AA);
    cv::putText(view, label, cv::Point(half + 8, 20), cv::FONT_HERSHEY_SIMPLEX, fontScale,
                resultIsCurrent() || result_.empty() ? white : yellow, 1, cv::LINE_AA);

    cv::Mat bar(kStatusHeight, view.cols, CV_8UC3, cv::Scalar(48, 48, 48));
    putFittedText(bar, statusLine(), cv::Point(8, 17), fontScale, white);
    putFittedText(bar, "paint: left drag, erase: right drag   [ ] brush   u undo   c clear   1-9 method   space fill   s save   q quit",
                  cv::Point(8, 37), fontScale * 0.9, cv::Scalar(190, 190, 190));
    cv::Mat out;
    cv::vconcat(view, bar, out);
    return out;
}

} // namespace inpainting_samples
