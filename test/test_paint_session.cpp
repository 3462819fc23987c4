// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

// The interactive demo's state machine (samples/common/paint_session.hpp) driven by synthetic
// highgui events: strokes land where the pointer went, the view scale maps view to image pixels,
// undo/clear/brush/method keys do what the help says. Only in the standalone build (the samples
// are not part of an OpenCV build).

#include "test_precomp.hpp"

#ifdef INPAINTING_HAVE_SAMPLE_COMMON

#include "paint_session.hpp"

namespace opencv_test_inpainting {
namespace {

using namespace cv;
using inpainting_samples::PaintSession;

Mat testImage(Size size = Size(200, 150))
{
    Mat image(size, CV_8UC3);
    randu(image, Scalar::all(0), Scalar::all(255));
    return image;
}

const std::vector<int> kMethods = { inpainting::INPAINT_TELEA, inpainting::INPAINT_NS };

// Every pixel within `radius` of the segment a-b (the brush swept along it), computed plainly.
Mat sweptDisc(Size size, Point2d a, Point2d b, double radius)
{
    Mat expected = Mat::zeros(size, CV_8UC1);
    const Point2d d = b - a;
    const double len2 = d.dot(d);
    for (int y = 0; y < size.height; y++)
        for (int x = 0; x < size.width; x++)
        {
            const Point2d p(x, y);
            const double t = len2 > 0 ? std::min(1.0, std::max(0.0, (p - a).dot(d) / len2)) : 0.0;
            const Point2d q = a + t * d;
            if (std::hypot(p.x - q.x, p.y - q.y) <= radius)
                expected.at<uchar>(y, x) = 255;
        }
    return expected;
}

// Pixels set in `a` but not in `b`.
int countOutside(const Mat& a, const Mat& b)
{
    Mat diff;
    subtract(a, b, diff);
    return countNonZero(diff);
}

} // namespace

TEST(Inpainting_PaintSession, stroke_paints_the_swept_brush_and_nothing_else)
{
    PaintSession s(testImage(), kMethods, inpainting::INPAINT_TELEA, 1.0, 6);
    EXPECT_FALSE(s.painting());
    EXPECT_TRUE(s.onMouse(PaintSession::LBUTTON_DOWN, 30, 40, PaintSession::FLAG_LBUTTON));
    EXPECT_TRUE(s.painting());
    for (int x = 40; x <= 150; x += 10)
        EXPECT_TRUE(s.onMouse(PaintSession::MOUSE_MOVE, x, 40 + (x - 30) / 2, PaintSession::FLAG_LBUTTON));
    s.onMouse(PaintSession::LBUTTON_UP, 150, 100, 0);
    EXPECT_FALSE(s.painting());

    const Mat& mask = s.mask();
    ASSERT_EQ(mask.type(), CV_8UC1);
    ASSERT_EQ(mask.size(), Size(200, 150));
    // Rasterisation may differ from the exact disc by a pixel at the rim: compare with the swept
    // disc one pixel smaller (all of it must be painted) and one pixel larger (nothing beyond it).
    const Mat inner = sweptDisc(mask.size(), Point2d(30, 40), Point2d(150, 100), 6 - 1.0);
    const Mat outer = sweptDisc(mask.size(), Point2d(30, 40), Point2d(150, 100), 6 + 1.5);
    EXPECT_EQ(countOutside(inner, mask), 0);
    EXPECT_EQ(countOutside(mask, outer), 0);
    EXPECT_EQ(countNonZero(mask == 0) + countNonZero(mask == 255), (int)mask.total()); // binary
    EXPECT_EQ(s.undoDepth(), 1u);
}

TEST(Inpainting_PaintSession, view_scale_maps_view_pixels_to_image_pixels)
{
    PaintSession s(testImage(Size(400, 300)), kMethods, inpainting::INPAINT_TELEA, 0.5, 4);
    s.onMouse(PaintSession::LBUTTON_DOWN, 50, 60, PaintSession::FLAG_LBUTTON);
    s.onMouse(PaintSession::LBUTTON_UP, 50, 60, 0);
    const Mat& mask = s.mask();
    EXPECT_EQ(mask.at<uchar>(120, 100), 255);
    EXPECT_EQ(mask.at<uchar>(60, 50), 0);
    Rect box = boundingRect(mask);
    EXPECT_EQ(box, Rect(96, 116, 9, 9));
    // The view is both panels at half size plus the status bar.
    const Mat view = s.render();
    EXPECT_EQ(view.cols, 400);
    EXPECT_EQ(view.rows, 150 + PaintSession::kStatusHeight);
    EXPECT_EQ(view.type(), CV_8UC3);
}

TEST(Inpainting_PaintSession, result_panel_and_outside_clicks_do_not_paint)
{
    PaintSession s(testImage(), kMethods, inpainting::INPAINT_TELEA, 1.0, 5);
    s.onMouse(PaintSession::LBUTTON_DOWN, 250, 50, PaintSession::FLAG_LBUTTON); // right panel
    s.onMouse(PaintSession::MOUSE_MOVE, 260, 60, PaintSession::FLAG_LBUTTON);
    s.onMouse(PaintSession::LBUTTON_UP, 260, 60, 0);
    s.onMouse(PaintSession::LBUTTON_DOWN, 50, 170, PaintSession::FLAG_LBUTTON); // status bar
    s.onMouse(PaintSession::LBUTTON_DOWN, -3, 20, PaintSession::FLAG_LBUTTON);
    EXPECT_EQ(countNonZero(s.mask()), 0);
    EXPECT_EQ(s.undoDepth(), 0u);
    // A stroke that leaves the panel continues along its edge and stops with the button.
    s.onMouse(PaintSession::LBUTTON_DOWN, 180, 20, PaintSession::FLAG_LBUTTON);
    s.onMouse(PaintSession::MOUSE_MOVE, 260, 20, PaintSession::FLAG_LBUTTON);
    EXPECT_EQ(s.mask().at<uchar>(20, 199), 255);
    s.onMouse(PaintSession::MOUSE_MOVE, 100, 120, 0); // button released outside the window
    EXPECT_FALSE(s.painting());
    EXPECT_EQ(s.mask().at<uchar>(120, 100), 0);
}

TEST(Inpainting_PaintSession, right_button_erases)
{
    PaintSession s(testImage(), kMethods, inpainting::INPAINT_TELEA, 1.0, 10);
    s.onMouse(PaintSession::LBUTTON_DOWN, 50, 50, PaintSession::FLAG_LBUTTON);
    s.onMouse(PaintSession::MOUSE_MOVE, 120, 50, PaintSession::FLAG_LBUTTON);
    s.onMouse(PaintSession::LBUTTON_UP, 120, 50, 0);
    EXPECT_EQ(s.mask().at<uchar>(50, 85), 255);
    s.onKey(']'); // 10 -> 12
    s.onMouse(PaintSession::RBUTTON_DOWN, 85, 50, PaintSession::FLAG_RBUTTON);
    s.onMouse(PaintSession::RBUTTON_UP, 85, 50, 0);
    EXPECT_EQ(s.mask().at<uchar>(50, 85), 0);
    EXPECT_EQ(s.mask().at<uchar>(50, 85 + 12), 0);
    EXPECT_EQ(s.mask().at<uchar>(50, 85 + 14), 255);
    EXPECT_EQ(s.mask().at<uchar>(50, 60), 255);
    EXPECT_EQ(s.undoDepth(), 2u);
}

TEST(Inpainting_PaintSession, undo_and_clear)
{
    PaintSession s(testImage(), kMethods, inpainting::INPAINT_TELEA, 1.0, 4);
    EXPECT_EQ(s.onKey('u'), PaintSession::NONE); // nothing to undo
    EXPECT_EQ(s.onKey('c'), PaintSession::NONE); // nothing to clear
    s.onMouse(PaintSession::LBUTTON_DOWN, 20, 20, PaintSession::FLAG_LBUTTON);
    s.onMouse(PaintSession::LBUTTON_UP, 20, 20, 0);
    const Mat first = s.mask().clone();
    s.onMouse(PaintSession::LBUTTON_DOWN, 100, 100, PaintSession::FLAG_LBUTTON);
    s.onMouse(PaintSession::LBUTTON_UP, 100, 100, 0);
    EXPECT_GT(countNonZero(s.mask()), countNonZero(first));
    EXPECT_EQ(s.onKey('c'), PaintSession::REDRAW);
    EXPECT_EQ(countNonZero(s.mask()), 0);
    EXPECT_EQ(s.onKey('u'), PaintSession::REDRAW); // undo the clear
    EXPECT_EQ(s.mask().at<uchar>(100, 100), 255);
    EXPECT_EQ(s.onKey('U'), PaintSession::REDRAW); // undo the second stroke (upper case from some backends)
    EXPECT_EQ(maxAbsDiff(s.mask(), first), 0.0);
    EXPECT_EQ(s.onKey('u'), PaintSession::REDRAW);
    EXPECT_EQ(countNonZero(s.mask()), 0);
    EXPECT_EQ(s.onKey('u'), PaintSession::NONE);
    // The history is bounded.
    for (int i = 0; i < 50; i++)
    {
        s.onMouse(PaintSession::LBUTTON_DOWN, i, 10, PaintSession::FLAG_LBUTTON);
        s.onMouse(PaintSession::LBUTTON_UP, i, 10, 0);
    }
    EXPECT_EQ(s.undoDepth(), PaintSession::kMaxUndo);
}

TEST(Inpainting_PaintSession, brush_keys_stay_in_range)
{
    PaintSession s(testImage(), kMethods, inpainting::INPAINT_TELEA, 1.0, 8);
    EXPECT_EQ(s.onKey(']'), PaintSession::REDRAW);
    EXPECT_EQ(s.brushRadius(), 10);
    EXPECT_EQ(s.onKey('['), PaintSession::REDRAW);
    EXPECT_EQ(s.brushRadius(), 8);
    for (int i = 0; i < 100; i++)
        s.onKey('[');
    EXPECT_EQ(s.brushRadius(), PaintSession::kMinBrush);
    for (int i = 0; i < 100; i++)
        s.onKey(']');
    EXPECT_EQ(s.brushRadius(), PaintSession::kMaxBrush);
    EXPECT_EQ(PaintSession::defaultBrush(Size(600, 480)), 8);
    EXPECT_EQ(PaintSession::defaultBrush(Size(32, 32)), 3);
}

TEST(Inpainting_PaintSession, keys_map_to_actions_and_methods)
{
    PaintSession s(testImage(), kMethods, inpainting::INPAINT_TELEA, 1.0, 4);
    EXPECT_EQ(s.onKey(-1), PaintSession::NONE); // waitKey timeout
    EXPECT_EQ(s.onKey('q'), PaintSession::QUIT);
    EXPECT_EQ(s.onKey('Q'), PaintSession::QUIT);
    EXPECT_EQ(s.onKey(27), PaintSession::QUIT);
    EXPECT_EQ(s.onKey(' '), PaintSession::FILL);
    EXPECT_EQ(s.onKey(13), PaintSession::FILL);
    EXPECT_EQ(s.onKey(10), PaintSession::FILL);
    EXPECT_EQ(s.onKey(0xFF0D), PaintSession::FILL); // GTK/Qt native Return code, as waitKeyEx gives it
    EXPECT_EQ(s.onKey('s'), PaintSession::SAVE);
    EXPECT_EQ(s.onKey('x'), PaintSession::NONE);
    EXPECT_EQ(s.method(), inpainting::INPAINT_TELEA);
    EXPECT_EQ(s.onKey('2'), PaintSession::REDRAW);
    EXPECT_EQ(s.method(), inpainting::INPAINT_NS);
    EXPECT_EQ(s.onKey('2'), PaintSession::NONE); // already selected
    EXPECT_EQ(s.onKey('3'), PaintSession::NONE); // no third method
    EXPECT_EQ(s.method(), inpainting::INPAINT_NS);
    EXPECT_EQ(s.onKey('1'), PaintSession::REDRAW);
    EXPECT_EQ(s.method(), inpainting::INPAINT_TELEA);
    EXPECT_NE(s.statusLine().find("[telea]"), std::string::npos) << s.statusLine();
    EXPECT_NE(s.statusLine().find("2 ns"), std::string::npos) << s.statusLine();
}

TEST(Inpainting_PaintSession, result_is_current_until_mask_or_method_changes)
{
    const Mat image = testImage();
    PaintSession s(image, kMethods, inpainting::INPAINT_TELEA, 1.0, 5);
    EXPECT_FALSE(s.resultIsCurrent());
    s.onMouse(PaintSession::LBUTTON_DOWN, 60, 60, PaintSession::FLAG_LBUTTON);
    s.onMouse(PaintSession::LBUTTON_UP, 60, 60, 0);
    Mat filled;
    inpainting::inpaint(image, s.mask(), filled, s.method());
    s.setResult(filled);
    EXPECT_TRUE(s.resultIsCurrent());
    s.onKey('2');
    EXPECT_FALSE(s.resultIsCurrent());
    s.onKey('1');
    EXPECT_TRUE(s.resultIsCurrent());
    s.onMouse(PaintSession::LBUTTON_DOWN, 120, 60, PaintSession::FLAG_LBUTTON);
    s.onMouse(PaintSession::LBUTTON_UP, 120, 60, 0);
    EXPECT_FALSE(s.resultIsCurrent());
    s.onKey('u');
    EXPECT_TRUE(s.resultIsCurrent());
    // The right half of the view shows the result.
    const Mat view = s.render();
    EXPECT_EQ(maxAbsDiff(view(Rect(200 + 100, 40, 100, 110)), filled(Rect(100, 40, 100, 110))), 0.0);
}

TEST(Inpainting_PaintSession, bad_arguments_raise)
{
    const Mat image = testImage();
    EXPECT_THROW(PaintSession(Mat(10, 10, CV_8UC1), kMethods, inpainting::INPAINT_TELEA, 1.0, 3), cv::Exception);
    EXPECT_THROW(PaintSession(image, {}, inpainting::INPAINT_TELEA, 1.0, 3), cv::Exception);
    EXPECT_THROW(PaintSession(image, kMethods, inpainting::INPAINT_SHIFTMAP, 1.0, 3), cv::Exception);
    EXPECT_THROW(PaintSession(image, kMethods, inpainting::INPAINT_TELEA, 0.0, 3), cv::Exception);
    PaintSession s(image, kMethods, inpainting::INPAINT_TELEA, 1.0, 3);
    EXPECT_THROW(s.setResult(Mat(5, 5, CV_8UC3)), cv::Exception);
}

} // namespace opencv_test_inpainting

#endif
