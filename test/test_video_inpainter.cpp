// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

// VideoInpainter: what a static watermark hides under a moving camera is recovered from the other
// frames (checked against the truth), known pixels are untouched, the window bounds what is used
// and kept, and the result is deterministic.

#include "test_precomp.hpp"

namespace opencv_test_inpainting {
namespace {

using namespace cv;

// A camera panning over a textured photo: frame t shows `scene` from (x0 + t*dx, y0 + t*dy).
// Integer steps, so the truth of every frame is an exact crop.
std::vector<Mat> panClip(const Mat& scene, Size size, int frames, Point start, Point step)
{
    std::vector<Mat> clip;
    for (int t = 0; t < frames; t++)
        clip.push_back(scene(Rect(start + step * t, size)).clone());
    return clip;
}

Mat texturedScene()
{
    const Mat photo = loadSamplePhoto("baboon.jpg");
    Mat scene;
    resize(photo, scene, Size(), 0.5, 0.5, INTER_AREA); // 256x256: fine texture, but not noise
    return scene;
}

double holePsnr(const Mat& a, const Mat& b, const Mat& mask)
{
    Mat diff;
    absdiff(a, b, diff);
    diff.convertTo(diff, CV_64F);
    diff = diff.mul(diff);
    const double mse = sum(mean(diff, mask))[0] / a.channels();
    return 10.0 * std::log10(255.0 * 255.0 / std::max(mse, 1e-10));
}

// The clip with its colour channels set to `value` in the hole (alpha, which the module copies
// through, is left as it was).
std::vector<Mat> withHole(const std::vector<Mat>& clip, const Mat& mask, double value)
{
    std::vector<Mat> out;
    for (const Mat& f : clip)
    {
        std::vector<Mat> planes;
        split(f, planes);
        for (int c = 0; c < std::min(3, (int)planes.size()); c++)
            planes[c].setTo(value, mask);
        Mat g;
        merge(planes, g);
        out.push_back(g);
    }
    return out;
}

} // namespace

TEST(Inpainting_VideoInpainter, pan_recovers_what_other_frames_saw)
{
    const Mat scene = texturedScene();
    ASSERT_FALSE(scene.empty());
    const Size size(160, 120);
    const std::vector<Mat> truth = panClip(scene, size, 14, Point(10, 20), Point(1, 4));
    // A static bar watermark 12 px high: with 4 px of vertical pan per frame every hidden pixel is
    // in view within 4 frames, and the window (6) sees it from every frame.
    Mat mask = Mat::zeros(size, CV_8UC1);
    rectangle(mask, Rect(40, 50, 80, 12), Scalar(255), FILLED);
    const std::vector<Mat> input = withHole(truth, mask, 255);

    std::vector<Mat> result;
    inpainting::VideoInpainter::create(inpainting::INPAINT_TELEA, 6)->apply(input, std::vector<Mat>{ mask }, result);
    ASSERT_EQ(result.size(), truth.size());
    for (size_t t = 0; t < truth.size(); t++)
    {
        SCOPED_TRACE(t);
        Mat perFrame;
        inpainting::inpaint(input[t], mask, perFrame, inpainting::INPAINT_TELEA);
        const double video = holePsnr(result[t], truth[t], mask), telea = holePsnr(perFrame, truth[t], mask);
        // Nearly exact (integer motion, so the copy is the truth up to the flow's sub-pixel error;
        // 37-49 dB measured, the last frame, which only has a past, lowest), and far above what a
        // single frame allows.
        EXPECT_GT(video, 35.0);
        EXPECT_GT(video, telea + 15.0);
    }
}

TEST(Inpainting_VideoInpainter, seams_follow_an_exposure_change)
{
    // The same pan, but the camera's exposure rises by 3 levels per frame: a pixel copied from a
    // frame d steps away is 3d levels off (12 dB of PSNR lost at d = 4 unless corrected). The
    // seam blending measures that offset at the hole's border and spreads it over the copy.
    const Mat scene = texturedScene();
    ASSERT_FALSE(scene.empty());
    const Size size(160, 120);
    std::vector<Mat> truth = panClip(scene, size, 12, Point(10, 20), Point(1, 4));
    for (size_t t = 0; t < truth.size(); t++)
        truth[t].convertTo(truth[t], -1, 0.85, 3.0 * t); // 0.85: no saturation at the top
    Mat mask = Mat::zeros(size, CV_8UC1);
    rectangle(mask, Rect(40, 50, 80, 12), Scalar(255), FILLED);
    const std::vector<Mat> input = withHole(truth, mask, 255);
    std::vector<Mat> result;
    inpainting::VideoInpainter::create(inpainting::INPAINT_TELEA, 6)->apply(input, std::vector<Mat>{ mask }, result);
    for (size_t t = 0; t < truth.size(); t++)
    {
        // The mean error in the hole is the tell-tale of an uncorrected offset.
        const double bias = (mean(result[t], mask) - mean(truth[t], mask))[1];
        EXPECT_LT(std::abs(bias), 1.5) << "frame " << t;
        EXPECT_GT(holePsnr(result[t], truth[t], mask), 33.0) << "frame " << t;
    }
}

TEST(Inpainting_VideoInpainter, moving_object_mask_uncovers_the_static_background)
{
    // A static camera and an object masked in every frame, moving 5 px per frame: the background
    // it hides is seen in the frames where it has moved on.
    const Mat scene = texturedScene();
    ASSERT_FALSE(scene.empty());
    const Mat background = scene(Rect(30, 40, 128, 96)).clone();
    std::vector<Mat> frames, masks;
    for (int t = 0; t < 12; t++)
    {
        Mat mask = Mat::zeros(background.size(), CV_8UC1);
        circle(mask, Point(20 + 5 * t, 48), 10, Scalar(255), FILLED);
        Mat f = background.clone();
        f.setTo(Scalar(0, 0, 255), mask);
        frames.push_back(f);
        masks.push_back(mask);
    }
    std::vector<Mat> result;
    inpainting::VideoInpainter::create(inpainting::INPAINT_TELEA, 6)->apply(frames, masks, result);
    ASSERT_EQ(result.size(), frames.size());
    for (size_t t = 0; t < frames.size(); t++)
        EXPECT_GT(holePsnr(result[t], background, masks[t]), 40.0) << "frame " << t;
}

TEST(Inpainting_VideoInpainter, known_pixels_bit_identical_every_type)
{
    const Mat scene8 = texturedScene();
    ASSERT_FALSE(scene8.empty());
    const Size size(48, 40);
    Mat mask = Mat::zeros(size, CV_8UC1);
    rectangle(mask, Rect(14, 12, 18, 9), Scalar(255), FILLED);
    for (int depth : { CV_8U, CV_16U, CV_32F })
        for (int cn : { 1, 3, 4 })
        {
            SCOPED_TRACE(typeToString(CV_MAKETYPE(depth, cn)));
            Mat scene;
            if (cn == 1)
                cvtColor(scene8, scene, COLOR_BGR2GRAY);
            else if (cn == 4)
            {
                cvtColor(scene8, scene, COLOR_BGR2BGRA);
                // an alpha that varies, so that copying it through is checked
                std::vector<Mat> planes;
                split(scene, planes);
                planes[3] = planes[1] / 2 + 7;
                merge(planes, scene);
            }
            else
                scene = scene8;
            scene.convertTo(scene, depth, depth == CV_16U ? 257.0 : depth == CV_32F ? 1.0 / 255 : 1.0);
            const std::vector<Mat> truth = panClip(scene, size, 6, Point(5, 5), Point(3, 2));
            // Two clips that differ only inside the hole must give the same bytes.
            const std::vector<Mat> a = withHole(truth, mask, 0), b = withHole(truth, mask, depth == CV_32F ? 0.7 : 200);
            std::vector<Mat> ra, rb;
            Ptr<inpainting::VideoInpainter> vi = inpainting::VideoInpainter::create(inpainting::INPAINT_TELEA, 2);
            vi->apply(a, std::vector<Mat>{ mask }, ra);
            vi->apply(b, std::vector<Mat>{ mask }, rb);
            ASSERT_EQ(ra.size(), a.size());
            for (size_t t = 0; t < a.size(); t++)
            {
                ASSERT_EQ(ra[t].type(), a[t].type());
                ASSERT_EQ(ra[t].size(), a[t].size());
                Mat known;
                bitwise_not(mask, known);
                EXPECT_EQ(norm(ra[t], a[t], NORM_INF, known), 0.0) << "frame " << t;
                if (cn == 4)
                {
                    Mat alphaIn, alphaOut;
                    extractChannel(a[t], alphaIn, 3);
                    extractChannel(ra[t], alphaOut, 3);
                    EXPECT_EQ(norm(alphaIn, alphaOut, NORM_INF), 0.0) << "alpha, frame " << t;
                }
                EXPECT_EQ(maxAbsDiff(ra[t], rb[t]), 0.0) << "the fill depends on what the hole held, frame " << t;
                EXPECT_TRUE(checkRange(ra[t]));
            }
        }
}

TEST(Inpainting_VideoInpainter, streaming_equals_whole_sequence_and_is_deterministic)
{
    const Mat scene = texturedScene();
    ASSERT_FALSE(scene.empty());
    const Size size(96, 72);
    std::vector<Mat> clip = panClip(scene, size, 9, Point(3, 4), Point(5, 3));
    Mat mask = Mat::zeros(size, CV_8UC1);
    putText(mask, "TV", Point(20, 50), FONT_HERSHEY_SIMPLEX, 1.2, Scalar(255), 4);
    clip = withHole(clip, mask, 255);

    Ptr<inpainting::VideoInpainter> vi = inpainting::VideoInpainter::create(inpainting::INPAINT_TELEA, 3);
    std::vector<Mat> whole;
    vi->apply(clip, std::vector<Mat>{ mask }, whole);

    vi->setMask(mask);
    std::vector<Mat> streamed;
    for (const Mat& f : clip)
    {
        vi->feed(f);
        Mat out;
        while (vi->read(out))
            streamed.push_back(out);
    }
    vi->finish();
    Mat out;
    while (vi->read(out))
        streamed.push_back(out);
    ASSERT_EQ(streamed.size(), whole.size());
    for (size_t t = 0; t < whole.size(); t++)
        EXPECT_EQ(maxAbsDiff(streamed[t], whole[t]), 0.0) << "frame " << t;

    // The same bytes with one thread.
    const int threads = getNumThreads();
    setNumThreads(1);
    std::vector<Mat> single;
    inpainting::VideoInpainter::create(inpainting::INPAINT_TELEA, 3)->apply(clip, std::vector<Mat>{ mask }, single);
    setNumThreads(threads);
    ASSERT_EQ(single.size(), whole.size());
    for (size_t t = 0; t < whole.size(); t++)
        EXPECT_EQ(maxAbsDiff(single[t], whole[t]), 0.0) << "frame " << t;
}

TEST(Inpainting_VideoInpainter, window_bounds_what_is_seen_and_kept)
{
    // A static camera; the hole is masked in every frame but one (frame 10), which shows what it
    // hides: a colour found nowhere else. Frames within the window before it must take that colour;
    // frames further away cannot know it.
    const int window = 3, frames = 16, reveal = 10;
    const Size size(64, 48);
    const Rect holeRect(24, 16, 12, 10);
    Mat base(size, CV_8UC3);
    randu(base, Scalar::all(40), Scalar::all(90)); // texture for the flow, far from the colour below
    GaussianBlur(base, base, Size(3, 3), 0);
    const Vec3b secret(20, 220, 240);
    Mat hole = Mat::zeros(size, CV_8UC1);
    hole(holeRect).setTo(255);
    Ptr<inpainting::VideoInpainter> vi = inpainting::VideoInpainter::create(inpainting::INPAINT_TELEA, window);
    std::vector<Mat> out;
    int maxBuffered = 0;
    for (int t = 0; t < frames; t++)
    {
        Mat f = base.clone();
        f(holeRect).setTo(secret);
        vi->feed(f, t == reveal ? Mat::zeros(size, CV_8UC1) : hole);
        maxBuffered = std::max(maxBuffered, vi->getBufferedFrames());
        Mat o;
        while (vi->read(o))
            out.push_back(o);
        // A frame comes out once `window` later frames were fed, not before.
        EXPECT_EQ((int)out.size(), std::max(0, t + 1 - window)) << "after feeding frame " << t;
    }
    EXPECT_LE(maxBuffered, 2 * window + 1);
    vi->finish();
    Mat o;
    while (vi->read(o))
        out.push_back(o);
    ASSERT_EQ((int)out.size(), frames);
    for (int t = 0; t < frames; t++)
    {
        const Vec3b centre = out[t].at<Vec3b>(holeRect.y + holeRect.height / 2, holeRect.x + holeRect.width / 2);
        const bool seen = t >= reveal - window; // the frames after it carry it on from their past
        // Not to the byte: the seam blending adds the colour offset measured at the hole's border,
        // which sub-pixel flow on this noise texture makes a few levels.
        if (seen)
            EXPECT_LT(norm(Vec3d(centre) - Vec3d(secret)), 8.0) << "frame " << t << ": " << centre;
        else
            EXPECT_GT(norm(Vec3d(centre) - Vec3d(secret)), 100.0) << "frame " << t << " saw beyond its window";
    }
}

TEST(Inpainting_VideoInpainter, parameters)
{
    Ptr<inpainting::VideoInpainter> vi = inpainting::VideoInpainter::create(inpainting::INPAINT_NS, 4);
    EXPECT_EQ(vi->getMethod(), inpainting::INPAINT_NS);
    EXPECT_EQ(vi->getWindow(), 4);
    vi->setWindow(50);
    EXPECT_EQ(vi->getWindow(), 50);
    vi->setMethod(inpainting::INPAINT_TELEA);
    EXPECT_EQ(vi->getMethod(), inpainting::INPAINT_TELEA);
    EXPECT_EQ(vi->getBufferedFrames(), 0);
    Mat out;
    EXPECT_FALSE(vi->read(out));
    EXPECT_TRUE(out.empty());
}

} // namespace opencv_test_inpainting
