// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

// Removes a watermark or an object from a clip with what the other frames saw (VideoInpainter):
//   inpaint_video --video=in.avi --mask=logo.png --output=out.avi
//   inpaint_video --video=frames/%04d.png --masks=masks/%04d.png --output=out/%04d.png --window=8
// The clip is streamed: memory grows with --window, not with the clip's length. The output is
// written under a temporary name and renamed into place once the last frame is written.

#include <cctype>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "opencv2/core/utility.hpp"
#include "opencv2/core/utils/logger.hpp"
#include "opencv2/imgcodecs.hpp"
#include "opencv2/imgproc.hpp"
#include "opencv2/inpainting.hpp"
#include "opencv2/videoio.hpp"
#include "frame_pattern.hpp"
#include "sample_common.hpp"

using namespace inpainting_samples;
namespace fs = std::filesystem;

static const char* const keys =
    "{help h usage ? |        | print this message }"
    "{video          |        | input clip: a video file, or an image sequence such as frames/%04d.png }"
    "{mask           |        | static hole mask (one image for every frame); non-zero = hole }"
    "{masks          |        | per-frame masks as a printf pattern, e.g. masks/%04d.png (numbered like the frames) }"
    "{output         |        | output clip: a video file, or an image sequence such as out/%04d.png (lossless with PNG) }"
    "{method         | pconv  | image method for what no frame saw: telea, ns, shiftmap, fsr_fast, fsr_best, pconv or patchmatch }"
    "{window         | 6      | frames looked at before and after each frame (1 to 50) }"
    "{flow-size      | 640    | longer side of the frames the optical flow is estimated on (16 to 8192; smaller is faster) }"
    "{fourcc         |        | codec of a video output (default: FFV1, lossless, for .avi/.mkv; mp4v for .mp4/.mov; MJPG otherwise) }"
    "{fps            | 0      | frame rate of a video output (default: the input's, or 25) }"
    "{quiet q        |        | no progress bar }";

namespace {

// OpenCV's videoio logs every backend that fails to open a file (GStreamer, then the image-sequence
// reader...) as errors; the program reports the one failure that matters itself.
class QuietVideoio
{
public:
    QuietVideoio() : saved_(cv::utils::logging::setLogLevel(cv::utils::logging::LOG_LEVEL_SILENT)) {}
    ~QuietVideoio() { cv::utils::logging::setLogLevel(saved_); }

private:
    cv::utils::logging::LogLevel saved_;
};

bool isPattern(const std::string& path) { return isFramePattern(path); }

void checkPattern(const std::string& pattern, const char* what)
{
    if (!isValidFramePattern(pattern))
        fail(std::string(what) + ": the pattern '" + pattern +
             "' must hold exactly one integer conversion such as %04d (%% for a literal %)");
}

std::string expand(const std::string& pattern, int index)
{
    return cv::format(pattern.c_str(), index);
}

// The first index in [0, 1000] for which the pattern names a file (OpenCV's image-sequence reader
// searches the same way), or -1.
int firstIndex(const std::string& pattern)
{
    for (int i = 0; i <= 1000; i++)
        if (fs::exists(expand(pattern, i)))
            return i;
    return -1;
}

// The input clip: an image sequence is read by imread unchanged (16-bit and float frames keep their
// values; VideoCapture would convert them to 8-bit BGR), anything else by VideoCapture.
class FrameSource
{
public:
    explicit FrameSource(const std::string& path) : path_(path)
    {
        if (path.empty())
            fail("--video is required");
        if (isPattern(path))
        {
            next_ = firstIndex(path);
            if (next_ < 0)
                fail("--video: no file matches the image sequence " + path);
            first_ = next_;
            count_ = 0;
            while (fs::exists(expand(path, next_ + count_)))
                count_++;
            return;
        }
        if (!fs::exists(path))
            fail("--video: file not found: " + path);
        {
            // The file backends only, in OpenCV's order: with CAP_ANY a file that none of them can
            // read is also offered to the camera backends, and gPhoto2's camera autodetection then
            // scans USB (and leaks libusb's device list: the sanitized test run reports it).
            QuietVideoio quiet;
            for (int api : { cv::CAP_FFMPEG, cv::CAP_GSTREAMER, cv::CAP_OPENCV_MJPEG })
                if (capture_.open(path, api))
                    break;
        }
        if (!capture_.isOpened())
            fail("--video: cannot open the video " + path);
        fps_ = capture_.get(cv::CAP_PROP_FPS);
        count_ = (int)capture_.get(cv::CAP_PROP_FRAME_COUNT);
    }

    bool read(cv::Mat& frame)
    {
        if (!isPattern(path_))
            return capture_.read(frame) && !frame.empty();
        const std::string file = expand(path_, next_);
        if (!fs::exists(file))
            return false;
        next_++;
        frame = readImage(file, cv::IMREAD_UNCHANGED, "video");
        return true;
    }

    int firstNumber() const { return first_; }
    int count() const { return count_; }  // <= 0 when the container does not say
    double fps() const { return fps_; }

private:
    std::string path_;
    cv::VideoCapture capture_;
    int next_ = 0, first_ = 0, count_ = 0;
    double fps_ = 0;
};

// The output clip, under temporary names until commit(); whatever was written is removed if the
// program ends before.
class FrameSink
{
public:
    FrameSink(const std::string& path, const std::string& fourcc, double fps) : path_(path), fourcc_(fourcc), fps_(fps)
    {
        if (path.empty())
            fail("--output is required");
        const fs::path dir = fs::path(path).parent_path();
        if (!dir.empty() && !fs::is_directory(dir))
            fail("--output: the folder " + dir.string() + " does not exist");
    }

    ~FrameSink()
    {
        if (committed_)
            return;
        writer_.release();
        std::error_code ec;
        for (const auto& t : temporaries_)
            fs::remove(t.first, ec);
    }

    void write(const cv::Mat& frame)
    {
        if (isPattern(path_))
        {
            const std::string final = expand(path_, (int)temporaries_.size() + firstNumber_);
            const std::string tmp = temporaryName(final);
            bool ok = false;
            try
            {
                ok = cv::imwrite(tmp, frame);
            }
            catch (const cv::Exception&)
            {
                ok = false;
            }
            temporaries_.push_back({ tmp, final });
            if (!ok)
                fail("--output: cannot write " + final + " (unwritable, or the format does not take " +
                     cv::typeToString(frame.type()) + " frames)");
            return;
        }
        if (!writer_.isOpened())
            open(frame);
        writer_.write(frame);
    }

    // Renames everything into place.
    void commit()
    {
        writer_.release();
        for (const auto& t : temporaries_)
        {
            std::error_code ec;
            fs::rename(t.first, t.second, ec);
            if (ec)
                fail("--output: cannot write " + t.second + ": " + ec.message());
        }
        committed_ = true;
    }

    void setFirstNumber(int n) { firstNumber_ = n; }

private:
    void open(const cv::Mat& frame)
    {
        if (frame.depth() != CV_8U || frame.channels() == 4 || frame.channels() == 2)
            fail("--output: a video file takes 8-bit gray or BGR frames, the clip has " +
                 cv::typeToString(frame.type()) + "; write an image sequence such as out/%04d.png");
        const fs::path p(path_);
        std::string ext = p.extension().string();
        for (char& c : ext)
            c = (char)std::tolower((unsigned char)c);
        std::string code = fourcc_;
        if (code.empty())
            code = (ext == ".avi" || ext == ".mkv") ? "FFV1" : (ext == ".mp4" || ext == ".mov") ? "mp4v" : "MJPG";
        if (code.size() != 4)
            fail("--fourcc: expected 4 characters, got '" + code + "'");
        const std::string tmp = temporaryName(path_);
        temporaries_.push_back({ tmp, path_ });
        const int fourcc = cv::VideoWriter::fourcc(code[0], code[1], code[2], code[3]);
        bool ok = false;
        try
        {
            QuietVideoio quiet;
            ok = writer_.open(tmp, fourcc, fps_, frame.size(), frame.channels() == 3);
        }
        catch (const cv::Exception&)
        {
            ok = false;
        }
        if (!ok)
            fail("--output: cannot write " + path_ + " with codec '" + code +
                 "' (the folder is not writable, the codec is not available, or the container does not take it)");
    }

    std::string path_, fourcc_;
    double fps_;
    cv::VideoWriter writer_;
    std::vector<std::pair<std::string, std::string>> temporaries_; // temporary name, final name
    int firstNumber_ = 0;
    bool committed_ = false;
};

// "[#####.....] 12/300 frames  23.4 fps  ETA 0:12" on stderr, redrawn in place.
class Progress
{
public:
    Progress(int total, bool quiet) : total_(total), quiet_(quiet), start_(Clock::now()), last_(start_) {}

    void update(int done, bool final = false)
    {
        if (quiet_)
            return;
        const auto now = Clock::now();
        if (!final && std::chrono::duration<double>(now - last_).count() < 0.25)
            return;
        last_ = now;
        const double elapsed = std::chrono::duration<double>(now - start_).count();
        const double fps = elapsed > 0 ? done / elapsed : 0.0;
        std::string bar;
        if (total_ > 0)
        {
            const int width = 30, filled = std::min(width, (int)((long long)width * done / total_));
            bar = "[" + std::string(filled, '#') + std::string(width - filled, '.') + "] " +
                  cv::format("%d/%d frames", done, total_);
            if (fps > 0 && done < total_)
            {
                const int eta = (int)((total_ - done) / fps + 0.5);
                bar += cv::format("  ETA %d:%02d", eta / 60, eta % 60);
            }
        }
        else
            bar = cv::format("%d frames", done);
        std::cerr << "\r" << bar << cv::format("  %.1f fps", fps) << "   " << (final ? "\n" : "") << std::flush;
    }

    double elapsed() const { return std::chrono::duration<double>(Clock::now() - start_).count(); }

private:
    typedef std::chrono::steady_clock Clock;
    int total_;
    bool quiet_;
    Clock::time_point start_, last_;
};

} // namespace

int main(int argc, char** argv)
{
    cv::CommandLineParser parser(argc, argv, keys);
    parser.about("Fills the holes of a clip with what the other frames saw (flow-guided video inpainting).");
    if (parser.has("help"))
    {
        parser.printMessage();
        return 0;
    }
    return runGuarded("inpaint_video", [&]() {
        const std::string videoPath = parser.get<std::string>("video");
        const std::string maskPath = parser.get<std::string>("mask");
        const std::string masksPattern = parser.get<std::string>("masks");
        const std::string outputPath = parser.get<std::string>("output");
        const std::string methodArg = parser.get<std::string>("method");
        const std::string windowArg = parser.get<std::string>("window");
        const std::string fourcc = parser.get<std::string>("fourcc");
        const std::string flowSizeArg = parser.get<std::string>("flow-size");
        const double fpsArg = parser.get<double>("fps");
        const bool quiet = parser.has("quiet");
        if (!parser.check())
            fail("invalid arguments (see --help)");
        if (maskPath.empty() == masksPattern.empty())
            fail("give either --mask (one static mask) or --masks (a pattern of per-frame masks)");
        if (!masksPattern.empty() && !isPattern(masksPattern))
            fail("--masks: expected a printf pattern such as masks/%04d.png, got " + masksPattern);
        if (!masksPattern.empty())
            checkPattern(masksPattern, "--masks");
        if (isPattern(videoPath))
            checkPattern(videoPath, "--video");
        if (isPattern(outputPath))
            checkPattern(outputPath, "--output");
        char* end = nullptr;
        const long window = std::strtol(windowArg.c_str(), &end, 10);
        if (windowArg.empty() || *end != '\0' || window < 1 || window > 50)
            fail("--window: expected an integer in [1, 50], got '" + windowArg + "'");
        if (!(fpsArg >= 0) || fpsArg > 1000)
            fail("--fps: expected a frame rate in (0, 1000], or 0 for the input's");
        const int method = cv::inpainting::methodFromName(methodArg);

        // Everything that can be checked before reading a frame is checked here.
        const long flowSize = std::strtol(flowSizeArg.c_str(), &end, 10);
        if (flowSizeArg.empty() || *end != '\0' || flowSize < 16 || flowSize > 8192)
            fail("--flow-size: expected an integer in [16, 8192], got '" + flowSizeArg + "'");
        cv::Ptr<cv::inpainting::VideoInpainter> inpainter = cv::inpainting::VideoInpainter::create(method, (int)window);
        inpainter->setFlowMaxSide((int)flowSize);
        FrameSource source(videoPath);
        int maskFirst = 0;
        if (!maskPath.empty())
            inpainter->setMask(readMask(maskPath, "mask"));
        else
        {
            maskFirst = firstIndex(masksPattern);
            if (maskFirst < 0)
                fail("--masks: no file matches the pattern " + masksPattern);
        }
        const double fps = fpsArg > 0 ? fpsArg : (source.fps() > 0 && source.fps() <= 1000 ? source.fps() : 25.0);
        FrameSink sink(outputPath, fourcc, fps);
        sink.setFirstNumber(isPattern(videoPath) ? source.firstNumber() : 0);

        Progress progress(source.count(), quiet);
        int fed = 0, written = 0;
        cv::Mat frame, out;
        while (source.read(frame))
        {
            try
            {
                if (maskPath.empty())
                {
                    const std::string file = expand(masksPattern, maskFirst + fed);
                    if (!fs::exists(file))
                        fail(cv::format("--masks: no mask for frame %d (%s): fewer masks than frames", fed,
                                        file.c_str()));
                    inpainter->feed(frame, readMask(file, "masks"));
                }
                else
                    inpainter->feed(frame);
            }
            catch (const cv::Exception& e)
            {
                fail(cv::format("frame %d: ", fed) + e.err);
            }
            fed++;
            while (inpainter->read(out))
            {
                sink.write(out);
                progress.update(++written);
            }
        }
        if (fed == 0)
            fail("--video: no frames in " + videoPath);
        inpainter->finish();
        while (inpainter->read(out))
        {
            sink.write(out);
            progress.update(++written);
        }
        sink.commit();
        progress.update(written, true);
        const cv::Vec3d sources = inpainter->getFillSources();
        std::cout << "wrote " << outputPath << ": " << written << " frames, "
                  << cv::format("%.1f fps; hole pixels: %.1f%% from other frames, %.1f%% previous fill reused, "
                                "%.1f%% by %s",
                                written / std::max(progress.elapsed(), 1e-9), 100 * sources[0], 100 * sources[1],
                                100 * sources[2], cv::inpainting::methodName(method).c_str())
                  << std::endl;
        return 0;
    });
}
