// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

// Paint a hole over a photo with the mouse and watch each method fill it:
//   inpaint_interactive --image=photo.jpg [--method=telea] [--output=P] [--mask-output=P] [--model=P]
//
//   left drag      paint the hole          right drag   erase
//   [  ]           brush smaller / larger  u            undo the last stroke or clear
//   c              clear the hole          1..9         choose a method (listed in the status bar)
//   space, enter   fill                    s            save result and mask (fills first if needed)
//   q, Esc         quit
//
// The window shows the photo (hole tinted) beside the last fill. All state and event handling is
// in PaintSession (samples/common), which the unit tests drive without a display; this file only
// connects it to highgui.

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "opencv2/core/utility.hpp"
#include "opencv2/highgui.hpp"
#include "opencv2/imgcodecs.hpp"
#include "opencv2/inpainting.hpp"
#include "paint_session.hpp"
#include "sample_common.hpp"

using namespace inpainting_samples;
namespace inp = cv::inpainting;

static_assert((int)PaintSession::MOUSE_MOVE == (int)cv::EVENT_MOUSEMOVE &&
              (int)PaintSession::LBUTTON_DOWN == (int)cv::EVENT_LBUTTONDOWN &&
              (int)PaintSession::RBUTTON_DOWN == (int)cv::EVENT_RBUTTONDOWN &&
              (int)PaintSession::LBUTTON_UP == (int)cv::EVENT_LBUTTONUP &&
              (int)PaintSession::RBUTTON_UP == (int)cv::EVENT_RBUTTONUP &&
              (int)PaintSession::FLAG_LBUTTON == (int)cv::EVENT_FLAG_LBUTTON &&
              (int)PaintSession::FLAG_RBUTTON == (int)cv::EVENT_FLAG_RBUTTON,
              "PaintSession's mouse codes must equal highgui's");

static const char* const keys =
    "{help h usage ? |       | print this message }"
    "{image          |       | photo to paint on (read as 8-bit BGR) }"
    "{output         |       | where s saves the result (default: <image name>_inpainted.png in the current folder) }"
    "{mask-output    |       | where s saves the mask, 255 = hole (default: <image name>_mask.png) }"
    "{method         | telea | method selected at start: telea, ns, shiftmap, fsr_fast, fsr_best, pconv, patchmatch }"
    "{model          |       | ONNX model for pconv (default: the embedded model) }"
    "{brush          | 0     | initial brush radius in image pixels (0: 1/60 of the shorter side) }"
    "{max-width      | 1600  | widest window in pixels; larger photos are shown scaled down (painting stays full-size) }"
    "{max-height     | 900   | tallest window in pixels }";

static const char* const kWindow = "inpaint_interactive";

namespace {

struct Demo
{
    PaintSession* session = nullptr;
    bool dirty = true;
};

void onMouse(int event, int x, int y, int flags, void* userdata)
{
    Demo* demo = static_cast<Demo*>(userdata);
    if (demo->session->onMouse(event, x, y, flags))
        demo->dirty = true;
}

std::string defaultOutput(const std::string& image, const std::string& suffix)
{
    return std::filesystem::path(image).stem().string() + suffix;
}

bool windowOpen()
{
    try
    {
        return cv::getWindowProperty(kWindow, cv::WND_PROP_VISIBLE) > 0;
    }
    catch (const cv::Exception&)
    {
        return false;
    }
}

} // namespace

int main(int argc, char** argv)
{
    cv::CommandLineParser parser(argc, argv, keys);
    parser.about("Paint a hole with the mouse and fill it with the opencv_inpainting methods.");
    if (parser.has("help"))
    {
        parser.printMessage();
        return 0;
    }
    return runGuarded("inpaint_interactive", [&]() {
        const std::string imagePath = parser.get<std::string>("image");
        std::string outputPath = parser.get<std::string>("output");
        std::string maskPath = parser.get<std::string>("mask-output");
        const std::string methodArg = parser.get<std::string>("method");
        const std::string model = parser.get<std::string>("model");
        const int brush = parser.get<int>("brush");
        const int maxWidth = parser.get<int>("max-width");
        const int maxHeight = parser.get<int>("max-height");
        if (!parser.check())
            fail("invalid arguments (see --help)");
        if (brush < 0 || brush > PaintSession::kMaxBrush)
            fail(cv::format("--brush must be in [0, %d]", PaintSession::kMaxBrush));
        if (maxWidth < 64 || maxHeight < 64)
            fail("--max-width and --max-height must be at least 64");
        const int initialMethod = inp::methodFromName(methodArg);
        if (!model.empty() && !std::filesystem::exists(model))
            fail("--model: file not found: " + model);

        const cv::Mat image = readImage(imagePath, cv::IMREAD_COLOR, "image");
        if (outputPath.empty())
            outputPath = defaultOutput(imagePath, "_inpainted.png");
        if (maskPath.empty())
            maskPath = defaultOutput(imagePath, "_mask.png");
        if (outputPath == maskPath)
            fail("--output and --mask-output must differ");

        MethodRunner runner(model);
        // A bad model is bad input: refused now with exit 2, not at the first fill in the window.
        runner.loadModel();
        const std::vector<int> methods = availableMethods(runner.hasModel());
        if (std::find(methods.begin(), methods.end(), initialMethod) == methods.end())
            fail("--method: '" + methodArg + "' is not available in this build");

        // Without a display the Qt backend aborts the process; say what is missing instead.
        if (!std::getenv("DISPLAY") && !std::getenv("WAYLAND_DISPLAY"))
            fail("no display: set DISPLAY (or run under xvfb-run for a virtual one)");

        const double scale = std::min({ 1.0, (double)maxWidth / (2 * image.cols), (double)maxHeight / image.rows });
        PaintSession session(image, methods, initialMethod, scale, brush > 0 ? brush : PaintSession::defaultBrush(image.size()));
        Demo demo;
        demo.session = &session;

        cv::namedWindow(kWindow, cv::WINDOW_AUTOSIZE | cv::WINDOW_GUI_NORMAL);
        cv::setMouseCallback(kWindow, onMouse, &demo);
        std::cout << "inpaint_interactive: " << imagePath << " (" << image.cols << "x" << image.rows
                  << "), view scale " << cv::format("%.3g", scale) << "; methods:";
        for (size_t i = 0; i < methods.size(); i++)
            std::cout << " " << i + 1 << "=" << inp::methodName(methods[i]);
        std::cout << std::endl;

        auto fill = [&]() -> bool {
            const int64 start = cv::getTickCount();
            try
            {
                cv::Mat result;
                runner.run(session.method(), image, session.mask(), result);
                session.setResult(result);
            }
            catch (const cv::Exception& e)
            {
                std::cerr << "inpaint_interactive: " << inp::methodName(session.method()) << " failed: "
                          << (e.err.empty() ? e.what() : e.err) << std::endl;
                return false;
            }
            catch (const std::exception& e)
            {
                std::cerr << "inpaint_interactive: " << inp::methodName(session.method()) << " failed: " << e.what() << std::endl;
                return false;
            }
            std::cout << "filled " << cv::format("%.1f%%", 100.0 * inp::holeRatio(session.mask())) << " with "
                      << inp::methodName(session.method()) << " in "
                      << cv::format("%.0f ms", 1000.0 * (cv::getTickCount() - start) / cv::getTickFrequency()) << std::endl;
            return true;
        };

        bool shown = false;
        for (;;)
        {
            if (demo.dirty)
            {
                cv::imshow(kWindow, session.render());
                demo.dirty = false;
                shown = true;
            }
            const int key = cv::waitKey(15);
            if (shown && !windowOpen())
                break; // closed by the window manager
            const PaintSession::Action action = session.onKey(key);
            if (action == PaintSession::QUIT)
                break;
            if (action == PaintSession::REDRAW)
                demo.dirty = true;
            if (action == PaintSession::FILL || (action == PaintSession::SAVE && !session.resultIsCurrent()))
            {
                fill();
                demo.dirty = true;
            }
            if (action == PaintSession::SAVE && session.resultIsCurrent())
            {
                try
                {
                    writeImageAtomic(maskPath, session.mask());
                    writeImageAtomic(outputPath, session.result());
                    std::cout << "saved " << outputPath << " and " << maskPath << std::endl;
                }
                catch (const std::exception& e)
                {
                    std::cerr << "inpaint_interactive: " << e.what() << std::endl;
                }
            }
        }
        cv::destroyAllWindows();
        return 0;
    });
}
