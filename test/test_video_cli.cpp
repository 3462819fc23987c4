// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

// inpaint_video as a user runs it: image sequences and video files in and out, the same frames as
// the API, known pixels bit-identical in lossless outputs, nothing temporary left behind.

#include "test_precomp.hpp"

#include <filesystem>

#include "opencv2/videoio.hpp"

namespace opencv_test_inpainting {
namespace {

using namespace cv;
namespace fs = std::filesystem;

// A camera panning 3 px right and 2 px down per frame over a sample photo.
std::vector<Mat> panFrames(int frames, Size size)
{
    const Mat photo = loadSamplePhoto("fruits.jpg");
    std::vector<Mat> out;
    for (int t = 0; t < frames; t++)
        out.push_back(photo(Rect(Point(20 + 3 * t, 30 + 2 * t), size)).clone());
    return out;
}

Mat logoMask(Size size)
{
    Mat mask = Mat::zeros(size, CV_8UC1);
    circle(mask, Point(size.width / 3, size.height / 2), 12, Scalar(255), 4);
    rectangle(mask, Rect(size.width / 2, size.height / 2, 30, 8), Scalar(255), FILLED);
    return mask;
}

int regularFiles(const std::string& dir)
{
    int n = 0;
    for (const auto& entry : fs::directory_iterator(dir))
    {
        EXPECT_EQ(entry.path().filename().string().find(".tmp"), std::string::npos) << entry.path();
        n += entry.is_regular_file();
    }
    return n;
}

} // namespace

TEST(Inpainting_VideoCLI, image_sequence_matches_the_api_and_keeps_numbering)
{
    const std::string dir = makeTempDir("cli_video_seq");
    const Size size(96, 72);
    const std::vector<Mat> frames = panFrames(7, size);
    const Mat mask = logoMask(size);
    fs::create_directories(dir + "/in");
    fs::create_directories(dir + "/out");
    for (size_t t = 0; t < frames.size(); t++)
        imwrite(dir + format("/in/f%03d.png", (int)t + 1), frames[t]); // numbered from 1
    imwrite(dir + "/mask.png", mask);
    std::string out;
    const int rc = runCommand(binaryPath("inpaint_video") + " --video=" + dir + "/in/f%03d.png --mask=" + dir +
                              "/mask.png --output=" + dir + "/out/g%03d.png --method=telea --window=3", out);
    ASSERT_EQ(rc, 0) << out;
    // The progress bar and the summary.
    EXPECT_NE(out.find("7/7 frames"), std::string::npos) << out;
    EXPECT_NE(out.find("wrote "), std::string::npos) << out;

    std::vector<Mat> expected;
    inpainting::VideoInpainter::create(inpainting::INPAINT_TELEA, 3)->apply(frames, std::vector<Mat>{ mask }, expected);
    for (size_t t = 0; t < frames.size(); t++)
    {
        const Mat o = imread(dir + format("/out/g%03d.png", (int)t + 1), IMREAD_UNCHANGED);
        ASSERT_FALSE(o.empty()) << t;
        EXPECT_EQ(maxAbsDiff(o, expected[t]), 0.0) << t;
    }
    EXPECT_EQ(regularFiles(dir + "/out"), 7);
    fs::remove_all(dir);
}

TEST(Inpainting_VideoCLI, lossless_video_file_keeps_known_pixels_with_per_frame_masks)
{
    const std::string dir = makeTempDir("cli_video_avi");
    const Size size(96, 72);
    const std::vector<Mat> frames = panFrames(8, size);
    VideoWriter writer(dir + "/in.avi", VideoWriter::fourcc('F', 'F', 'V', '1'), 25, size);
    if (!writer.isOpened())
    {
        fs::remove_all(dir);
        GTEST_SKIP() << "no FFV1 encoder in this OpenCV";
    }
    fs::create_directories(dir + "/masks");
    std::vector<Mat> masks;
    for (size_t t = 0; t < frames.size(); t++)
    {
        writer.write(frames[t]);
        // a moving object
        Mat m = Mat::zeros(size, CV_8UC1);
        circle(m, Point(20 + 6 * (int)t, 36), 9, Scalar(255), FILLED);
        imwrite(dir + format("/masks/%04d.png", (int)t), m);
        masks.push_back(m);
    }
    writer.release();
    std::string out;
    const int rc = runCommand(binaryPath("inpaint_video") + " -q --video=" + dir + "/in.avi --masks=" + dir +
                              "/masks/%04d.png --output=" + dir + "/out.avi --method=telea", out);
    ASSERT_EQ(rc, 0) << out;
    EXPECT_EQ(out.find("frames  "), std::string::npos) << "-q still printed the progress bar: " << out;
    VideoCapture result(dir + "/out.avi");
    ASSERT_TRUE(result.isOpened());
    std::vector<Mat> expected;
    inpainting::VideoInpainter::create(inpainting::INPAINT_TELEA, 6)->apply(frames, masks, expected);
    Mat o;
    size_t n = 0;
    while (result.read(o) && !o.empty())
    {
        ASSERT_LT(n, frames.size());
        EXPECT_EQ(maxAbsDiff(o, expected[n]), 0.0) << "frame " << n; // FFV1 is lossless: same bytes as the API
        n++;
    }
    EXPECT_EQ(n, frames.size());
    EXPECT_EQ(regularFiles(dir), 2); // in.avi, out.avi
    fs::remove_all(dir);
}

} // namespace opencv_test_inpainting
