// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

// Multi-scale patch synthesis (Wexler, Shechtman, Irani 2007) with the PatchMatch search
// (Barnes, Shechtman, Finkelstein, Goldman 2009).
//
// Every level of a pyramid holds the image (hole pixels carry the current estimate), which patch
// centres may serve as sources (patch fully known) and which are targets (patch touches the hole).
// A nearest-neighbour field (NNF) maps each target centre to a source centre. One synthesis
// iteration = PatchMatch passes that improve the NNF against the current estimate + a vote that
// re-estimates each hole pixel from the source pixels the matched patches place on it.

#include "precomp.hpp"
#include "opencv2/core/hal/intrin.hpp"
#include "opencv2/photo.hpp"

namespace cv {
namespace inpainting {

namespace {

// Rows per band. Random numbers are drawn per (level, iteration, pass, band) and a band reads
// other bands' matches only from a snapshot taken before the pass, so the result does not depend
// on how cv::parallel_for_ spreads the bands over threads.
const int kBandRows = 16;

// Colour values are matched at the 0..255 scale whatever the input depth.
const float kWorkScale = 255.f;

// Wexler et al.'s confidence of a hole pixel: gamma^-(distance to the known region).
const double kConfidenceGamma = 1.3;

// Votes are weighted by exp(-d / (2 sigma^2)) with sigma^2 this percentile of the match costs
// (Wexler et al. use the 75th percentile).
const double kSigmaPercentile = 0.75;

uint64 mixSeed(uint64 x)
{
    // splitmix64 finaliser: spreads nearby (seed, level, pass, band) tuples over the state space.
    x += 0x9E3779B97F4A7C15ull;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}

uint64 streamSeed(int seed, int level, int iteration, int pass, int band)
{
    uint64 s = mixSeed((uint64)(uint32_t)seed);
    s = mixSeed(s ^ (uint64)(uint32_t)level);
    s = mixSeed(s ^ (uint64)(uint32_t)iteration);
    s = mixSeed(s ^ (uint64)(uint32_t)pass);
    s = mixSeed(s ^ (uint64)(uint32_t)band);
    return s ? s : 1;
}

// Sum of squared differences of two patches of an interleaved float image, stopping early once
// it reaches `cutoff` (the candidate cannot win any more).
inline float patchSSD(const Mat& img, int rowLen, int r, int cn, Point t, Point s, float cutoff)
{
    float sum = 0.f;
    for (int dy = -r; dy <= r; dy++)
    {
        const float* a = img.ptr<float>(t.y + dy) + (t.x - r) * cn;
        const float* b = img.ptr<float>(s.y + dy) + (s.x - r) * cn;
        int i = 0;
#if CV_SIMD128
        v_float32x4 acc = v_setzero_f32();
        for (; i + 4 <= rowLen; i += 4)
        {
            const v_float32x4 d = v_load(a + i) - v_load(b + i);
            acc = v_muladd(d, d, acc);
        }
        sum += v_reduce_sum(acc);
#endif
        for (; i < rowLen; i++)
        {
            const float d = a[i] - b[i];
            sum += d * d;
        }
        if (sum >= cutoff)
            return sum;
    }
    return sum;
}

// One pyramid level.
struct Level
{
    Mat image;       // CV_32FC(cn), 0..255 scale; hole pixels hold the current estimate
    Mat hole;        // CV_8UC1, 255 = hole
    Mat valid;       // CV_8UC1, 1 = source centre (its patch lies in the image and is fully known)
    Mat target;      // CV_8UC1, 1 = target centre (its patch lies in the image and touches the hole)
    Mat confidence;  // CV_32FC1, 1 on known pixels, gamma^-distance in the hole
    std::vector<Point> sources;   // the source centres, in raster order
    Mat nearestSource;            // CV_32SC1, index into `sources` of the nearest source centre
    int holeDepth = 0;            // largest distance of a hole pixel to the known region
};

Mat sourceCentres(const Mat& hole, int r)
{
    // A patch centre is a source when the whole (2r+1)^2 patch is known; outside the image counts
    // as unknown, so centres closer than r to the border are never sources.
    Mat known = hole == 0, valid;
    erode(known, valid, getStructuringElement(MORPH_RECT, Size(2 * r + 1, 2 * r + 1)), Point(-1, -1), 1,
          BORDER_CONSTANT, Scalar(0));
    return valid;
}

void prepareLevel(Level& L, int r)
{
    const int w = L.image.cols, h = L.image.rows;
    L.valid = sourceCentres(L.hole, r) / 255;

    // Targets: centres within the image whose patch overlaps the hole. Clamping a hole pixel's
    // coordinates into [r, size-1-r] gives a centre whose patch covers it, so every hole pixel
    // is covered by at least one target patch.
    Mat touched;
    dilate(L.hole, touched, getStructuringElement(MORPH_RECT, Size(2 * r + 1, 2 * r + 1)), Point(-1, -1), 1,
           BORDER_CONSTANT, Scalar(0));
    L.target = Mat::zeros(L.hole.size(), CV_8UC1);
    if (w > 2 * r && h > 2 * r)
    {
        const Rect inner(r, r, w - 2 * r, h - 2 * r);
        Mat t = touched(inner) / 255;
        t.copyTo(L.target(inner));
    }

    Mat dist;
    distanceTransform(L.hole, dist, DIST_L2, DIST_MASK_5);
    double maxDist = 0;
    minMaxLoc(dist, nullptr, &maxDist);
    L.holeDepth = (int)std::ceil(maxDist);
    L.confidence.create(L.hole.size(), CV_32FC1);
    const double logGamma = std::log(kConfidenceGamma);
    for (int y = 0; y < h; y++)
    {
        const float* d = dist.ptr<float>(y);
        float* c = L.confidence.ptr<float>(y);
        for (int x = 0; x < w; x++)
            c[x] = d[x] > 0 ? (float)std::exp(-logGamma * d[x]) : 1.f;
    }

    L.sources.clear();
    for (int y = 0; y < h; y++)
    {
        const uchar* v = L.valid.ptr<uchar>(y);
        for (int x = 0; x < w; x++)
            if (v[x])
                L.sources.push_back(Point(x, y));
    }
    if (!L.sources.empty())
    {
        // Nearest source centre of every pixel: used to repair matches that are not sources at a
        // finer level (upsampling) and to start matches at the coarsest level.
        Mat notSource = L.valid == 0, labelDist, labels;
        distanceTransform(notSource, labelDist, labels, DIST_L2, DIST_MASK_5, DIST_LABEL_PIXEL);
        std::vector<int> labelToIndex(L.sources.size() + 1, 0);
        for (size_t i = 0; i < L.sources.size(); i++)
        {
            const int label = labels.at<int>(L.sources[i]);
            if (label >= 0 && label < (int)labelToIndex.size())
                labelToIndex[label] = (int)i;
        }
        L.nearestSource.create(L.hole.size(), CV_32SC1);
        for (int y = 0; y < h; y++)
        {
            const int* lab = labels.ptr<int>(y);
            int* n = L.nearestSource.ptr<int>(y);
            for (int x = 0; x < w; x++)
                n[x] = (lab[x] >= 0 && lab[x] < (int)labelToIndex.size()) ? labelToIndex[lab[x]] : 0;
        }
    }
}

// Halves a level, averaging known pixels only: a coarse pixel is known when all the fine pixels
// under it are, so hole content never leaks into the coarse image.
void downsample(const Level& fine, Level& coarse)
{
    const Size size((fine.image.cols + 1) / 2, (fine.image.rows + 1) / 2);
    Mat known, premultiplied, knownSmall, sumSmall;
    fine.hole.convertTo(known, CV_32F, -1.0 / 255, 1.0); // 1 = known, 0 = hole
    const int cn = fine.image.channels();
    std::vector<Mat> planes(cn);
    split(fine.image, planes);
    for (Mat& p : planes)
        p = p.mul(known);
    merge(planes, premultiplied);
    resize(known, knownSmall, size, 0, 0, INTER_AREA);
    resize(premultiplied, sumSmall, size, 0, 0, INTER_AREA);
    coarse.image.create(size, fine.image.type());
    coarse.hole.create(size, CV_8UC1);
    for (int y = 0; y < size.height; y++)
    {
        const float* k = knownSmall.ptr<float>(y);
        const float* s = sumSmall.ptr<float>(y);
        float* o = coarse.image.ptr<float>(y);
        uchar* hm = coarse.hole.ptr<uchar>(y);
        for (int x = 0; x < size.width; x++)
        {
            const float inv = k[x] > 1e-6f ? 1.f / k[x] : 0.f;
            for (int c = 0; c < cn; c++)
                o[x * cn + c] = s[x * cn + c] * inv;
            hm[x] = k[x] > 0.999f ? 0 : 255;
        }
    }
}

// Telea's diffusion per channel (at the 0..255 scale that OpenCV's Telea assumes).
void diffuse(Mat& image, const Mat& hole)
{
    std::vector<Mat> planes;
    split(image, planes);
    for (Mat& p : planes)
    {
        Mat out;
        cv::inpaint(p, hole, out, 3.0, cv::INPAINT_TELEA);
        p = out;
    }
    Mat merged;
    merge(planes, merged);
    merged.copyTo(image, hole);
}

class Synthesizer
{
public:
    Synthesizer(int r, int seed) : r_(r), seed_(seed) {}

    // Fills `image` (CV_32FC(cn), 0..255 scale) where `hole` is 255. `levels` >= 1.
    void run(Mat& image, const Mat& hole, int levels, int fineIterations);

private:
    int r_, seed_;
    int cn_ = 0, rowLen_ = 0;

    struct Field
    {
        Mat nnf;   // CV_32SC2: source centre (x, y) of each target centre
        Mat cost;  // CV_32FC1: SSD of the match
    };

    void randomField(const Level& L, Field& F, int level) const;
    void upsampleField(const Level& coarse, const Field& coarseF, const Level& fine, Field& F) const;
    void computeCosts(const Level& L, Field& F) const;
    void patchMatchPass(const Level& L, Field& F, int level, int iteration, int pass) const;
    void vote(Level& L, const Field& F, bool useCosts) const;
};

void Synthesizer::randomField(const Level& L, Field& F, int level) const
{
    // Matches start at a random source: near the known region's patches of the same place is no
    // better a guess than anywhere once the hole is wider than a patch, and random starts give
    // the propagation varied seeds.
    F.nnf.create(L.image.size(), CV_32SC2);
    F.nnf.setTo(Scalar::all(0));
    F.cost.create(L.image.size(), CV_32FC1);
    const int bands = (L.image.rows + kBandRows - 1) / kBandRows;
    parallel_for_(Range(0, bands), [&](const Range& range) {
        for (int b = range.start; b < range.end; b++)
        {
            RNG rng(streamSeed(seed_, level, -1, 0, b));
            const int y1 = std::min(L.image.rows, (b + 1) * kBandRows);
            for (int y = b * kBandRows; y < y1; y++)
            {
                const uchar* t = L.target.ptr<uchar>(y);
                Vec2i* n = F.nnf.ptr<Vec2i>(y);
                for (int x = 0; x < L.image.cols; x++)
                    if (t[x])
                    {
                        const Point s = L.sources[rng.uniform(0, (int)L.sources.size())];
                        n[x] = Vec2i(s.x, s.y);
                    }
            }
        }
    });
}

void Synthesizer::upsampleField(const Level& coarse, const Field& coarseF, const Level& fine, Field& F) const
{
    F.nnf.create(fine.image.size(), CV_32SC2);
    F.nnf.setTo(Scalar::all(0));
    F.cost.create(fine.image.size(), CV_32FC1);
    const int w = fine.image.cols, h = fine.image.rows;
    parallel_for_(Range(0, h), [&](const Range& range) {
        for (int y = range.start; y < range.end; y++)
        {
            const uchar* t = fine.target.ptr<uchar>(y);
            Vec2i* n = F.nnf.ptr<Vec2i>(y);
            const int cy = std::min(y / 2, coarse.image.rows - 1);
            for (int x = 0; x < w; x++)
            {
                if (!t[x])
                    continue;
                const int cx = std::min(x / 2, coarse.image.cols - 1);
                Point s(-1, -1);
                if (coarse.target.at<uchar>(cy, cx))
                {
                    const Vec2i c = coarseF.nnf.at<Vec2i>(cy, cx);
                    s = Point(std::min(std::max(2 * c[0] + (x & 1), r_), w - 1 - r_),
                              std::min(std::max(2 * c[1] + (y & 1), r_), h - 1 - r_));
                }
                else
                {
                    s = Point(x, y);
                }
                if (!fine.valid.at<uchar>(s))
                    s = fine.sources[fine.nearestSource.at<int>(s)];
                n[x] = Vec2i(s.x, s.y);
            }
        }
    });
}

void Synthesizer::computeCosts(const Level& L, Field& F) const
{
    parallel_for_(Range(0, L.image.rows), [&](const Range& range) {
        for (int y = range.start; y < range.end; y++)
        {
            const uchar* t = L.target.ptr<uchar>(y);
            const Vec2i* n = F.nnf.ptr<Vec2i>(y);
            float* c = F.cost.ptr<float>(y);
            for (int x = 0; x < L.image.cols; x++)
                if (t[x])
                    c[x] = patchSSD(L.image, rowLen_, r_, cn_, Point(x, y), Point(n[x][0], n[x][1]), FLT_MAX);
        }
    });
}

void Synthesizer::patchMatchPass(const Level& L, Field& F, int level, int iteration, int pass) const
{
    const int w = L.image.cols, h = L.image.rows;
    const int dir = (pass % 2 == 0) ? 1 : -1; // scan order alternates between passes
    const Mat snapshot = F.nnf.clone();        // other bands' matches as they were before this pass
    const int bands = (h + kBandRows - 1) / kBandRows;
    const int maxRadius = std::max(w, h);
    const int nSources = (int)L.sources.size();
    parallel_for_(Range(0, bands), [&](const Range& range) {
        for (int b = range.start; b < range.end; b++)
        {
            RNG rng(streamSeed(seed_, level, iteration, pass, b));
            const int y0 = b * kBandRows, y1 = std::min(h, y0 + kBandRows);
            for (int yi = 0; yi < y1 - y0; yi++)
            {
                const int y = dir > 0 ? y0 + yi : y1 - 1 - yi;
                const uchar* t = L.target.ptr<uchar>(y);
                Vec2i* n = F.nnf.ptr<Vec2i>(y);
                float* c = F.cost.ptr<float>(y);
                for (int xi = 0; xi < w; xi++)
                {
                    const int x = dir > 0 ? xi : w - 1 - xi;
                    if (!t[x])
                        continue;
                    const Point p(x, y);
                    Point best(n[x][0], n[x][1]);
                    float bestCost = c[x];
                    auto tryCandidate = [&](Point s) {
                        if (s == best || (unsigned)s.x >= (unsigned)w || (unsigned)s.y >= (unsigned)h ||
                            !L.valid.at<uchar>(s))
                            return;
                        const float d = patchSSD(L.image, rowLen_, r_, cn_, p, s, bestCost);
                        if (d < bestCost)
                        {
                            bestCost = d;
                            best = s;
                        }
                    };

                    // Propagation: the neighbour already visited in this pass, shifted by one.
                    const int qx = x - dir;
                    if (qx >= 0 && qx < w && t[qx])
                        tryCandidate(Point(n[qx][0] + dir, n[qx][1]));
                    const int qy = y - dir;
                    if (qy >= 0 && qy < h && L.target.at<uchar>(qy, x))
                    {
                        const Vec2i q = (qy >= y0 && qy < y1) ? F.nnf.at<Vec2i>(qy, x) : snapshot.at<Vec2i>(qy, x);
                        tryCandidate(Point(q[0], q[1] + dir));
                    }

                    // Random search around the current best in windows halving from the image size.
                    for (int radius = maxRadius; radius >= 1; radius /= 2)
                    {
                        const Point s(best.x + rng.uniform(-radius, radius + 1), best.y + rng.uniform(-radius, radius + 1));
                        tryCandidate(s);
                    }
                    // One candidate anywhere among the sources: reaches known regions that are not
                    // connected to the current match.
                    tryCandidate(L.sources[rng.uniform(0, nSources)]);

                    n[x] = Vec2i(best.x, best.y);
                    c[x] = bestCost;
                }
            }
        }
    });
}

void Synthesizer::vote(Level& L, const Field& F, bool useCosts) const
{
    const int w = L.image.cols, h = L.image.rows;
    const int patchValues = (2 * r_ + 1) * (2 * r_ + 1) * cn_;

    // Weight of each target patch: its centre's confidence times, once the matches have been
    // searched at this level, exp(-cost / 2 sigma^2) with sigma^2 a percentile of the costs.
    double twoSigma2 = 0;
    if (useCosts)
    {
        std::vector<float> costs;
        for (int y = 0; y < h; y++)
        {
            const uchar* t = L.target.ptr<uchar>(y);
            const float* c = F.cost.ptr<float>(y);
            for (int x = 0; x < w; x++)
                if (t[x])
                    costs.push_back(c[x] / patchValues);
        }
        if (!costs.empty())
        {
            const size_t k = std::min(costs.size() - 1, (size_t)(kSigmaPercentile * costs.size()));
            std::nth_element(costs.begin(), costs.begin() + k, costs.end());
            twoSigma2 = 2.0 * std::max(1e-3, (double)costs[k]);
        }
    }
    Mat weight(L.image.size(), CV_64FC1, Scalar(0));
    for (int y = 0; y < h; y++)
    {
        const uchar* t = L.target.ptr<uchar>(y);
        const float* c = F.cost.ptr<float>(y);
        const float* conf = L.confidence.ptr<float>(y);
        double* wt = weight.ptr<double>(y);
        for (int x = 0; x < w; x++)
            if (t[x])
                wt[x] = useCosts ? conf[x] * std::exp(-(double)c[x] / patchValues / twoSigma2) : conf[x];
    }

    // Gather per hole pixel (no write conflicts, same sums in the same order on any thread count):
    // every target patch covering q puts its source's pixel at the same offset on q.
    parallel_for_(Range(0, h), [&](const Range& range) {
        std::vector<double> acc(cn_);
        for (int y = range.start; y < range.end; y++)
        {
            const uchar* hm = L.hole.ptr<uchar>(y);
            float* out = L.image.ptr<float>(y);
            for (int x = 0; x < w; x++)
            {
                if (!hm[x])
                    continue;
                std::fill(acc.begin(), acc.end(), 0.0);
                double wsum = 0;
                for (int dy = -r_; dy <= r_; dy++)
                {
                    const int py = y - dy;
                    if (py < r_ || py >= h - r_)
                        continue;
                    const uchar* t = L.target.ptr<uchar>(py);
                    const Vec2i* n = F.nnf.ptr<Vec2i>(py);
                    const double* wt = weight.ptr<double>(py);
                    for (int dx = -r_; dx <= r_; dx++)
                    {
                        const int px = x - dx;
                        if (px < r_ || px >= w - r_ || !t[px])
                            continue;
                        const double wp = wt[px];
                        const float* s = L.image.ptr<float>(n[px][1] + dy) + (n[px][0] + dx) * cn_;
                        for (int ch = 0; ch < cn_; ch++)
                            acc[ch] += wp * s[ch];
                        wsum += wp;
                    }
                }
                if (wsum > 0)
                    for (int ch = 0; ch < cn_; ch++)
                        out[x * cn_ + ch] = (float)(acc[ch] / wsum);
            }
        }
    });
}

void Synthesizer::run(Mat& image, const Mat& hole, int levelCount, int fineIterations)
{
    cn_ = image.channels();
    rowLen_ = (2 * r_ + 1) * cn_;
    std::vector<Level> levels(levelCount);
    levels[0].image = image;
    levels[0].hole = hole;
    for (int l = 1; l < levelCount; l++)
        downsample(levels[l - 1], levels[l]);
    for (Level& L : levels)
        prepareLevel(L, r_);

    Field field;
    for (int l = levelCount - 1; l >= 0; l--)
    {
        Level& L = levels[l];
        if (l == levelCount - 1)
        {
            diffuse(L.image, L.hole);
            randomField(L, field, l);
        }
        else
        {
            Field fine;
            upsampleField(levels[l + 1], field, L, fine);
            field = fine;
            vote(L, field, false);
        }
        // Coarse levels are 4x cheaper per step down and decide the structure: they get more
        // iterations.
        const int iterations = fineIterations + 2 * l;
        for (int it = 0; it < iterations; it++)
        {
            computeCosts(L, field);
            patchMatchPass(L, field, l, it, 0);
            patchMatchPass(L, field, l, it, 1);
            vote(L, field, true);
        }
    }
    levels[0].image.copyTo(image, hole);
}

// Number of pyramid levels: halve while the coarser level still has room for source patches and
// the hole is deeper than a patch radius (a shallow hole is reached by patches that overlap the
// known region, which anchor the match without a coarser guess).
int chooseLevels(const Mat& hole, int r)
{
    int levels = 1;
    Mat h = hole;
    for (;;)
    {
        Mat dist;
        distanceTransform(h, dist, DIST_L2, DIST_MASK_5);
        double depth = 0;
        minMaxLoc(dist, nullptr, &depth);
        if (depth <= r)
            break;
        const Size next((h.cols + 1) / 2, (h.rows + 1) / 2);
        if (std::min(next.width, next.height) < 4 * (2 * r + 1))
            break;
        Mat known = (h == 0), knownSmall, coarse;
        known.convertTo(known, CV_32F, 1.0 / 255);
        resize(known, knownSmall, next, 0, 0, INTER_AREA);
        coarse = knownSmall <= 0.999f;
        if (countNonZero(sourceCentres(coarse, r)) < 4 * (2 * r + 1) * (2 * r + 1))
            break;
        h = coarse;
        levels++;
    }
    return levels;
}

class PatchMatchInpainterImpl CV_FINAL : public PatchMatchInpainter
{
public:
    PatchMatchInpainterImpl(int patchSize, int iterations, int seed)
    {
        setPatchSize(patchSize);
        setIterations(iterations);
        setSeed(seed);
    }

    void setPatchSize(int patchSize) CV_OVERRIDE
    {
        if (patchSize < 3 || patchSize > 31 || patchSize % 2 == 0)
            CV_Error_(Error::StsOutOfRange,
                      ("PatchMatchInpainter: 'patchSize' must be odd and in [3, 31], got %d", patchSize));
        patchSize_ = patchSize;
    }
    int getPatchSize() const CV_OVERRIDE { return patchSize_; }

    void setIterations(int iterations) CV_OVERRIDE
    {
        if (iterations < 1 || iterations > 100)
            CV_Error_(Error::StsOutOfRange,
                      ("PatchMatchInpainter: 'iterations' must be in [1, 100], got %d", iterations));
        iterations_ = iterations;
    }
    int getIterations() const CV_OVERRIDE { return iterations_; }

    void setSeed(int seed) CV_OVERRIDE { seed_ = seed; }
    int getSeed() const CV_OVERRIDE { return seed_; }

    String getDefaultName() const CV_OVERRIDE { return "inpainting.PatchMatchInpainter"; }

    void apply(InputArray _image, InputArray _mask, OutputArray _result) CV_OVERRIDE
    {
        const Mat src = _image.getMat(), mask = _mask.getMat();
        detail::checkImageAndMask(src, mask, "image", "mask");
        const Mat hole = detail::binaryHoleMask(mask);
        const int holePixels = countNonZero(hole);
        if (holePixels == 0)
        {
            src.copyTo(_result);
            return;
        }

        // Alpha is copied through and takes no part in matching (as inpainting::inpaint does).
        Mat colour = src, alpha;
        if (src.channels() == 4)
        {
            Mat planes[2] = { Mat(src.size(), CV_MAKETYPE(src.depth(), 3)), Mat(src.size(), src.depth()) };
            const int fromTo[] = { 0, 0, 1, 1, 2, 2, 3, 3 };
            mixChannels(&src, 1, planes, 2, fromTo, 4);
            colour = planes[0];
            alpha = planes[1];
        }

        Mat filled;
        if (holePixels == (int)hole.total())
            filled = detail::midGrey(colour);
        else
            filled = fill(colour, hole);

        Mat result;
        detail::compositeOverHole(colour, filled, hole, result);
        if (!alpha.empty())
        {
            Mat planes[2] = { result, alpha };
            merge(planes, 2, result);
        }
        result.copyTo(_result);
    }

private:
    int patchSize_ = 7, iterations_ = 4, seed_ = 0;

    Mat fill(const Mat& colour, const Mat& hole) const
    {
        const double range = detail::depthRange(colour.depth());
        Mat work;
        colour.convertTo(work, CV_32F, kWorkScale / range);
        work.setTo(Scalar::all(0), hole); // the fill must not depend on the hole's content

        // A smaller patch when the image has no fully known patch of the requested size.
        int r = patchSize_ / 2;
        while (r >= 1 && countNonZero(sourceCentres(hole, r)) == 0)
            r--;
        if (r >= 1)
        {
            Synthesizer synth(r, seed_);
            synth.run(work, hole, chooseLevels(hole, r), iterations_);
        }
        else
        {
            diffuse(work, hole);
        }
        Mat out;
        work.convertTo(out, colour.depth(), range / kWorkScale);
        return out;
    }
};

} // namespace

Ptr<PatchMatchInpainter> PatchMatchInpainter::create(int patchSize, int iterations, int seed)
{
    return makePtr<PatchMatchInpainterImpl>(patchSize, iterations, seed);
}

}} // namespace cv::inpainting
