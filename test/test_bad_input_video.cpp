// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

// The video rows of the bad-input matrix (doc/bad_input.md): VideoInpainter and inpaint_video.

#include "test_precomp.hpp"
#include "bad_input_matrix.hpp"

#include <filesystem>

#include "opencv2/videoio.hpp"

namespace opencv_test_inpainting {

using namespace cv;
namespace fs = std::filesystem;

namespace {

const Size kSize(32, 24);
const Rect kHole(10, 8, 9, 7);

Ptr<inpainting::VideoInpainter> telea(int window = 2)
{
    return inpainting::VideoInpainter::create(inpainting::INPAINT_TELEA, window);
}

// Feeds `frames` copies of `frame` with `mask`, finishes and returns the outputs.
std::vector<Mat> run(const Mat& frame, const Mat& mask, int frames = 3)
{
    Ptr<inpainting::VideoInpainter> vi = telea();
    std::vector<Mat> out;
    for (int t = 0; t < frames; t++)
        vi->feed(frame, mask);
    vi->finish();
    Mat o;
    while (vi->read(o))
        out.push_back(o);
    return out;
}

BadInputRegistrar createRow("VideoInpainter::create", {
    { "bad value", [](const std::string&) {
        for (int window : { 0, -1, 51, INT_MIN, INT_MAX })
            expectError([&] { telea(window); }, { "'window' must be in [1, 50]" });
        for (int method : { -1, 64, 99 })
            expectError([&] { inpainting::VideoInpainter::create(method, 3); }, { "unknown method id" });
        Ptr<inpainting::VideoInpainter> vi = telea();
        expectError([&] { vi->setWindow(0); }, { "'window' must be in [1, 50]" });
        EXPECT_EQ(vi->getWindow(), 2);
        for (int side : { 15, 0, -1, 8193 })
            expectError([&] { vi->setFlowMaxSide(side); }, { "'side' must be in [16, 8192]" });
        EXPECT_EQ(vi->getFlowMaxSide(), 640);
    } },
});

BadInputRegistrar feedRow("VideoInpainter::feed", {
    { "empty", [](const std::string&) {
        Ptr<inpainting::VideoInpainter> vi = telea();
        expectError([&] { vi->feed(Mat(), holeMask(kSize, kHole)); }, { "VideoInpainter::feed: 'frame' is empty" });
        expectError([&] { vi->feed(rampImage(kSize, CV_8UC3), Mat()); }, { "no 'mask' given and no static mask set" });
        EXPECT_EQ(vi->getBufferedFrames(), 0);
    } },
    { "size", [](const std::string&) {
        Ptr<inpainting::VideoInpainter> vi = telea();
        expectError([&] { vi->feed(rampImage(kSize, CV_8UC3), holeMask(Size(31, 24), kHole)); }, { "'mask' is 31x24", "'frame' is 32x24" });
        vi->setMask(holeMask(Size(31, 24), kHole));
        expectError([&] { vi->feed(rampImage(kSize, CV_8UC3)); }, { "'mask' is 31x24" });
        vi->feed(rampImage(kSize, CV_8UC3), holeMask(kSize, kHole));
        // A frame of another size or type than the first is refused, and the stream goes on.
        expectError([&] { vi->feed(rampImage(Size(33, 24), CV_8UC3), holeMask(Size(33, 24), kHole)); },
                    { "'frame' is 33x24 of type CV_8UC3 but the stream's first frame is 32x24", "same size and type" });
        expectError([&] { vi->feed(rampImage(kSize, CV_16UC3), holeMask(kSize, kHole)); }, { "of type CV_16UC3", "same size and type" });
        vi->feed(rampImage(kSize, CV_8UC3), holeMask(kSize, kHole));
        vi->finish();
        Mat o;
        int outputs = 0;
        while (vi->read(o))
            outputs++;
        EXPECT_EQ(outputs, 2);
    } },
    { "depth", [](const std::string&) {
        for (int depth : { CV_8S, CV_16S, CV_32S, CV_64F })
            expectError([&] { telea()->feed(Mat::zeros(kSize, CV_MAKETYPE(depth, 3)), holeMask(kSize, kHole)); },
                        { "'frame' must be CV_8U, CV_16U or CV_32F" });
        expectError([&] { telea()->feed(rampImage(kSize, CV_8UC3), Mat::zeros(kSize, CV_16UC1)); }, { "'mask' must be CV_8UC1" });
        expectError([&] { telea()->setMask(Mat::zeros(kSize, CV_32FC1)); }, { "setMask: 'mask' must be CV_8UC1" });
    } },
    { "channels", [](const std::string&) {
        for (int cn : { 2, 5 })
            expectError([&] { telea()->feed(Mat::zeros(kSize, CV_8UC(cn)), holeMask(kSize, kHole)); },
                        { "'frame' must have 1, 3 or 4 channels" });
        expectError([&] { telea()->feed(rampImage(kSize, CV_8UC3), Mat::zeros(kSize, CV_8UC3)); }, { "'mask' must be CV_8UC1" });
    } },
    { "NaN/Inf", [](const std::string&) {
        for (Point p : { Point(0, 0), Point(kHole.x + 1, kHole.y + 1) })
        {
            Mat image = rampImage(kSize, CV_32FC3);
            image.at<Vec3f>(p)[2] = std::numeric_limits<float>::quiet_NaN();
            expectError([&] { telea()->feed(image, holeMask(kSize, kHole)); }, { "'frame' contains NaN or Inf" });
        }
    } },
    { "non-binary mask", [](const std::string&) {
        const Mat image = rampImage(kSize, CV_8UC3), mask = holeMask(kSize, kHole);
        Mat soft = mask / 255 * 3;
        soft.at<uchar>(kHole.y, kHole.x) = 200;
        const std::vector<Mat> a = run(image, soft), b = run(image, mask);
        ASSERT_EQ(a.size(), b.size());
        for (size_t t = 0; t < a.size(); t++)
            EXPECT_EQ(maxAbsDiff(a[t], b[t]), 0.0);
    } },
    { "all-hole", [](const std::string&) {
        // Nothing was ever seen: the image method's documented result, mid-grey.
        for (const Mat& o : run(rampImage(kSize, CV_8UC3), Mat(kSize, CV_8UC1, Scalar(255))))
            EXPECT_EQ(maxAbsDiff(o, Mat(kSize, CV_8UC3, Scalar::all(128))), 0.0);
    } },
    { "no-hole", [](const std::string&) {
        const Mat image = rampImage(kSize, CV_16UC4);
        for (const Mat& o : run(image, Mat::zeros(kSize, CV_8UC1)))
            EXPECT_EQ(maxAbsDiff(o, image), 0.0);
    } },
    { "1x1", [](const std::string&) {
        const std::vector<Mat> out = run(Mat(1, 1, CV_8UC3, Scalar(10, 20, 30)), Mat(1, 1, CV_8UC1, Scalar(255)));
        ASSERT_EQ(out.size(), 3u);
        for (const Mat& o : out)
            EXPECT_EQ(o.at<Vec3b>(0, 0), Vec3b(128, 128, 128));
        const std::vector<Mat> kept = run(Mat(1, 1, CV_8UC3, Scalar(10, 20, 30)), Mat::zeros(1, 1, CV_8UC1));
        for (const Mat& o : kept)
            EXPECT_EQ(o.at<Vec3b>(0, 0), Vec3b(10, 20, 30));
    } },
    { "odd size", [](const std::string&) {
        // Below DIS's smallest size (taken as static) and just above it.
        for (Size size : { Size(13, 7), Size(1, 9), Size(17, 2), Size(19, 17) })
        {
            const Mat image = rampImage(size, CV_8UC3);
            const Mat mask = holeMask(size, Rect(size.width / 3, size.height / 3, std::max(1, size.width / 3), std::max(1, size.height / 3)));
            for (const Mat& o : run(image, mask, 4))
                EXPECT_TRUE(sameKnownPixels(o, image, mask)) << size;
        }
    } },
    { "bad value", [](const std::string&) {
        Ptr<inpainting::VideoInpainter> vi = telea();
        vi->feed(rampImage(kSize, CV_8UC3), holeMask(kSize, kHole));
        expectError([&] { vi->setWindow(3); }, { "cannot change in the middle of a stream" });
        expectError([&] { vi->setFlowMaxSide(320); }, { "cannot change in the middle of a stream" });
        expectError([&] { vi->setMethod(99); }, { "unknown method id" });
        EXPECT_EQ(vi->getMethod(), inpainting::INPAINT_TELEA);
    } },
});

BadInputRegistrar applyRow("VideoInpainter::apply", {
    { "empty", [](const std::string&) {
        std::vector<Mat> out;
        expectError([&] { telea()->apply(std::vector<Mat>(), std::vector<Mat>{ holeMask(kSize, kHole) }, out); },
                    { "VideoInpainter::apply: 'frames' is empty" });
        expectError([&] { telea()->apply(std::vector<Mat>{ rampImage(kSize, CV_8UC3) }, std::vector<Mat>(), out); },
                    { "'masks' holds 0 masks for 1 frames" });
    } },
    { "size", [](const std::string&) {
        std::vector<Mat> out;
        const std::vector<Mat> frames(3, rampImage(kSize, CV_8UC3));
        expectError([&] { telea()->apply(frames, std::vector<Mat>(2, holeMask(kSize, kHole)), out); },
                    { "'masks' holds 2 masks for 3 frames" });
        std::vector<Mat> mixed = frames;
        mixed[1] = rampImage(Size(32, 25), CV_8UC3);
        expectError([&] { telea()->apply(mixed, std::vector<Mat>{ holeMask(kSize, kHole) }, out); }, { "same size and type" });
        // A failed call leaves the inpainter usable.
        Ptr<inpainting::VideoInpainter> vi = telea();
        expectError([&] { vi->apply(mixed, std::vector<Mat>{ holeMask(kSize, kHole) }, out); }, { "same size and type" });
        vi->apply(frames, std::vector<Mat>{ holeMask(kSize, kHole) }, out);
        EXPECT_EQ(out.size(), 3u);
    } },
});

// ---- inpaint_video ------------------------------------------------------------------------------

struct Clip
{
    std::string dir, frames, mask, masks, output;
};

// Three 32x24 PNG frames (frames/%04d.png), a static mask and per-frame masks for two frames only.
Clip writeClip(const std::string& dir, int depthType = CV_8UC3)
{
    Clip c;
    c.dir = dir;
    fs::create_directories(dir + "/frames");
    fs::create_directories(dir + "/masks");
    for (int t = 0; t < 3; t++)
        imwrite(dir + format("/frames/%04d.png", t), rampImage(kSize, depthType));
    imwrite(c.mask = dir + "/mask.png", holeMask(kSize, kHole));
    for (int t = 0; t < 2; t++)
        imwrite(dir + format("/masks/%04d.png", t), holeMask(kSize, kHole));
    c.frames = dir + "/frames/%04d.png";
    c.masks = dir + "/masks/%04d.png";
    c.output = dir + "/out.avi";
    return c;
}

std::string videoCmd(const std::string& args) { return binaryPath("inpaint_video") + " -q --method=telea " + args; }

// No file that looks like an output, and no temporary left behind.
void expectNoOutput(const std::string& dir)
{
    for (const auto& entry : fs::recursive_directory_iterator(dir))
    {
        const std::string name = entry.path().filename().string();
        EXPECT_EQ(name.rfind("out", 0), std::string::npos) << entry.path();
        EXPECT_EQ(name.find(".tmp"), std::string::npos) << entry.path();
    }
}

BadInputRegistrar videoCliRow("inpaint_video CLI", {
    { "empty", [](const std::string& dir) {
        const Clip c = writeClip(dir);
        writeBytes(dir + "/empty.avi", "");
        expectCli(videoCmd("--video=" + dir + "/empty.avi --mask=" + c.mask + " --output=" + c.output), 2, "--video:");
        writeBytes(dir + "/garbage.avi", "RIFF\x10\x00\x00\x00" "AVI garbage garbage garbage");
        expectCli(videoCmd("--video=" + dir + "/garbage.avi --mask=" + c.mask + " --output=" + c.output), 2, "--video:");
        expectCli(videoCmd("--mask=" + c.mask + " --output=" + c.output), 2, "--video is required");
        expectCli(videoCmd("--video=" + c.frames + " --mask=" + c.mask), 2, "--output is required");
        expectCli(videoCmd("--video=" + c.frames + " --output=" + c.output), 2, "give either --mask");
        expectCli(videoCmd("--video=" + c.frames + " --mask=" + c.mask + " --masks=" + c.masks + " --output=" + c.output), 2,
                  "give either --mask");
        writeBytes(dir + "/empty_mask.png", "");
        expectCli(videoCmd("--video=" + c.frames + " --mask=" + dir + "/empty_mask.png --output=" + c.output), 2,
                  "--mask: cannot decode image");
        expectNoOutput(dir);
    } },
    { "size", [](const std::string& dir) {
        const Clip c = writeClip(dir);
        imwrite(dir + "/small_mask.png", holeMask(Size(31, 24), kHole));
        expectCli(videoCmd("--video=" + c.frames + " --mask=" + dir + "/small_mask.png --output=" + c.output), 2,
                  "frame 0: inpainting: 'mask' is 31x24 but 'frame' is 32x24");
        // A frame of another size in the middle of the clip.
        imwrite(dir + "/frames/0002.png", rampImage(Size(30, 24), CV_8UC3));
        expectCli(videoCmd("--video=" + c.frames + " --mask=" + c.mask + " --output=" + c.output), 2,
                  "frame 2: VideoInpainter::feed: 'frame' is 30x24");
        expectNoOutput(dir);
    } },
    { "depth", [](const std::string& dir) {
        // 16-bit frames: a video file cannot take them (refused before anything is written), an
        // image sequence keeps every known pixel.
        const Clip c = writeClip(dir, CV_16UC3);
        expectCli(videoCmd("--video=" + c.frames + " --mask=" + c.mask + " --output=" + c.output), 2,
                  "a video file takes 8-bit gray or BGR frames, the clip has CV_16UC3");
        expectNoOutput(dir);
        fs::create_directories(dir + "/seq");
        expectCli(videoCmd("--video=" + c.frames + " --mask=" + c.mask + " --output=" + dir + "/seq/%04d.png"), 0, "3 frames");
        for (int t = 0; t < 3; t++)
        {
            const Mat o = imread(dir + format("/seq/%04d.png", t), IMREAD_UNCHANGED);
            EXPECT_TRUE(sameKnownPixels(o, rampImage(kSize, CV_16UC3), holeMask(kSize, kHole))) << t;
        }
    } },
    { "missing file", [](const std::string& dir) {
        const Clip c = writeClip(dir);
        expectCli(videoCmd("--video=" + dir + "/missing.avi --mask=" + c.mask + " --output=" + c.output), 2,
                  "--video: file not found");
        expectCli(videoCmd("--video=" + dir + "/none/%04d.png --mask=" + c.mask + " --output=" + c.output), 2,
                  "--video: no file matches the image sequence");
        expectCli(videoCmd("--video=" + c.frames + " --mask=" + dir + "/missing.png --output=" + c.output), 2,
                  "--mask: file not found");
        // Fewer masks than frames: nothing is written, not even the frames before.
        expectCli(videoCmd("--video=" + c.frames + " --masks=" + c.masks + " --output=" + c.output), 2,
                  "--masks: no mask for frame 2");
        expectCli(videoCmd("--video=" + c.frames + " --masks=" + dir + "/masks/x%04d.png --output=" + c.output), 2,
                  "--masks: no file matches the pattern");
        expectNoOutput(dir);
    } },
    { "unwritable output", [](const std::string& dir) {
        const Clip c = writeClip(dir);
        expectCli(videoCmd("--video=" + c.frames + " --mask=" + c.mask + " --output=" + dir + "/mask.png/out.avi"), 2,
                  "--output: the folder");
        expectCli(videoCmd("--video=" + c.frames + " --mask=" + c.mask + " --output=" + dir + "/nofolder/%04d.png"), 2,
                  "--output: the folder");
        expectNoOutput(dir);
    } },
    { "bad value", [](const std::string& dir) {
        const Clip c = writeClip(dir);
        const std::string base = "--video=" + c.frames + " --mask=" + c.mask + " --output=" + c.output;
        for (const std::string w : { "0", "51", "x", "2.5", "" })
            expectCli(videoCmd(base + " --window=" + w), 2, "--window: expected an integer in [1, 50]");
        expectCli(videoCmd(base + " --method=bogus"), 2, "unknown method 'bogus'");
        expectCli(videoCmd(base + " --flow-size=8"), 2, "--flow-size: expected an integer in [16, 8192]");
        expectCli(videoCmd(base + " --fourcc=XY"), 2, "--fourcc: expected 4 characters");
        // A codec that is not available: refused, with no output.
        expectCli(videoCmd(base + " --fourcc=ZZZZ"), 2, "with codec 'ZZZZ'");
        expectCli(videoCmd(base + " --fps=-3"), 2, "--fps");
        expectCli(videoCmd("--video=" + c.frames + " --masks=" + c.mask + " --output=" + c.output), 2,
                  "--masks: expected a printf pattern");
        // Patterns go to printf-style formatting: anything but one integer conversion is refused.
        for (const std::string bad : { "%s", "%n", "%d%d", "%%", "%123d", "%x", "%" })
        {
            expectCli(videoCmd("--video=" + dir + "/frames/" + bad + ".png --mask=" + c.mask + " --output=" + c.output), 2,
                      "--video: the pattern");
            expectCli(videoCmd("--video=" + c.frames + " --masks=" + dir + "/masks/" + bad + ".png --output=" + c.output), 2,
                      "--masks: the pattern");
            expectCli(videoCmd("--video=" + c.frames + " --mask=" + c.mask + " --output=" + dir + "/" + bad + ".png"), 2,
                      "--output: the pattern");
        }
        expectNoOutput(dir);
    } },
});

} // namespace

TEST(Inpainting_BadInput, VideoInpainter_create) { runBadInputRow("VideoInpainter::create"); }
TEST(Inpainting_BadInput, VideoInpainter_feed) { runBadInputRow("VideoInpainter::feed"); }
TEST(Inpainting_BadInput, VideoInpainter_apply) { runBadInputRow("VideoInpainter::apply"); }
TEST(Inpainting_BadInput, inpaint_video_cli) { runBadInputRow("inpaint_video CLI"); }

} // namespace opencv_test_inpainting
