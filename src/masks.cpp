// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

#include "precomp.hpp"

namespace cv {
namespace inpainting {

namespace {

// Brush presets at a 256-pixel reference side, in the spirit of the free-form masks of
// DeepFill v2 and LaMa: strokes are polylines of a few segments with round joints.
struct BrushPreset { double minWidth, maxWidth; int minVertices, maxVertices; double maxSegment; };
const BrushPreset kThin   = {  3, 15, 4, 12, 60 };
const BrushPreset kMedium = { 10, 35, 3, 10, 70 };
const BrushPreset kThick  = { 25, 60, 2,  6, 80 };

const double kReferenceSide = 256.0;
const int kMaxScratchWidth = 3;    // scratches are 1..3 px wide at any image size
const int kMaxShapes = 400;        // safety bound on the drawing loop
const int kShrinkAttempts = 6;     // tries at a smaller size before a shape that overshoots is dropped

bool isMaskKind(int kind)
{
    return (kind >= MASK_RECT && kind <= MASK_BORDER) || kind == MASK_SCRATCHES;
}

class MaskGeneratorImpl CV_FINAL : public MaskGenerator
{
public:
    MaskGeneratorImpl(int kind, double minRatio, double maxRatio, int seed)
        : kind_(kind), minRatio_(minRatio), maxRatio_(maxRatio), rng_((uint64)(int64)seed)
    {
        if (!isMaskKind(kind))
            CV_Error_(Error::StsBadArg, ("MaskGenerator: 'kind' must be one of MaskKinds (0..%d or %d = MASK_SCRATCHES), "
                                         "got %d", (int)MASK_BORDER, (int)MASK_SCRATCHES, kind));
        if (!(minRatio > 0 && minRatio <= maxRatio && maxRatio < 1))
            CV_Error_(Error::StsBadArg, ("MaskGenerator: hole ratios must satisfy 0 < minHoleRatio <= maxHoleRatio < 1, "
                                         "got [%g, %g]", minRatio, maxRatio));
        setSeed(seed);
    }

    void setSeed(int seed) CV_OVERRIDE
    {
        // RNG(0) would be replaced by a fixed default state; mix the seed so that 0 is a seed like any other.
        rng_ = RNG((uint64)(uint32_t)seed * 0x9E3779B97F4A7C15ULL + 0x1234567ULL);
    }
    int getKind() const CV_OVERRIDE { return kind_; }
    double getMinHoleRatio() const CV_OVERRIDE { return minRatio_; }
    double getMaxHoleRatio() const CV_OVERRIDE { return maxRatio_; }

    void generate(Size size, OutputArray _mask) CV_OVERRIDE
    {
        if (size.width <= 0 || size.height <= 0)
            CV_Error_(Error::StsBadSize, ("MaskGenerator::generate: 'size' must be positive, got %dx%d",
                                          size.width, size.height));
        const double total = (double)size.area();
        const double target = rng_.uniform(minRatio_, maxRatio_);
        // Pixel counts the mask must land in; at tiny sizes the range may hold no whole count,
        // then the nearest count to the target is used.
        int minCount = (int)std::ceil(minRatio_ * total - 1e-9);
        int maxCount = (int)std::floor(maxRatio_ * total + 1e-9);
        int targetCount = cvRound(target * total);
        if (minCount > maxCount)
            minCount = maxCount = std::max(1, std::min((int)total - 1, targetCount));
        targetCount = std::min(std::max(targetCount, minCount), maxCount);

        Mat mask = Mat::zeros(size, CV_8UC1);
        int count = 0;
        Mat candidate;
        for (int shapes = 0; shapes < kMaxShapes && count < targetCount; shapes++)
        {
            double scale = 1.0;
            for (int attempt = 0; attempt < kShrinkAttempts; attempt++, scale *= 0.6)
            {
                mask.copyTo(candidate);
                drawShape(candidate, scale);
                const int newCount = countNonZero(candidate);
                if (newCount <= maxCount)
                {
                    std::swap(mask, candidate);
                    count = newCount;
                    break;
                }
            }
        }
        adjustCount(mask, count, minCount, maxCount);
        mask.copyTo(_mask);
    }

private:
    void drawShape(Mat& mask, double scale)
    {
        int shape = kind_;
        if (shape == MASK_STROKES)
            shape = MASK_STROKES_THIN + rng_.uniform(0, 3);
        else if (shape == MASK_MIXED)
            shape = rng_.uniform(0.0, 1.0) < 0.3 ? (int)MASK_RECT : MASK_STROKES_THIN + rng_.uniform(0, 3);
        switch (shape)
        {
        case MASK_RECT: drawRect(mask, scale); break;
        case MASK_SCRATCHES: drawScratch(mask, scale); break;
        case MASK_STROKES_THIN: drawStroke(mask, kThin, scale); break;
        case MASK_STROKES_MEDIUM: drawStroke(mask, kMedium, scale); break;
        case MASK_POLYGONS: drawPolygon(mask, scale); break;
        case MASK_BORDER: drawBorderBand(mask, scale); break;
        default: drawStroke(mask, kThick, scale); break;
        }
    }

    void drawRect(Mat& mask, double scale)
    {
        const int w = mask.cols, h = mask.rows;
        // Sides between 10% and 50% of the image side, shrunk by `scale` on retries.
        const int rw = std::max(1, cvRound(w * rng_.uniform(0.1, 0.5) * scale));
        const int rh = std::max(1, cvRound(h * rng_.uniform(0.1, 0.5) * scale));
        const int x = rng_.uniform(0, std::max(1, w - rw + 1));
        const int y = rng_.uniform(0, std::max(1, h - rh + 1));
        mask(Rect(x, y, std::min(rw, w - x), std::min(rh, h - y))).setTo(255);
    }

    void drawStroke(Mat& mask, const BrushPreset& preset, double scale)
    {
        const double unit = std::min(mask.cols, mask.rows) / kReferenceSide;
        const int width = std::max(1, cvRound(rng_.uniform(preset.minWidth, preset.maxWidth) * unit * scale));
        const int vertices = rng_.uniform(preset.minVertices, preset.maxVertices + 1);
        Point2d p(rng_.uniform(0.0, (double)mask.cols), rng_.uniform(0.0, (double)mask.rows));
        double angle = rng_.uniform(0.0, 2 * CV_PI);
        for (int i = 0; i < vertices; i++)
        {
            angle += rng_.uniform(-CV_PI / 2, CV_PI / 2);
            const double length = rng_.uniform(0.2, 1.0) * preset.maxSegment * unit * scale;
            Point2d q(p.x + length * std::cos(angle), p.y + length * std::sin(angle));
            // Keep the brush on the canvas: reflect a segment that would leave it.
            if (q.x < 0 || q.x >= mask.cols) { angle = CV_PI - angle; q.x = std::min(std::max(q.x, 0.0), mask.cols - 1.0); }
            if (q.y < 0 || q.y >= mask.rows) { angle = -angle; q.y = std::min(std::max(q.y, 0.0), mask.rows - 1.0); }
            line(mask, Point(cvRound(p.x), cvRound(p.y)), Point(cvRound(q.x), cvRound(q.y)), Scalar(255), width, LINE_8);
            circle(mask, Point(cvRound(q.x), cvRound(q.y)), width / 2, Scalar(255), FILLED, LINE_8);
            p = q;
        }
    }

    // A scratch: a straight line or a gentle curve (a quadratic Bezier) 1-3 px wide, 15-100 % of
    // the image's diagonal long (shortened by `scale` on retries). Old photos and film scans mostly
    // have long, near-straight scratches; curves stand for hairs, cracks and fibres.
    void drawScratch(Mat& mask, double scale)
    {
        const int width = rng_.uniform(1, kMaxScratchWidth + 1);
        const double diagonal = std::sqrt((double)mask.cols * mask.cols + (double)mask.rows * mask.rows);
        const double length = rng_.uniform(0.15, 1.0) * diagonal * scale;
        const Point2d mid(rng_.uniform(0.0, (double)mask.cols), rng_.uniform(0.0, (double)mask.rows));
        const double angle = rng_.uniform(0.0, CV_PI);
        const Point2d half(0.5 * length * std::cos(angle), 0.5 * length * std::sin(angle));
        const Point2d a = mid - half, b = mid + half;
        // Control point off the chord by up to 30 % of its length; zero for straight scratches.
        const double bend = rng_.uniform(0.0, 1.0) < 0.5 ? 0.0 : rng_.uniform(-0.3, 0.3) * length;
        const Point2d control = mid + Point2d(-std::sin(angle), std::cos(angle)) * bend;
        const int segments = bend == 0.0 ? 1 : std::max(2, cvRound(length / 8.0));
        std::vector<Point> polyline;
        for (int i = 0; i <= segments; i++)
        {
            const double t = (double)i / segments;
            const Point2d p = a * ((1 - t) * (1 - t)) + control * (2 * t * (1 - t)) + b * (t * t);
            polyline.push_back(Point(cvRound(p.x), cvRound(p.y)));
        }
        // OpenCV's thick lines are wider than `thickness` (3 draws about 5 px), so a w-px scratch is
        // w parallel 1-px lines, offset across the segment's minor axis: exactly w pixels per column
        // of a flat segment (per row of a steep one). Parts off the canvas are clipped by line().
        for (size_t i = 0; i + 1 < polyline.size(); i++)
        {
            const Point p = polyline[i], q = polyline[i + 1];
            const bool flat = std::abs(q.x - p.x) >= std::abs(q.y - p.y);
            for (int k = 0; k < width; k++)
            {
                const Point offset = flat ? Point(0, k - (width - 1) / 2) : Point(k - (width - 1) / 2, 0);
                line(mask, p + offset, q + offset, Scalar(255), 1, LINE_8);
            }
        }
    }

    // A star-shaped polygon: vertices at sorted random angles around a centre, each at its own
    // radius. Sorted angles make the outline simple (it never crosses itself); radii varying
    // between 0.3 and 1 of the largest make most polygons concave.
    void drawPolygon(Mat& mask, double scale)
    {
        const double side = std::min(mask.cols, mask.rows);
        const double radius = std::max(1.0, side * rng_.uniform(0.08, 0.35) * scale);
        const Point2d centre(rng_.uniform(0.0, (double)mask.cols), rng_.uniform(0.0, (double)mask.rows));
        const int vertices = rng_.uniform(3, 13);
        std::vector<double> angles(vertices);
        for (double& a : angles)
            a = rng_.uniform(0.0, 2 * CV_PI);
        std::sort(angles.begin(), angles.end());
        std::vector<Point> polygon;
        for (double a : angles)
        {
            const double r = radius * rng_.uniform(0.3, 1.0);
            polygon.emplace_back(cvRound(centre.x + r * std::cos(a)), cvRound(centre.y + r * std::sin(a)));
        }
        fillPoly(mask, std::vector<std::vector<Point>>{ polygon }, Scalar(255), LINE_8);
    }

    // A band along one to four sides (each side chosen with probability 1/2, at least one), of a
    // width between 2% and 15% of the shorter image side; successive bands widen the frame.
    void drawBorderBand(Mat& mask, double scale)
    {
        const double side = std::min(mask.cols, mask.rows);
        const int width = std::max(1, cvRound(side * rng_.uniform(0.02, 0.15) * scale));
        int sides = 0;
        while (sides == 0)
            for (int s = 0; s < 4; s++)
                if (rng_.uniform(0, 2))
                    sides |= 1 << s;
        const int w = std::min(width, mask.cols), h = std::min(width, mask.rows);
        if (sides & 1) mask(Rect(0, 0, mask.cols, h)).setTo(255);               // top
        if (sides & 2) mask(Rect(0, mask.rows - h, mask.cols, h)).setTo(255);   // bottom
        if (sides & 4) mask(Rect(0, 0, w, mask.rows)).setTo(255);               // left
        if (sides & 8) mask(Rect(mask.cols - w, 0, w, mask.rows)).setTo(255);   // right
    }

    // Brings the hole count into [minCount, maxCount] when shapes alone could not (tiny images,
    // or a drawing loop that ran out of shapes): grows the hole from its border, or takes pixels
    // off its border, one ring at a time, and finally sets exact pixels along the ring.
    static void adjustCount(Mat& mask, int& count, int minCount, int maxCount)
    {
        if (count == 0 && minCount > 0)
        {
            mask.at<uchar>(mask.rows / 2, mask.cols / 2) = 255;
            count = 1;
        }
        while (count < minCount || count > maxCount)
        {
            const bool grow = count < minCount;
            Mat next;
            if (grow)
                dilate(mask, next, Mat());
            else
                erode(mask, next, Mat());
            const int nextCount = countNonZero(next);
            const bool overshoots = grow ? nextCount > maxCount : nextCount < minCount;
            if (!overshoots && nextCount != count)
            {
                mask = next;
                count = nextCount;
                continue;
            }
            // Take just enough pixels of the ring between mask and next.
            Mat ring;
            absdiff(mask, next, ring);
            std::vector<Point> ringPixels;
            findNonZero(ring, ringPixels);
            const int need = grow ? minCount - count : count - maxCount;
            const uchar value = grow ? 255 : 0;
            for (int i = 0; i < need && i < (int)ringPixels.size(); i++)
                mask.at<uchar>(ringPixels[i]) = value;
            count = countNonZero(mask);
            break;
        }
    }

    int kind_;
    double minRatio_, maxRatio_;
    RNG rng_;
};

} // namespace

Ptr<MaskGenerator> MaskGenerator::create(int kind, double minHoleRatio, double maxHoleRatio, int seed)
{
    return makePtr<MaskGeneratorImpl>(kind, minHoleRatio, maxHoleRatio, seed);
}

double holeRatio(InputArray _mask)
{
    Mat mask = _mask.getMat();
    if (mask.empty())
        CV_Error(Error::StsBadArg, "holeRatio: 'mask' is empty");
    if (mask.type() != CV_8UC1)
        CV_Error_(Error::StsBadArg, ("holeRatio: 'mask' must be CV_8UC1, got %s", typeToString(mask.type()).c_str()));
    return (double)countNonZero(mask) / (double)mask.total();
}

int holeRatioBucket(double ratio)
{
    if (!(ratio > 0.01))
        return -1;
    for (int b = 0; b < HOLE_BUCKETS - 1; b++)
        if (ratio <= (b + 1) / 10.0)
            return b;
    return HOLE_BUCKETS - 1;
}

String holeRatioBucketName(int bucket)
{
    static const char* const names[HOLE_BUCKETS] = { "0.01-0.1", "0.1-0.2", "0.2-0.3", "0.3-0.4",
                                                     "0.4-0.5", "0.5-0.6", "0.6-1" };
    if (bucket < 0 || bucket >= HOLE_BUCKETS)
        CV_Error_(Error::StsOutOfRange, ("holeRatioBucketName: 'bucket' must be in [0, %d), got %d", (int)HOLE_BUCKETS, bucket));
    return names[bucket];
}

}} // namespace cv::inpainting
