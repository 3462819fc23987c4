// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

// The interactive demo driven end to end on a virtual X server (Xvfb) with xdotool, by
// test/xvfb_drive_interactive.sh: real window, real mouse and key events. The script makes one
// stroke with the brush one step larger, picks method 2 (ns), fills and saves; this test checks
// what the demo saved. Reported as SKIPPED only when Xvfb or xdotool is not installed.

#include "test_precomp.hpp"

#if defined(INPAINTING_HAVE_INTERACTIVE_DEMO) && defined(INPAINTING_SOURCE_DIR)

#include <algorithm>
#include <filesystem>

namespace opencv_test_inpainting {

using namespace cv;
namespace fs = std::filesystem;

TEST(Inpainting_Interactive, xvfb_paint_fill_save)
{
    const std::string demo = binaryPath("inpaint_interactive");
    ASSERT_TRUE(fs::exists(demo)) << demo;
    const std::string dir = makeTempDir("interactive");
    const Mat photo0 = loadSamplePhoto("fruits.jpg");
    ASSERT_FALSE(photo0.empty());
    Mat photo;
    resize(photo0, photo, Size(320, 240), 0, 0, INTER_AREA);
    ASSERT_TRUE(imwrite(dir + "/in.png", photo));

    std::string out;
    const int rc = runCommand("timeout 180 " + std::string(INPAINTING_SOURCE_DIR) + "/test/xvfb_drive_interactive.sh " +
                              demo + " " + dir + "/in.png " + dir + "/run", out);
    if (rc == 77)
        GTEST_SKIP() << out;
    ASSERT_EQ(rc, 0) << out;
    const Mat mask = imread(dir + "/run/mask.png", IMREAD_UNCHANGED);
    const Mat result = imread(dir + "/run/result.png", IMREAD_UNCHANGED);
    ASSERT_EQ(mask.type(), CV_8UC1) << out;
    ASSERT_EQ(mask.size(), photo.size());
    ASSERT_EQ(result.type(), CV_8UC3);
    ASSERT_EQ(result.size(), photo.size());

    // The stroke: window pixels (60,100)-(200,100), brush 8 made 10 by "]". The image starts at
    // the window's corner (no toolbar with WINDOW_GUI_NORMAL, view scale 1); allow a few pixels
    // of offset in case a backend adds a frame, but the stroke's shape must be exact.
    const int radius = 10;
    const Rect box = boundingRect(mask);
    const Point offset = box.tl() - Point(60 - radius, 100 - radius);
    ASSERT_LE(std::abs(offset.x) + std::abs(offset.y), 4) << "stroke at " << box << "\n" << out;
    EXPECT_EQ(box.size(), Size(200 - 60 + 2 * radius + 1, 2 * radius + 1)) << "brush key ] not applied?\n" << out;
    Mat expected = Mat::zeros(mask.size(), CV_8UC1);
    for (int y = 0; y < mask.rows; y++)
        for (int x = 0; x < mask.cols; x++)
        {
            const double px = x - offset.x, py = y - offset.y;
            const double cx = std::min(200.0, std::max(60.0, px));
            if (std::hypot(px - cx, py - 100) <= radius - 1.0)
                expected.at<uchar>(y, x) = 255;
        }
    Mat missing;
    subtract(expected, mask, missing);
    EXPECT_EQ(countNonZero(missing), 0) << "painted stroke has gaps";
    EXPECT_EQ(countNonZero(mask == 0) + countNonZero(mask == 255), (int)mask.total());

    // Known pixels untouched; the fill is the method picked with key "2" (ns), on this very mask.
    Mat known, changed;
    bitwise_not(mask, known);
    EXPECT_EQ(norm(result, photo, NORM_INF, known), 0.0);
    Mat ns, telea;
    inpainting::inpaint(photo, mask, ns, inpainting::INPAINT_NS);
    inpainting::inpaint(photo, mask, telea, inpainting::INPAINT_TELEA);
    EXPECT_EQ(maxAbsDiff(result, ns), 0.0) << "method key 2 not applied?\n" << out;
    // A plausible fill: near Telea's on the same hole and near the photo that was painted over.
    const double holePixels = countNonZero(mask) * 3.0;
    EXPECT_LT(norm(result, telea, NORM_L1, mask) / holePixels, 8.0);
    const inpainting::InpaintingMetrics q = inpainting::evaluate(result, photo, mask);
    EXPECT_GT(q.psnrHole, 20.0);
    EXPECT_GT(norm(result, photo, NORM_INF, mask), 0.0); // the hole was really filled, not copied
    fs::remove_all(dir);
}

TEST(Inpainting_Interactive, bad_input_exits_2_with_one_line)
{
    const std::string dir = makeTempDir("interactive_bad");
    imwrite(dir + "/in.png", Mat(32, 32, CV_8UC3, Scalar::all(90)));
    const std::string bin = binaryPath("inpaint_interactive");
    const std::string ok = " --image=" + dir + "/in.png";
    // Arguments are checked before any window is opened; DISPLAY is unset so that nothing could
    // open one anyway (and the last case checks the message for a missing display).
    const struct { std::string args, expect; } cases[] = {
        { "", "--image is required" },
        { " --image=" + dir + "/missing.png", "file not found" },
        { ok + " --method=bogus", "unknown method 'bogus'" },
        { ok + " --brush=-1", "--brush must be in" },
        { ok + " --model=" + dir + "/missing.onnx", "--model: file not found" },
        { ok + " --max-width=10", "--max-width" },
        { ok + " --output=" + dir + "/same.png --mask-output=" + dir + "/same.png", "must differ" },
        { ok, "no display" },
    };
    for (const auto& c : cases)
    {
        std::string out;
        EXPECT_EQ(runCommand("env -u DISPLAY -u WAYLAND_DISPLAY " + bin + c.args, out), 2) << c.args << "\n" << out;
        EXPECT_NE(out.find(c.expect), std::string::npos) << c.args << "\n" << out;
        EXPECT_EQ(std::count(out.begin(), out.end(), '\n'), 1) << out;
    }
    fs::remove_all(dir);
}

} // namespace opencv_test_inpainting

#endif
