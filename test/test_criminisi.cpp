// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

#include "test_precomp.hpp"

namespace opencv_test_inpainting {
namespace {

using namespace cv;

// A texture repeating every 7 columns and 5 rows, of distinct colours: every patch of it recurs
// exactly, so a correct exemplar fill reconstructs the truth bit for bit.
Mat periodicTexture(Size size, int type)
{
    RNG rng(17);
    Mat tile(5, 7, CV_64FC3);
    for (int y = 0; y < tile.rows; y++)
        for (int x = 0; x < tile.cols; x++)
            tile.at<Vec3d>(y, x) = Vec3d(rng.uniform(0.0, 1.0), rng.uniform(0.0, 1.0), rng.uniform(0.0, 1.0));
    Mat image(size, CV_64FC3);
    for (int y = 0; y < size.height; y++)
        for (int x = 0; x < size.width; x++)
            image.at<Vec3d>(y, x) = tile.at<Vec3d>(y % 5, x % 7);
    const int depth = CV_MAT_DEPTH(type), cn = CV_MAT_CN(type);
    if (cn == 1)
        extractChannel(image, image, 1);
    Mat out;
    if (depth == CV_32F)
        image.convertTo(out, depth, 300.0, -20.0); // float values well outside [0, 1]
    else
        image.convertTo(out, depth, depth == CV_8U ? 255.0 : 65535.0);
    if (cn == 4)
    {
        Mat alpha(out.size(), depth, Scalar(depth == CV_32F ? 0.25 : 77));
        std::vector<Mat> planes;
        split(out, planes);
        planes.push_back(alpha);
        merge(planes, out);
    }
    return out;
}

Mat rectHole(Size size, const Rect& r)
{
    Mat mask = Mat::zeros(size, CV_8UC1);
    mask(r).setTo(255);
    return mask;
}

} // namespace

TEST(Inpainting_Criminisi, periodic_texture_is_reconstructed_exactly_in_every_type)
{
    const Size size(64, 48);
    const Mat mask = rectHole(size, Rect(20, 15, 18, 14));
    for (int depth : { CV_8U, CV_16U, CV_32F })
        for (int cn : { 1, 3, 4 })
        {
            const Mat truth = periodicTexture(size, CV_MAKETYPE(depth, cn));
            Mat result;
            inpainting::CriminisiInpainter::create()->apply(truth, mask, result);
            ASSERT_EQ(result.type(), truth.type());
            EXPECT_TRUE(sameBytes(result, truth)) << typeToString(truth.type()) << " max diff " << maxAbsDiff(result, truth);
        }
}

// A straight edge crossing the hole: diffusion blurs it, the exemplar fill continues it (the data
// term fills along the edge first and the matches are exact copies of the edge above and below).
TEST(Inpainting_Criminisi, straight_edge_crossing_the_hole_is_continued_sharply)
{
    Mat truth(60, 60, CV_8UC3, Scalar(40, 60, 80));
    truth(Rect(27, 0, 33, 60)).setTo(Scalar(200, 180, 160));
    const Mat mask = rectHole(truth.size(), Rect(18, 20, 20, 20));
    Mat result, telea;
    inpainting::CriminisiInpainter::create()->apply(truth, mask, result);
    inpainting::inpaint(truth, mask, telea, inpainting::INPAINT_TELEA);
    EXPECT_TRUE(sameBytes(result, truth)) << "max diff " << maxAbsDiff(result, truth);
    EXPECT_GT(maxAbsDiff(telea, truth), 20.0); // the test could tell a blur from the edge
}

// A one-pixel hole is filled in one step: the pixel's patch is compared with every fully known
// patch of the image (searchRadius 0 = the whole image) and the best one's centre is copied.
// Reference: a plain brute-force search written here (SSD over the patch's known pixels; ties to
// the nearest candidate, then the first in scan order).
TEST(Inpainting_Criminisi, one_pixel_hole_takes_the_brute_force_best_match)
{
    RNG rng(3);
    for (int trial = 0; trial < 6; trial++)
    {
        Mat image(23, 29, CV_8UC1);
        rng.fill(image, RNG::UNIFORM, 0, 8); // few levels: near-ties are common
        const Point hole(rng.uniform(0, image.cols), rng.uniform(0, image.rows));
        Mat mask = Mat::zeros(image.size(), CV_8UC1);
        mask.at<uchar>(hole) = 255;
        const int half = 2; // patchSize 5
        double bestCost = 1e300;
        long long bestDistance = 0;
        Point best(-1, -1);
        for (int y = half; y < image.rows - half; y++)
            for (int x = half; x < image.cols - half; x++)
            {
                if (std::abs(x - hole.x) <= half && std::abs(y - hole.y) <= half)
                    continue; // would contain the hole
                double cost = 0;
                for (int dy = -half; dy <= half; dy++)
                    for (int dx = -half; dx <= half; dx++)
                    {
                        const Point t(hole.x + dx, hole.y + dy);
                        if (t.x < 0 || t.y < 0 || t.x >= image.cols || t.y >= image.rows || t == hole)
                            continue;
                        const double d = (double)image.at<uchar>(y + dy, x + dx) - image.at<uchar>(t);
                        cost += d * d;
                    }
                const long long distance = (long long)(x - hole.x) * (x - hole.x) + (long long)(y - hole.y) * (y - hole.y);
                if (cost < bestCost || (cost == bestCost && distance < bestDistance))
                {
                    bestCost = cost;
                    bestDistance = distance;
                    best = Point(x, y);
                }
            }
        Mat result;
        inpainting::CriminisiInpainter::create(5, 0)->apply(image, mask, result);
        EXPECT_EQ((int)result.at<uchar>(hole), (int)image.at<uchar>(best)) << "trial " << trial << " hole " << hole
                                                                          << " best " << best;
    }
}

TEST(Inpainting_Criminisi, fill_is_made_of_known_pixels_deterministic_and_independent_of_the_hole)
{
    Mat image = loadSamplePhoto("fruits.jpg");
    ASSERT_FALSE(image.empty());
    resize(image, image, Size(160, 120), 0, 0, INTER_AREA);
    Ptr<inpainting::MaskGenerator> gen = inpainting::MaskGenerator::create(inpainting::MASK_MIXED, 0.2, 0.3, 4);
    Mat mask;
    gen->generate(image.size(), mask);
    Mat a, b, scribbled = image.clone();
    scribbled.setTo(Scalar(0, 255, 0), mask);
    Ptr<inpainting::CriminisiInpainter> c = inpainting::CriminisiInpainter::create();
    c->apply(image, mask, a);
    c->apply(scribbled, mask, b);
    EXPECT_TRUE(sameBytes(a, b));
    // Every filled pixel is one of the known pixels of the input.
    std::set<uint32_t> known;
    for (int y = 0; y < image.rows; y++)
        for (int x = 0; x < image.cols; x++)
            if (!mask.at<uchar>(y, x))
            {
                const Vec3b v = image.at<Vec3b>(y, x);
                known.insert((uint32_t)v[0] | (uint32_t)v[1] << 8 | (uint32_t)v[2] << 16);
            }
    int foreign = 0;
    for (int y = 0; y < image.rows; y++)
        for (int x = 0; x < image.cols; x++)
        {
            const Vec3b v = a.at<Vec3b>(y, x);
            if (mask.at<uchar>(y, x) && !known.count((uint32_t)v[0] | (uint32_t)v[1] << 8 | (uint32_t)v[2] << 16))
                foreign++;
            if (!mask.at<uchar>(y, x))
                ASSERT_EQ(v, image.at<Vec3b>(y, x));
        }
    EXPECT_EQ(foreign, 0);
    // The same through inpaint() and its method name.
    Mat viaInpaint;
    inpainting::inpaint(image, mask, viaInpaint, inpainting::methodFromName("criminisi"));
    EXPECT_TRUE(sameBytes(viaInpaint, a));
}

TEST(Inpainting_Criminisi, settings_round_trip_and_small_images_fall_back_to_smaller_patches)
{
    Ptr<inpainting::CriminisiInpainter> c = inpainting::CriminisiInpainter::create(11, 20);
    EXPECT_EQ(c->getPatchSize(), 11);
    EXPECT_EQ(c->getSearchRadius(), 20);
    c->setPatchSize(7);
    c->setSearchRadius(0);
    EXPECT_EQ(c->getPatchSize(), 7);
    EXPECT_EQ(c->getSearchRadius(), 0);
    // 6x5 image: no fully known 7x7 patch exists; the fill still completes from known pixels.
    Mat image(5, 6, CV_8UC1);
    for (int i = 0; i < 30; i++)
        image.data[i] = (uchar)(10 * i);
    Mat mask = Mat::zeros(image.size(), CV_8UC1);
    mask(Rect(2, 1, 2, 3)).setTo(255);
    Mat result;
    c->apply(image, mask, result);
    for (int y = 0; y < 5; y++)
        for (int x = 0; x < 6; x++)
            if (mask.at<uchar>(y, x))
            {
                bool fromKnown = false;
                for (int i = 0; i < 30; i++)
                    fromKnown |= !mask.data[i] && image.data[i] == result.at<uchar>(y, x);
                EXPECT_TRUE(fromKnown) << Point(x, y);
            }
}

} // namespace opencv_test_inpainting
