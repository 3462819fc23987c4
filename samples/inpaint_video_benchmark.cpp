// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

// Video inpainting against per-frame inpainting, on clips with a known truth made from photos:
//   inpaint_video_benchmark --photos=DIR [--count=6] [--frames=24] [--size=640x360] [--window=6]
//                           [--csv=results.csv] [--clip=vtest.avi --picture=before_after.jpg]
// Each photo becomes clips of a camera panning or zooming over it (the truth), covered by a static
// watermark (text, logo, bar) or by a moving object's per-frame masks. Every method fills every
// clip; the table gives the hole PSNR, an SSIM around the hole, a temporal flicker measure and the
// frames per second, all measured in this one run.

#include <chrono>
#include <iostream>
#include <map>
#include <sstream>

#include "opencv2/core/utility.hpp"
#include "opencv2/imgcodecs.hpp"
#include "opencv2/imgproc.hpp"
#include "opencv2/inpainting.hpp"
#include "opencv2/videoio.hpp"
#include "sample_common.hpp"

using namespace inpainting_samples;
using namespace cv;

static const char* const keys =
    "{help h usage ? |         | print this message }"
    "{photos         |         | folder of photos the clips are made from }"
    "{count          | 6       | photos used (the first ones in file-name order) }"
    "{frames         | 24      | frames per clip }"
    "{size           | 640x360 | frame size }"
    "{window         | 6       | VideoInpainter window }"
    "{flow-size      | 640     | VideoInpainter::setFlowMaxSide }"
    "{methods        | video,video_telea,telea,pconv | methods compared: video (VideoInpainter with the embedded model), video_<method> (with another image method), or any per-frame method name }"
    "{csv            |         | also write one line per clip and method here }"
    "{clip           |         | a real clip (e.g. vtest.avi) for a before/after picture with a drawn watermark }"
    "{clip-frames    | 60      | frames of --clip used }"
    "{picture        |         | where to write the before/after picture of --clip }";

namespace {

typedef std::chrono::steady_clock Clock;

struct Clip
{
    std::string name;            // motion/mask
    std::vector<Mat> truth, masks;
};

// The photo scaled to cover `size` with room for the motion, as a float image for sub-pixel warps.
Mat sceneFor(const Mat& photo, Size size, double margin)
{
    const double scale = std::max((size.width * margin) / photo.cols, (size.height * margin) / photo.rows);
    Mat scene;
    resize(photo, scene, Size(), scale, scale, scale > 1 ? INTER_CUBIC : INTER_AREA);
    return scene;
}

// Frame t of a camera over `scene`: "pan" moves 5.7 px right and 1.9 px down per frame (sub-pixel,
// so no copy is exact); "zoom" enlarges by 1% per frame around a slowly drifting centre.
Mat cameraFrame(const Mat& scene, Size size, const std::string& motion, int t, int frames)
{
    Matx23d m;
    if (motion == "pan")
    {
        const double x0 = (scene.cols - size.width - 5.7 * (frames - 1)) / 2, y0 = (scene.rows - size.height - 1.9 * (frames - 1)) / 2;
        m = Matx23d(1, 0, -(x0 + 5.7 * t), 0, 1, -(y0 + 1.9 * t));
    }
    else
    {
        const double s = 1.0 + 0.01 * t; // frame pixels per scene pixel
        const Point2d centre(scene.cols / 2.0 + 1.5 * t, scene.rows / 2.0 + 0.5 * t);
        m = Matx23d(s, 0, size.width / 2.0 - s * centre.x, 0, s, size.height / 2.0 - s * centre.y);
    }
    Mat frame;
    warpAffine(scene, frame, m, size, INTER_CUBIC, BORDER_REFLECT);
    return frame;
}

Mat watermark(Size size, const std::string& kind)
{
    Mat mask = Mat::zeros(size, CV_8UC1);
    const double u = size.height / 360.0;
    if (kind == "text")
        putText(mask, "SAMPLE NEWS 24", Point(size.width - cvRound(330 * u), cvRound(size.height - 24 * u)),
                FONT_HERSHEY_DUPLEX, 1.1 * u, Scalar(255), std::max(2, cvRound(4 * u)), LINE_8);
    else if (kind == "logo")
    {
        const Point c(cvRound(70 * u), cvRound(60 * u));
        circle(mask, c, cvRound(38 * u), Scalar(255), std::max(2, cvRound(8 * u)));
        const std::vector<Point> tri = { c + Point(0, cvRound(-22 * u)), c + Point(cvRound(20 * u), cvRound(16 * u)),
                                         c + Point(cvRound(-20 * u), cvRound(16 * u)) };
        fillConvexPoly(mask, tri, Scalar(255));
    }
    else // bar
        rectangle(mask, Rect(cvRound(size.width * 0.1), cvRound(size.height * 0.78), cvRound(size.width * 0.8),
                             cvRound(28 * u)), Scalar(255), FILLED);
    return mask;
}

// A person-sized blob walking across the frame (per-frame masks).
Mat objectMask(Size size, int t, int frames)
{
    Mat mask = Mat::zeros(size, CV_8UC1);
    const double u = size.height / 360.0;
    const Point c(cvRound(size.width * (0.2 + 0.6 * t / std::max(1, frames - 1))), cvRound(size.height * 0.55));
    ellipse(mask, c, Size(cvRound(30 * u), cvRound(70 * u)), 0, 0, 360, Scalar(255), FILLED);
    circle(mask, c + Point(0, cvRound(-90 * u)), cvRound(22 * u), Scalar(255), FILLED);
    return mask;
}

std::vector<Clip> makeClips(const Mat& photo, Size size, int frames)
{
    std::vector<Clip> clips;
    const Mat scene = sceneFor(photo, size, 1.45);
    for (const std::string motion : { "pan", "zoom" })
    {
        std::vector<Mat> truth;
        for (int t = 0; t < frames; t++)
            truth.push_back(cameraFrame(scene, size, motion, t, frames));
        for (const std::string kind : { "text", "logo", "bar", "object" })
        {
            Clip c;
            c.name = motion + "/" + kind;
            c.truth = truth;
            for (int t = 0; t < frames; t++)
                c.masks.push_back(kind == "object" ? objectMask(size, t, frames) : watermark(size, kind));
            clips.push_back(c);
        }
    }
    return clips;
}

struct Score
{
    double psnr = 0, ssim = 0, flicker = 0, seconds = 0;
    int frames = 0, clips = 0;
    void add(const Score& s)
    {
        psnr += s.psnr;
        ssim += s.ssim;
        flicker += s.flicker;
        seconds += s.seconds;
        frames += s.frames;
        clips += s.clips;
    }
};

// SSIM of the hole's bounding box grown by 8 px (the whole-frame SSIM would be all known pixels).
double ssimAroundHole(const Mat& a, const Mat& b, const Mat& mask)
{
    Rect box = boundingRect(mask);
    box = Rect(box.x - 8, box.y - 8, box.width + 16, box.height + 16) & Rect(Point(), a.size());
    return inpainting::ssim(a(box), b(box));
}

/* Flicker: how much the change of the fill from one frame to the next differs from the change of
the truth, mean |(out_t - out_t-1) - (truth_t - truth_t-1)| over the pixels in the hole of both
frames (8-bit levels, colour channels averaged). Independent per-frame fills score high even when
each frame alone looks plausible. */
double flicker(const std::vector<Mat>& out, const std::vector<Mat>& truth, const std::vector<Mat>& masks)
{
    double sum = 0;
    int n = 0;
    for (size_t t = 1; t < out.size(); t++)
    {
        Mat both = masks[t] & masks[t - 1];
        if (countNonZero(both) == 0)
            continue;
        Mat a, b, d;
        subtract(out[t], out[t - 1], a, noArray(), CV_32F);
        subtract(truth[t], truth[t - 1], b, noArray(), CV_32F);
        absdiff(a, b, d);
        sum += cv::sum(mean(d, both))[0] / d.channels();
        n++;
    }
    return n > 0 ? sum / n : 0.0;
}

Score score(const Clip& clip, const std::vector<Mat>& out, double seconds)
{
    Score s;
    for (size_t t = 0; t < out.size(); t++)
    {
        const inpainting::InpaintingMetrics m = inpainting::evaluate(out[t], clip.truth[t], clip.masks[t]);
        s.psnr += m.psnrHole / out.size();
        s.ssim += ssimAroundHole(out[t], clip.truth[t], clip.masks[t]) / out.size();
    }
    s.flicker = flicker(out, clip.truth, clip.masks);
    s.seconds = seconds;
    s.frames = (int)out.size();
    s.clips = 1;
    return s;
}

// The input as a user has it: the truth with the hole painted over (white), so that a method that
// looked at the hole would show it.
std::vector<Mat> covered(const Clip& clip)
{
    std::vector<Mat> in;
    for (size_t t = 0; t < clip.truth.size(); t++)
    {
        Mat f = clip.truth[t].clone();
        f.setTo(Scalar::all(255), clip.masks[t]);
        in.push_back(f);
    }
    return in;
}

int flowSize = 640;

std::vector<Mat> runMethod(const std::string& method, const std::vector<Mat>& in, const std::vector<Mat>& masks,
                           int window, double& seconds)
{
    std::vector<Mat> out;
    const auto start = Clock::now();
    if (method.rfind("video", 0) == 0)
    {
        const int image = method == "video" ? inpainting::INPAINT_PCONV : inpainting::methodFromName(method.substr(6));
        Ptr<inpainting::VideoInpainter> vi = inpainting::VideoInpainter::create(image, window);
        vi->setFlowMaxSide(flowSize);
        vi->apply(in, masks, out);
    }
    else
    {
        const int m = inpainting::methodFromName(method);
        for (size_t t = 0; t < in.size(); t++)
        {
            Mat r;
            inpainting::inpaint(in[t], masks[t], r, m);
            out.push_back(r);
        }
    }
    seconds = std::chrono::duration<double>(Clock::now() - start).count();
    return out;
}

void writePicture(const std::string& clipPath, int maxFrames, Size size, int window, const std::string& picture)
{
    VideoCapture cap(clipPath);
    if (!cap.isOpened())
        fail("--clip: cannot open the video " + clipPath);
    std::vector<Mat> frames;
    Mat f;
    while ((int)frames.size() < maxFrames && cap.read(f) && !f.empty())
    {
        Mat r;
        resize(f, r, size, 0, 0, INTER_AREA);
        frames.push_back(r);
    }
    if (frames.empty())
        fail("--clip: no frames in " + clipPath);
    // A broadcaster's watermark: a logo and a text line.
    const Mat mask = watermark(size, "logo") | watermark(size, "text");
    std::vector<Mat> in;
    for (const Mat& fr : frames)
    {
        Mat g = fr.clone();
        g.setTo(Scalar::all(255), mask);
        in.push_back(g);
    }
    std::vector<Mat> video, telea;
    double s = 0;
    video = runMethod("video", in, { mask }, window, s);
    const double fps = frames.size() / s;
    telea = runMethod("telea", in, std::vector<Mat>(in.size(), mask), window, s);
    std::vector<std::vector<Mat>> rows;
    for (int t : { (int)frames.size() / 3, 2 * (int)frames.size() / 3 })
        rows.push_back({ in[t], telea[t], video[t] });
    writeImageAtomic(picture, makeGrid(rows, { "input (watermark in white)", "per-frame telea", "video (pconv)" }, 0, 360));
    std::cout << "wrote " << picture << " (" << frames.size() << " frames of " << clipPath << " at " << size.width
              << "x" << size.height << cv::format(", video %.1f fps)", fps) << std::endl;
}

} // namespace

int main(int argc, char** argv)
{
    CommandLineParser parser(argc, argv, keys);
    parser.about("Video inpainting against per-frame inpainting on clips with a known truth.");
    if (parser.has("help"))
    {
        parser.printMessage();
        return 0;
    }
    return runGuarded("inpaint_video_benchmark", [&]() {
        const std::string photos = parser.get<std::string>("photos");
        const int count = parser.get<int>("count"), frames = parser.get<int>("frames"), window = parser.get<int>("window");
        const std::string sizeArg = parser.get<std::string>("size"), csv = parser.get<std::string>("csv");
        const std::string clip = parser.get<std::string>("clip"), picture = parser.get<std::string>("picture");
        const int clipFrames = parser.get<int>("clip-frames");
        flowSize = parser.get<int>("flow-size");
        if (!parser.check())
            fail("invalid arguments (see --help)");
        Size size;
        char x = 0;
        std::istringstream ss(sizeArg);
        if (!(ss >> size.width >> x >> size.height) || x != 'x' || size.width < 64 || size.height < 64)
            fail("--size: expected WxH of at least 64x64, got '" + sizeArg + "'");
        if (count < 1 || frames < 2 || window < 1 || window > 50 || clipFrames < 1)
            fail("--count, --frames, --window and --clip-frames must be positive (--frames at least 2, --window at most 50)");
        if (!clip.empty() != !picture.empty())
            fail("--clip and --picture go together");
        if (!clip.empty())
            writePicture(clip, clipFrames, size, window, picture);
        if (photos.empty())
            return 0;

        std::vector<std::string> files = listImages(photos, "--photos");
        files.resize(std::min<size_t>(files.size(), (size_t)count));
        std::vector<std::string> methods;
        {
            std::stringstream list(parser.get<std::string>("methods"));
            std::string m;
            while (std::getline(list, m, ','))
            {
                if (m.rfind("video_", 0) == 0)
                    inpainting::methodFromName(m.substr(6)); // a bad name fails before any work
                else if (m != "video")
                    inpainting::methodFromName(m);
                methods.push_back(m);
            }
            if (methods.empty())
                fail("--methods: no method given");
        }
        std::map<std::string, std::map<std::string, Score>> byGroup; // group -> method -> score
        std::ostringstream lines;
        lines << "photo,clip,method,psnr_hole,ssim_around_hole,flicker,fps\n";
        for (const std::string& file : files)
        {
            const Mat photo = readImage(file, IMREAD_COLOR, "photos");
            for (const Clip& c : makeClips(photo, size, frames))
            {
                const std::vector<Mat> in = covered(c);
                for (const std::string& method : methods)
                {
                    double seconds = 0;
                    const std::vector<Mat> out = runMethod(method, in, c.masks, window, seconds);
                    const Score s = score(c, out, seconds);
                    const std::string group = c.name.substr(0, c.name.find('/')) +
                                              (c.name.find("object") != std::string::npos ? " object" : " watermark");
                    byGroup[group][method].add(s);
                    byGroup["all"][method].add(s);
                    lines << file << "," << c.name << "," << method << cv::format(",%.3f,%.4f,%.3f,%.2f\n", s.psnr, s.ssim, s.flicker, s.frames / s.seconds);
                }
                std::cerr << "." << std::flush;
            }
        }
        std::cerr << std::endl;
        std::cout << cv::format("%d photos x 8 clips (pan/zoom x text/logo/bar/object) of %d frames at %dx%d, window %d, flow size %d, %d threads\n\n",
                                (int)files.size(), frames, size.width, size.height, window, flowSize, getNumThreads());
        std::cout << "| clips | method | hole PSNR (dB) | SSIM around hole | flicker (levels) | fps |\n| --- | --- | --- | --- | --- | --- |\n";
        for (const auto& g : byGroup)
            for (const std::string& method : methods)
            {
                const Score& s = g.second.at(method);
                std::cout << cv::format("| %s | %s | %.2f | %.4f | %.2f | %.1f |\n", g.first.c_str(), method.c_str(), s.psnr / s.clips,
                                        s.ssim / s.clips, s.flicker / s.clips, s.frames / s.seconds);
            }
        if (!csv.empty())
            writeTextAtomic(csv, lines.str());
        return 0;
    });
}
