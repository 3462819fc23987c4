// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

// Exemplar-based inpainting after Criminisi, Pérez and Toyama (2004): fill-front priorities
// (confidence x data term), best-match patch copy from the known region, local updates.

#include "precomp.hpp"

#include <cstring>

namespace cv {
namespace inpainting {

namespace {

// Added to the data term so that the confidence orders flat regions, where the data term is 0.
const float kDataEpsilon = 1e-3f;

// The state of one fill: the working image (float, matched on), the known map, the confidences,
// the gradients of the known pixels, the front and its priorities, and where each filled pixel
// was copied from.
class CriminisiFill
{
public:
    CriminisiFill(const Mat& colour, const Mat& hole, int patchSize, int searchRadius)
        : rows_(colour.rows), cols_(colour.cols), radius_(searchRadius)
    {
        prepareWorkingImage(colour, hole);
        known_ = Mat(rows_, cols_, CV_8U);
        for (int y = 0; y < rows_; y++)
            for (int x = 0; x < cols_; x++)
                known_.at<uchar>(y, x) = hole.at<uchar>(y, x) ? 0 : 1;
        confidence_ = Mat(rows_, cols_, CV_32F);
        known_.convertTo(confidence_, CV_32F);
        source_ = Mat(rows_, cols_, CV_32SC2, Scalar::all(-1));
        chooseSourcePatches(patchSize);
        gradX_ = Mat::zeros(rows_, cols_, CV_32F);
        gradY_ = Mat::zeros(rows_, cols_, CV_32F);
        gradValid_ = Mat::zeros(rows_, cols_, CV_8U);
        updateGradients(Rect(0, 0, cols_, rows_));
        isFront_ = Mat::zeros(rows_, cols_, CV_8U);
        priority_ = Mat::zeros(rows_, cols_, CV_32F);
        remaining_ = 0;
        for (int y = 0; y < rows_; y++)
            for (int x = 0; x < cols_; x++)
                if (!known_.at<uchar>(y, x))
                {
                    remaining_++;
                    refreshFront(Point(x, y));
                }
    }

    // Runs until every hole pixel is filled; returns for every pixel the pixel it was copied
    // from (-1, -1 for the known ones).
    const Mat& run()
    {
        while (remaining_ > 0)
        {
            const Point p = highestPriority();
            const Point q = bestMatch(p);
            copyPatch(p, q);
        }
        return source_;
    }

private:
    // The matched-on image: CIE Lab / 100 for colour, the grey level for one channel, both after
    // scaling the known pixels' range to [0, 1] (so the data term means the same for every type).
    void prepareWorkingImage(const Mat& colour, const Mat& hole)
    {
        Mat asFloat;
        colour.convertTo(asFloat, CV_32F);
        const int cn = colour.channels();
        float lo = std::numeric_limits<float>::max(), hi = -std::numeric_limits<float>::max();
        for (int y = 0; y < rows_; y++)
        {
            const float* row = asFloat.ptr<float>(y);
            const uchar* h = hole.ptr<uchar>(y);
            for (int x = 0; x < cols_; x++)
                if (!h[x])
                    for (int c = 0; c < cn; c++)
                    {
                        lo = std::min(lo, row[x * cn + c]);
                        hi = std::max(hi, row[x * cn + c]);
                    }
        }
        const double span = hi > lo ? (double)hi - lo : 1.0;
        Mat unit;
        asFloat.convertTo(unit, CV_32F, 1.0 / span, -lo / span);
        unit.setTo(Scalar::all(0), hole);
        if (colour.channels() == 3)
        {
            Mat lab;
            cvtColor(unit, lab, COLOR_BGR2Lab);
            lab.convertTo(work_, CV_32F, 1.0 / 100.0);
            work_.setTo(Scalar::all(0), hole);
        }
        else
            work_ = unit;
        channels_ = work_.channels();
        std::vector<Mat> planes;
        split(work_, planes);
        luminance_ = planes[0];
    }

    // Source patches: centres whose whole patch is inside the image and known. A patch size with
    // no such centre is halved until one exists (1x1 patches: every known pixel).
    void chooseSourcePatches(int patchSize)
    {
        for (half_ = patchSize / 2; ; half_ = half_ / 2)
        {
            const int side = 2 * half_ + 1;
            erode(known_, sourceOk_, getStructuringElement(MORPH_RECT, Size(side, side)), Point(-1, -1), 1,
                  BORDER_CONSTANT, Scalar(0));
            if (countNonZero(sourceOk_) > 0 || half_ == 0)
                break;
        }
        integral(sourceOk_, sourceCount_, CV_32S);
    }

    int sourcesIn(const Rect& r) const
    {
        return sourceCount_.at<int>(r.y + r.height, r.x + r.width) - sourceCount_.at<int>(r.y, r.x + r.width) -
               sourceCount_.at<int>(r.y + r.height, r.x) + sourceCount_.at<int>(r.y, r.x);
    }

    bool inside(int x, int y) const { return x >= 0 && y >= 0 && x < cols_ && y < rows_; }
    bool isKnown(int x, int y) const { return inside(x, y) && known_.at<uchar>(y, x); }

    // Central differences of the luminance where the pixel and its four neighbours are known.
    void updateGradients(const Rect& area)
    {
        const Rect r = area & Rect(0, 0, cols_, rows_);
        for (int y = r.y; y < r.y + r.height; y++)
            for (int x = r.x; x < r.x + r.width; x++)
            {
                const bool ok = isKnown(x, y) && isKnown(x - 1, y) && isKnown(x + 1, y) && isKnown(x, y - 1) &&
                                isKnown(x, y + 1);
                gradValid_.at<uchar>(y, x) = ok ? 1 : 0;
                if (ok)
                {
                    gradX_.at<float>(y, x) = 0.5f * (luminance_.at<float>(y, x + 1) - luminance_.at<float>(y, x - 1));
                    gradY_.at<float>(y, x) = 0.5f * (luminance_.at<float>(y + 1, x) - luminance_.at<float>(y - 1, x));
                }
            }
    }

    // Front membership of an unknown pixel: it touches a known pixel (4-neighbourhood).
    void refreshFront(const Point& p)
    {
        const bool front = !known_.at<uchar>(p.y, p.x) &&
                           (isKnown(p.x - 1, p.y) || isKnown(p.x + 1, p.y) || isKnown(p.x, p.y - 1) || isKnown(p.x, p.y + 1));
        uchar& flag = isFront_.at<uchar>(p.y, p.x);
        if (front)
        {
            if (!flag)
                front_.push_back(p);
            flag = 1;
            priority_.at<float>(p.y, p.x) = computePriority(p);
        }
        else
            flag = 0;
    }

    float computePriority(const Point& p) const
    {
        const Rect patch = Rect(p.x - half_, p.y - half_, 2 * half_ + 1, 2 * half_ + 1) & Rect(0, 0, cols_, rows_);
        double confidenceSum = 0;
        float bestMagnitude = -1.f, isoX = 0.f, isoY = 0.f;
        for (int y = patch.y; y < patch.y + patch.height; y++)
            for (int x = patch.x; x < patch.x + patch.width; x++)
            {
                confidenceSum += confidence_.at<float>(y, x);
                if (gradValid_.at<uchar>(y, x))
                {
                    const float gx = gradX_.at<float>(y, x), gy = gradY_.at<float>(y, x);
                    const float magnitude = gx * gx + gy * gy;
                    if (magnitude > bestMagnitude)
                    {
                        bestMagnitude = magnitude;
                        isoX = -gy; // the isophote: the gradient rotated by 90 degrees
                        isoY = gx;
                    }
                }
            }
        const float confidence = (float)(confidenceSum / patch.area());
        // Normal to the front: the gradient of the known indicator (Sobel 3x3), normalised.
        float nx = 0.f, ny = 0.f;
        for (int dy = -1; dy <= 1; dy++)
            for (int dx = -1; dx <= 1; dx++)
            {
                const float k = isKnown(p.x + dx, p.y + dy) ? 1.f : 0.f;
                nx += k * dx * (dy == 0 ? 2.f : 1.f);
                ny += k * dy * (dx == 0 ? 2.f : 1.f);
            }
        const float norm = std::sqrt(nx * nx + ny * ny);
        const float data = norm > 0.f ? std::fabs(isoX * nx + isoY * ny) / norm : 0.f;
        return confidence * (data + kDataEpsilon);
    }

    Point highestPriority()
    {
        // Drop the pixels that left the front, then take the largest priority (ties: topmost,
        // then leftmost).
        size_t kept = 0;
        for (const Point& p : front_)
            if (isFront_.at<uchar>(p.y, p.x))
                front_[kept++] = p;
        front_.resize(kept);
        CV_Assert(!front_.empty());
        Point best = front_[0];
        float bestPriority = priority_.at<float>(best.y, best.x);
        for (const Point& p : front_)
        {
            const float value = priority_.at<float>(p.y, p.x);
            if (value > bestPriority || (value == bestPriority && (p.y < best.y || (p.y == best.y && p.x < best.x))))
            {
                best = p;
                bestPriority = value;
            }
        }
        return best;
    }

    // The source centre whose patch best matches the known pixels of p's patch.
    Point bestMatch(const Point& p)
    {
        // Offsets of p's patch that are inside the image and known: the pixels compared.
        offsets_.clear();
        for (int dy = -half_; dy <= half_; dy++)
            for (int dx = -half_; dx <= half_; dx++)
                if (isKnown(p.x + dx, p.y + dy))
                    offsets_.push_back(Point(dx, dy));
        const Rect image(0, 0, cols_, rows_);
        for (int radius = radius_ > 0 ? radius_ : std::max(rows_, cols_); ; radius *= 2)
        {
            const Rect window = Rect(p.x - radius, p.y - radius, 2 * radius + 1, 2 * radius + 1) & image;
            if (sourcesIn(window) == 0)
            {
                CV_Assert(window != image); // chooseSourcePatches() guarantees a source somewhere
                continue;
            }
            return searchWindow(p, window);
        }
    }

    Point searchWindow(const Point& p, const Rect& window) const
    {
        double bestCost = std::numeric_limits<double>::infinity();
        long long bestDistance = std::numeric_limits<long long>::max();
        Point best(-1, -1);
        const int n = (int)offsets_.size(), cn = channels_;
        std::vector<const float*> target(n);
        for (int i = 0; i < n; i++)
            target[i] = work_.ptr<float>(p.y + offsets_[i].y) + (p.x + offsets_[i].x) * cn;
        for (int y = window.y; y < window.y + window.height; y++)
        {
            const uchar* ok = sourceOk_.ptr<uchar>(y);
            for (int x = window.x; x < window.x + window.width; x++)
            {
                if (!ok[x])
                    continue;
                double cost = 0;
                for (int i = 0; i < n && cost <= bestCost; i++)
                {
                    const float* s = work_.ptr<float>(y + offsets_[i].y) + (x + offsets_[i].x) * cn;
                    const float* t = target[i];
                    for (int c = 0; c < cn; c++)
                    {
                        const double d = (double)s[c] - t[c];
                        cost += d * d;
                    }
                }
                if (cost > bestCost)
                    continue;
                const long long distance = (long long)(x - p.x) * (x - p.x) + (long long)(y - p.y) * (y - p.y);
                if (cost < bestCost || distance < bestDistance)
                {
                    bestCost = cost;
                    bestDistance = distance;
                    best = Point(x, y);
                }
            }
        }
        CV_Assert(best.x >= 0);
        return best;
    }

    void copyPatch(const Point& p, const Point& q)
    {
        const float confidence = computeConfidence(p);
        const Rect image(0, 0, cols_, rows_);
        const Rect patch = Rect(p.x - half_, p.y - half_, 2 * half_ + 1, 2 * half_ + 1) & image;
        const int cn = channels_;
        for (int y = patch.y; y < patch.y + patch.height; y++)
            for (int x = patch.x; x < patch.x + patch.width; x++)
            {
                if (known_.at<uchar>(y, x))
                    continue;
                const int sx = x - p.x + q.x, sy = y - p.y + q.y; // known: q's patch is a source patch
                const float* s = work_.ptr<float>(sy) + sx * cn;
                float* d = work_.ptr<float>(y) + x * cn;
                for (int c = 0; c < cn; c++)
                    d[c] = s[c];
                if (cn > 1)
                    luminance_.at<float>(y, x) = s[0];
                source_.at<Vec2i>(y, x) = Vec2i(sx, sy);
                confidence_.at<float>(y, x) = confidence;
                known_.at<uchar>(y, x) = 1;
                remaining_--;
            }
        // Gradients change where a neighbour became known; the front within one pixel of the
        // patch; priorities wherever a patch overlaps the changed pixels.
        updateGradients(Rect(patch.x - 1, patch.y - 1, patch.width + 2, patch.height + 2));
        const Rect affected = Rect(patch.x - 2 * half_ - 2, patch.y - 2 * half_ - 2, patch.width + 4 * half_ + 4,
                                   patch.height + 4 * half_ + 4) & image;
        for (int y = affected.y; y < affected.y + affected.height; y++)
            for (int x = affected.x; x < affected.x + affected.width; x++)
                if (!known_.at<uchar>(y, x) || isFront_.at<uchar>(y, x))
                    refreshFront(Point(x, y));
    }

    float computeConfidence(const Point& p) const
    {
        const Rect patch = Rect(p.x - half_, p.y - half_, 2 * half_ + 1, 2 * half_ + 1) & Rect(0, 0, cols_, rows_);
        double sum = 0;
        for (int y = patch.y; y < patch.y + patch.height; y++)
            for (int x = patch.x; x < patch.x + patch.width; x++)
                sum += confidence_.at<float>(y, x);
        return (float)(sum / patch.area());
    }

    int rows_, cols_, radius_, half_ = 0, channels_ = 1, remaining_ = 0;
    Mat work_, luminance_, known_, confidence_, source_, sourceOk_, sourceCount_;
    Mat gradX_, gradY_, gradValid_, isFront_, priority_;
    std::vector<Point> front_, offsets_;
};

class CriminisiInpainterImpl CV_FINAL : public CriminisiInpainter
{
public:
    CriminisiInpainterImpl(int patchSize, int searchRadius)
    {
        setPatchSize(patchSize);
        setSearchRadius(searchRadius);
    }

    void apply(InputArray _image, InputArray _mask, OutputArray _result) CV_OVERRIDE
    {
        const Mat image = _image.getMat(), mask = _mask.getMat();
        detail::checkImageAndMask(image, mask, "image", "mask");
        detail::fillHolesKeepingKnown(image, mask, _result, [this](const Mat& colour, const Mat& hole, Mat& filled) {
            CriminisiFill fill(colour, hole, patchSize_, searchRadius_);
            const Mat& source = fill.run();
            filled = colour.clone();
            const size_t pixelBytes = colour.elemSize();
            for (int y = 0; y < colour.rows; y++)
                for (int x = 0; x < colour.cols; x++)
                {
                    const Vec2i s = source.at<Vec2i>(y, x);
                    if (s[0] >= 0)
                        std::memcpy(filled.ptr(y) + x * pixelBytes, colour.ptr(s[1]) + s[0] * pixelBytes, pixelBytes);
                }
        });
    }

    void setPatchSize(int patchSize) CV_OVERRIDE
    {
        if (patchSize < 3 || patchSize > 31 || patchSize % 2 == 0)
            CV_Error_(Error::StsOutOfRange,
                      ("CriminisiInpainter: 'patchSize' must be odd and in [3, 31], got %d", patchSize));
        patchSize_ = patchSize;
    }
    int getPatchSize() const CV_OVERRIDE { return patchSize_; }

    void setSearchRadius(int searchRadius) CV_OVERRIDE
    {
        if (searchRadius < 0)
            CV_Error_(Error::StsOutOfRange,
                      ("CriminisiInpainter: 'searchRadius' must be >= 1, or 0 for the whole image, got %d", searchRadius));
        searchRadius_ = searchRadius;
    }
    int getSearchRadius() const CV_OVERRIDE { return searchRadius_; }

private:
    int patchSize_ = 9, searchRadius_ = 48;
};

} // namespace

Ptr<CriminisiInpainter> CriminisiInpainter::create(int patchSize, int searchRadius)
{
    return makePtr<CriminisiInpainterImpl>(patchSize, searchRadius);
}

}} // namespace cv::inpainting
