// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

#include "test_precomp.hpp"

namespace opencv_test_inpainting {
namespace {

using namespace cv;
using inpainting::MaskGenerator;

const int kAllKinds[] = { inpainting::MASK_RECT, inpainting::MASK_STROKES_THIN, inpainting::MASK_STROKES_MEDIUM,
                          inpainting::MASK_STROKES_THICK, inpainting::MASK_STROKES, inpainting::MASK_MIXED,
                          inpainting::MASK_POLYGONS, inpainting::MASK_BORDER, inpainting::MASK_SCRATCHES };

// Largest inscribed-circle radius of the hole: half the thickest part of the strokes.
double maxHoleRadius(const Mat& mask)
{
    Mat dist;
    distanceTransform(mask, dist, DIST_L2, DIST_MASK_PRECISE);
    double maxValue = 0;
    minMaxLoc(dist, nullptr, &maxValue);
    return maxValue;
}

} // namespace

TEST(Inpainting_Masks, ratio_within_range_for_every_kind_and_size)
{
    const Size sizes[] = { Size(256, 256), Size(481, 321), Size(64, 200), Size(33, 17) };
    const double ranges[][2] = { { 0.01, 0.1 }, { 0.1, 0.2 }, { 0.3, 0.4 }, { 0.5, 0.6 } };
    for (int kind : kAllKinds)
        for (const Size& size : sizes)
            for (const auto& range : ranges)
            {
                Ptr<MaskGenerator> gen = MaskGenerator::create(kind, range[0], range[1], 7);
                for (int i = 0; i < 3; i++)
                {
                    Mat mask;
                    gen->generate(size, mask);
                    ASSERT_EQ(mask.type(), CV_8UC1);
                    ASSERT_EQ(mask.size(), size);
                    const double ratio = inpainting::holeRatio(mask);
                    const double pixel = 1.0 / size.area();
                    EXPECT_GE(ratio, range[0] - pixel) << "kind " << kind << " size " << size << " i " << i;
                    EXPECT_LE(ratio, range[1] + pixel) << "kind " << kind << " size " << size << " i " << i;
                    // binary: only 0 and 255
                    EXPECT_EQ(countNonZero(mask == 255) + countNonZero(mask == 0), (int)mask.total());
                }
            }
}

TEST(Inpainting_Masks, tiny_sizes_do_not_fail)
{
    for (int kind : kAllKinds)
        for (const Size& size : { Size(1, 1), Size(2, 1), Size(3, 3), Size(8, 5) })
        {
            Mat mask;
            MaskGenerator::create(kind, 0.2, 0.5, 3)->generate(size, mask);
            ASSERT_EQ(mask.size(), size);
            const int holes = countNonZero(mask);
            EXPECT_GE(holes, 1);
            if (size.area() > 1)
                EXPECT_LT(holes, size.area()) << size;
        }
}

TEST(Inpainting_Masks, same_seed_same_masks_other_seed_other_masks)
{
    for (int kind : kAllKinds)
    {
        Ptr<MaskGenerator> a = MaskGenerator::create(kind, 0.1, 0.5, 42);
        Ptr<MaskGenerator> b = MaskGenerator::create(kind, 0.1, 0.5, 42);
        Ptr<MaskGenerator> c = MaskGenerator::create(kind, 0.1, 0.5, 43);
        Mat ma, mb, mc;
        for (int i = 0; i < 3; i++)
        {
            a->generate(Size(128, 96), ma);
            b->generate(Size(128, 96), mb);
            c->generate(Size(128, 96), mc);
            EXPECT_EQ(countNonZero(ma != mb), 0);
            EXPECT_GT(countNonZero(ma != mc), 0);
        }
        // setSeed restarts the sequence
        Mat first, again;
        a->setSeed(5);
        a->generate(Size(64, 64), first);
        a->setSeed(5);
        a->generate(Size(64, 64), again);
        EXPECT_EQ(countNonZero(first != again), 0);
    }
}

TEST(Inpainting_Masks, brush_presets_differ_in_thickness)
{
    // Averaged over masks of the same ratio, thick strokes have wider parts than thin ones.
    double thin = 0, thick = 0;
    Ptr<MaskGenerator> thinGen = MaskGenerator::create(inpainting::MASK_STROKES_THIN, 0.2, 0.3, 1);
    Ptr<MaskGenerator> thickGen = MaskGenerator::create(inpainting::MASK_STROKES_THICK, 0.2, 0.3, 1);
    for (int i = 0; i < 8; i++)
    {
        Mat m;
        thinGen->generate(Size(256, 256), m);
        thin += maxHoleRadius(m);
        thickGen->generate(Size(256, 256), m);
        thick += maxHoleRadius(m);
    }
    EXPECT_GT(thick, 1.8 * thin);
    // and rectangle masks have only straight, axis-aligned edges.
    Mat rect;
    MaskGenerator::create(inpainting::MASK_RECT, 0.02, 0.05, 9)->generate(Size(200, 200), rect);
    std::vector<std::vector<Point>> contours;
    findContours(rect.clone(), contours, RETR_EXTERNAL, CHAIN_APPROX_SIMPLE);
    ASSERT_FALSE(contours.empty());
    for (const auto& contour : contours) // unions of axis-aligned boxes: every edge horizontal or vertical
        for (size_t i = 0; i < contour.size(); i++)
        {
            const Point p = contour[i], q = contour[(i + 1) % contour.size()];
            EXPECT_TRUE(p.x == q.x || p.y == q.y) << p << " " << q;
        }
}

TEST(Inpainting_Masks, scratches_are_thin_at_every_size)
{
    // A scratch is 1-3 px wide whatever the resolution (strokes scale with it). Where scratches
    // cross, the hole is locally wider, so the check is on almost all hole pixels: 98 % of them lie
    // within distance 2 of a known pixel (the centre line of a 3-px scratch), at a thumbnail and at
    // a 12-megapixel scan alike; and 1-px scratches (hole pixels at distance 1 only) occur.
    for (const Size& size : { Size(160, 120), Size(481, 321), Size(4000, 3000) })
    {
        Ptr<MaskGenerator> gen = MaskGenerator::create(inpainting::MASK_SCRATCHES, 0.015, 0.06, 11);
        int widthOneSeen = 0;
        for (int i = 0; i < 4; i++)
        {
            Mat mask, dist;
            gen->generate(size, mask);
            distanceTransform(mask, dist, DIST_L2, DIST_MASK_PRECISE);
            const int holes = countNonZero(mask);
            const int deep = countNonZero(dist > 2.0 + 1e-3);
            EXPECT_LT(deep, 0.02 * holes) << size << " mask " << i << ": " << deep << " of " << holes;
            // a 1-px line has a neighbour known pixel at distance 1 on both sides
            Mat onePx = (dist == 1.0f) & (mask != 0);
            widthOneSeen += countNonZero(onePx) > 0;
        }
        EXPECT_GT(widthOneSeen, 0) << size;
    }
    // Strokes, by contrast, grow with the image.
    Mat strokes;
    MaskGenerator::create(inpainting::MASK_STROKES_THIN, 0.015, 0.06, 11)->generate(Size(4000, 3000), strokes);
    EXPECT_GT(maxHoleRadius(strokes), 10.0);
}

TEST(Inpainting_Masks, hole_ratio_and_buckets)
{
    Mat mask = Mat::zeros(10, 10, CV_8UC1);
    EXPECT_EQ(inpainting::holeRatio(mask), 0.0);
    mask(Rect(0, 0, 3, 10)).setTo(7); // any non-zero value is a hole
    EXPECT_DOUBLE_EQ(inpainting::holeRatio(mask), 0.3);
    EXPECT_EQ(inpainting::holeRatioBucket(inpainting::holeRatio(mask)), 2); // (0.2, 0.3]

    EXPECT_EQ(inpainting::holeRatioBucket(0.0), -1);
    EXPECT_EQ(inpainting::holeRatioBucket(0.01), -1);
    EXPECT_EQ(inpainting::holeRatioBucket(0.0101), 0);
    EXPECT_EQ(inpainting::holeRatioBucket(0.1), 0);
    EXPECT_EQ(inpainting::holeRatioBucket(0.1001), 1);
    EXPECT_EQ(inpainting::holeRatioBucket(0.6), 5);
    EXPECT_EQ(inpainting::holeRatioBucket(0.61), 6);
    EXPECT_EQ(inpainting::holeRatioBucket(1.0), 6);
    for (int n = 1; n <= 60; n++) // exact ratios n/100 on bucket edges
    {
        const int expected = n <= 1 ? -1 : n <= 10 ? 0 : (n - 1) / 10;
        EXPECT_EQ(inpainting::holeRatioBucket(n / 100.0), expected) << n;
    }
    EXPECT_EQ(inpainting::holeRatioBucketName(0), "0.01-0.1");
    EXPECT_EQ(inpainting::holeRatioBucketName(5), "0.5-0.6");
    EXPECT_EQ(inpainting::holeRatioBucketName(6), "0.6-1");
    EXPECT_THROW(inpainting::holeRatioBucketName(7), cv::Exception);
    EXPECT_THROW(inpainting::holeRatioBucketName(-1), cv::Exception);
}

TEST(Inpainting_Masks, bad_input)
{
    EXPECT_THROW(MaskGenerator::create(99), cv::Exception);
    EXPECT_THROW(MaskGenerator::create(-1), cv::Exception);
    EXPECT_THROW(MaskGenerator::create(9), cv::Exception);
    EXPECT_THROW(MaskGenerator::create(inpainting::MASK_RECT, 0.0, 0.5), cv::Exception);
    EXPECT_THROW(MaskGenerator::create(inpainting::MASK_RECT, 0.5, 0.4), cv::Exception);
    EXPECT_THROW(MaskGenerator::create(inpainting::MASK_RECT, 0.5, 1.0), cv::Exception);
    Mat m;
    EXPECT_THROW(MaskGenerator::create()->generate(Size(0, 10), m), cv::Exception);
    EXPECT_THROW(inpainting::holeRatio(Mat()), cv::Exception);
    EXPECT_THROW(inpainting::holeRatio(Mat::zeros(4, 4, CV_8UC3)), cv::Exception);
}

} // namespace opencv_test_inpainting

namespace opencv_test_inpainting {

// Every hole pixel of a MASK_BORDER mask lies in a band along a side: the hole is the union of a
// top band, a bottom band, a left band and a right band (each possibly empty). Checked by
// reconstructing the bands from the mask's full rows and columns and comparing pixel by pixel.
TEST(Inpainting_Masks, border_masks_are_bands_along_the_sides)
{
    Ptr<MaskGenerator> gen = MaskGenerator::create(inpainting::MASK_BORDER, 0.05, 0.5, 11);
    for (int i = 0; i < 20; i++)
    {
        Mat mask;
        gen->generate(Size(120, 80), mask);
        // Band widths: how many leading/trailing rows and columns are entirely hole.
        auto fullRow = [&](int y) { return countNonZero(mask.row(y)) == mask.cols; };
        auto fullCol = [&](int x) { return countNonZero(mask.col(x)) == mask.rows; };
        int top = 0, bottom = 0, left = 0, right = 0;
        while (top < mask.rows && fullRow(top)) top++;
        while (bottom < mask.rows && fullRow(mask.rows - 1 - bottom)) bottom++;
        while (left < mask.cols && fullCol(left)) left++;
        while (right < mask.cols && fullCol(mask.cols - 1 - right)) right++;
        Mat expected = Mat::zeros(mask.size(), CV_8UC1);
        for (int y = 0; y < mask.rows; y++)
            for (int x = 0; x < mask.cols; x++)
                if (y < top || y >= mask.rows - bottom || x < left || x >= mask.cols - right)
                    expected.at<uchar>(y, x) = 255;
        // The exact-count adjustment may set or clear a few pixels of one ring along the inner edge.
        Mat diff = mask != expected;
        EXPECT_LE(countNonZero(diff), 2 * (mask.rows + mask.cols)) << "mask " << i;
        EXPECT_GT(top + bottom + left + right, 0) << "mask " << i;
        const double ratio = inpainting::holeRatio(mask);
        EXPECT_GE(ratio, 0.05 - 1e-9);
        EXPECT_LE(ratio, 0.5 + 1e-9);
    }
}

// MASK_POLYGONS: filled shapes (no interior gaps) whose outlines include concave ones. A filled
// simple polygon has no holes: every connected component of the known region touches the image
// border or is enclosed by two or more polygons. Concavity: the hole of some component covers
// clearly less than its convex hull.
TEST(Inpainting_Masks, polygon_masks_are_filled_and_some_are_concave)
{
    Ptr<MaskGenerator> gen = MaskGenerator::create(inpainting::MASK_POLYGONS, 0.02, 0.08, 5);
    int concave = 0, components = 0;
    for (int i = 0; i < 30; i++)
    {
        Mat mask;
        gen->generate(Size(256, 256), mask);
        std::vector<std::vector<Point>> contours;
        findContours(mask.clone(), contours, RETR_EXTERNAL, CHAIN_APPROX_NONE);
        for (const auto& c : contours)
        {
            const double area = contourArea(c);
            if (area < 200)
                continue; // a sliver left by the count adjustment
            std::vector<Point> hull;
            convexHull(c, hull);
            components++;
            if (area < 0.85 * contourArea(hull))
                concave++;
        }
        // Not strokes: the polygons are solid, far thicker than a 1-2 px outline.
        EXPECT_GT(maxHoleRadius(mask), 3.0) << "mask " << i;
    }
    EXPECT_GT(components, 20);
    EXPECT_GT(concave, components / 4) << concave << " of " << components;
}

} // namespace opencv_test_inpainting
