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
#include "patch_synthesis.hpp"
#include "diffusion_fill.hpp"
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

// Wexler et al.'s confidence of a hole pixel: gamma^-(distance to the known region). It weights
// the votes of the patches centred there.
const double kConfidenceGamma = 1.3;

// In the patch distance a hole pixel counts with confidence^kMatchConfidencePower: its current
// estimate is a guess, the known pixels are facts. Measured on the validation photos, matching
// (nearly) on the known pixels alone decides structure best; the estimates still break ties deep
// inside large holes, where no patch reaches a known pixel.
const double kMatchConfidencePower = 8.0;

// Matches kept per target patch (k nearest neighbours). Each hole pixel is the weighted mean of
// k * patchSize^2 votes: several good sources average out what none of them can know (the
// texture detail that the hole hid), which lowers the error against the truth.
const int kMatches = 2;

// Extra synthesis iterations per level above the finest: coarse levels cost 4x less per level
// and decide the structure.
const int kExtraIterationsPerLevel = 2;

// Votes are weighted by exp(-d / (2 sigma^2)) with sigma^2 this percentile of the match costs.
// Wexler et al. use the 75th percentile; a higher one (softer weights, more averaging) measured
// better against the truth.
const double kSigmaPercentile = 0.95;

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

// Adds the weighted SSD of one patch row, sum of w[i] * (a[i] - b[i])^2 over n floats, to `sum`.
inline void addWeightedRowSSD(float& sum, const float* a, const float* b, const float* w, int n)
{
    int i = 0;
#if CV_SIMD128
    v_float32x4 acc = v_setzero_f32();
    for (; i + 4 <= n; i += 4)
    {
        const v_float32x4 d = v_load(a + i) - v_load(b + i);
        acc = v_muladd(d * v_load(w + i), d, acc);
    }
    sum += v_reduce_sum(acc);
#endif
    for (; i < n; i++)
    {
        const float d = a[i] - b[i];
        sum += w[i] * d * d;
    }
}

// Weighted sum of squared differences between the target patch at `t` of `target` and the source
// patch at `s` of `source` (interleaved float images), stopping early once it reaches `cutoff`
// (the candidate cannot win any more).
inline float patchSSD(const Mat& target, const Mat& source, const Mat& wts, int rowLen, int r, int cn, Point t, Point s,
                      float cutoff)
{
    float sum = 0.f;
    for (int dy = -r; dy <= r; dy++)
    {
        addWeightedRowSSD(sum, target.ptr<float>(t.y + dy) + (t.x - r) * cn, source.ptr<float>(s.y + dy) + (s.x - r) * cn,
                          wts.ptr<float>(t.y + dy) + (t.x - r) * cn, rowLen);
        if (sum >= cutoff)
            return sum;
    }
    return sum;
}

// The one-channel maps of the detail term (see Level): expected detail amplitude of each target
// pixel, detail amplitude of each source pixel, weight (0 on known pixels). Empty when off.
struct DetailTerm
{
    Mat expected, source, weights;
};

// patchSSD plus a second weighted SSD between `guideT` at `t` and `sourceLow` at `s` (the low-pass
// guidance term) and, when `detailTerm` is set, a third between the detail amplitudes, summed row
// by row with the same early exit.
inline float patchSSD2(const Mat& target, const Mat& source, const Mat& wts, const Mat& guideT, const Mat& sourceLow,
                       const Mat& guideWts, const DetailTerm& detailTerm, int rowLen, int r, int cn, Point t, Point s,
                       float cutoff)
{
    const bool withDetail = !detailTerm.weights.empty();
    float sum = 0.f;
    for (int dy = -r; dy <= r; dy++)
    {
        const int tx = (t.x - r) * cn, sx = (s.x - r) * cn;
        addWeightedRowSSD(sum, target.ptr<float>(t.y + dy) + tx, source.ptr<float>(s.y + dy) + sx,
                          wts.ptr<float>(t.y + dy) + tx, rowLen);
        addWeightedRowSSD(sum, guideT.ptr<float>(t.y + dy) + tx, sourceLow.ptr<float>(s.y + dy) + sx,
                          guideWts.ptr<float>(t.y + dy) + tx, rowLen);
        if (withDetail)
            addWeightedRowSSD(sum, detailTerm.expected.ptr<float>(t.y + dy) + t.x - r,
                              detailTerm.source.ptr<float>(s.y + dy) + s.x - r,
                              detailTerm.weights.ptr<float>(t.y + dy) + t.x - r, 2 * r + 1);
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
    Mat matchWeight; // CV_32FC(cn): weight of each value in the patch distance
    // Guided synthesis only (empty otherwise):
    Mat guide;          // CV_32FC(cn), the coarse prediction at this level's size
    Mat estimateWeight; // CV_32FC1, the weight of the current estimate alone (confidence^power)
    Mat matchTarget;    // what target patches are compared with: the image, or on hole pixels the
                        // weighted mix of estimate and guide (see mixGuide())
    // Low-pass guidance only (guideSigma > 0): the guide and the known pixels blurred alike; the
    // guide term compares guideLow with sourceLow, weighted by guideWeights (0 on known pixels).
    Mat guideLow, sourceLow, guideWeights;
    // Detail term (low-pass guidance with detailWeight > 0): the low-pass comparison lets a source
    // of the right local colour win whatever its detail, so edges and texture of the known region
    // were copied into places whose neighbourhood is smooth (ripples in skies and walls). Each
    // source pixel's detail amplitude (the RMS of the known pixels above their low-pass, around
    // it) is compared with the amplitude expected at the target pixel: the known neighbourhood's,
    // diffused into the hole.
    DetailTerm detailTerm;
    std::vector<Point> sources;   // the source centres, in raster order
    Mat nearestSource;            // CV_32SC1, index into `sources` of the nearest source centre
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

// Detail amplitude of the known pixels at the low-pass guidance's scale, and its diffusion into
// the hole. `known`: 1 = known, 0 = hole; `knownLow` its blur at `sigma` (floored above 0).
void prepareDetailTerm(Level& L, const Mat& known, const Mat& knownLow, double sigma, float detailWeight)
{
    Mat detail = L.image - L.sourceLow;
    detail = detail.mul(detail);
    Mat power = detail.reshape(1, (int)detail.total()), powerLow;
    reduce(power, power, 1, REDUCE_AVG); // mean over the channels
    power = power.reshape(1, L.image.rows).mul(known);
    GaussianBlur(power, powerLow, Size(), sigma);
    divide(powerLow, knownLow, powerLow); // the known pixels only (normalised convolution)
    sqrt(powerLow, L.detailTerm.source);
    Mat filled;
    detail::diffusionFill(L.detailTerm.source, L.hole, filled, cv::INPAINT_TELEA);
    L.detailTerm.expected = L.detailTerm.source.clone();
    filled.copyTo(L.detailTerm.expected, L.hole);
    L.detailTerm.weights = Mat::zeros(L.hole.size(), CV_32FC1);
    L.detailTerm.weights.setTo(Scalar::all(detailWeight), L.hole);
}

void prepareLevel(Level& L, int r, float guideWeight, double guideSigma, float detailWeight)
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
    // Both weights are floored far above FLT_MIN: denormal floats would slow the distance loop
    // down many times, and a zero weight would make deep hole pixels irrelevant for tie-breaking.
    L.confidence.create(L.hole.size(), CV_32FC1);
    Mat matchWeight(L.hole.size(), CV_32FC1);
    const double logGamma = std::log(kConfidenceGamma);
    for (int y = 0; y < h; y++)
    {
        const float* d = dist.ptr<float>(y);
        float* c = L.confidence.ptr<float>(y);
        float* m = matchWeight.ptr<float>(y);
        for (int x = 0; x < w; x++)
        {
            c[x] = (float)std::max(1e-30, std::exp(-logGamma * d[x]));
            m[x] = (float)std::max(1e-30, std::exp(-logGamma * kMatchConfidencePower * d[x]));
        }
    }
    if (!L.guide.empty() && guideWeight > 0 && guideSigma > 0)
    {
        // Low-pass guidance: the guide's low frequencies against the source's, so that a textured
        // source of the right local colour costs no more than a flat one. The known pixels are
        // blurred without the hole (normalised convolution), so the hole's content is never read.
        GaussianBlur(L.guide, L.guideLow, Size(), guideSigma);
        Mat known, knownLow, premultiplied;
        L.hole.convertTo(known, CV_32F, -1.0 / 255, 1.0);
        std::vector<Mat> planes;
        split(L.image, planes);
        for (Mat& p : planes)
            p = p.mul(known);
        merge(planes, premultiplied);
        GaussianBlur(known, knownLow, Size(), guideSigma);
        GaussianBlur(premultiplied, L.sourceLow, Size(), guideSigma);
        max(knownLow, 1e-6, knownLow);
        std::vector<Mat> lowPlanes;
        split(L.sourceLow, lowPlanes);
        for (Mat& p : lowPlanes)
            divide(p, knownLow, p);
        merge(lowPlanes, L.sourceLow);
        Mat gw = Mat::zeros(L.hole.size(), CV_32FC1);
        gw.setTo(Scalar::all(guideWeight), L.hole);
        std::vector<Mat> gwPlanes(L.image.channels(), gw);
        merge(gwPlanes, L.guideWeights);
        if (detailWeight > 0)
            prepareDetailTerm(L, known, knownLow, guideSigma, detailWeight);
    }
    else if (!L.guide.empty() && guideWeight > 0)
    {
        // The guide term adds guideWeight on every hole pixel (see mixGuide()).
        L.estimateWeight = matchWeight.clone();
        add(matchWeight, Scalar::all(guideWeight), matchWeight, L.hole);
    }
    std::vector<Mat> weightPlanes(L.image.channels(), matchWeight);
    merge(weightPlanes, L.matchWeight); // one weight per value, as the image is laid out

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

// The target of the patch distance on a guided level. On a hole pixel the distance adds
//   m (estimate - source)^2 + g (guide - source)^2
//     = (m + g) (mix - source)^2 + const,  mix = (m estimate + g guide) / (m + g)
// (m: the estimate's weight, g: the guide weight), so one weighted SSD against `mix` ranks the
// candidates exactly as the two terms would. Known pixels are compared with themselves. The vote
// weights see the mixed cost, i.e. without the constant (which does not depend on the candidate).
void mixGuide(Level& L)
{
    if (L.estimateWeight.empty())
    {
        L.matchTarget = L.image;
        return;
    }
    const int cn = L.image.channels();
    L.matchTarget.create(L.image.size(), L.image.type());
    parallel_for_(Range(0, L.image.rows), [&](const Range& range) {
        for (int y = range.start; y < range.end; y++)
        {
            const uchar* hm = L.hole.ptr<uchar>(y);
            const float* e = L.image.ptr<float>(y);
            const float* g = L.guide.ptr<float>(y);
            const float* m = L.estimateWeight.ptr<float>(y);
            const float* wt = L.matchWeight.ptr<float>(y);
            float* out = L.matchTarget.ptr<float>(y);
            for (int x = 0; x < L.image.cols; x++)
            {
                const float total = wt[x * cn];
                for (int c = 0; c < cn; c++)
                {
                    const int i = x * cn + c;
                    out[i] = hm[x] ? (m[x] * e[i] + (total - m[x]) * g[i]) / total : e[i];
                }
            }
        }
    });
}

class Synthesizer
{
public:
    Synthesizer(int r, int k, const detail::PatchSynthesisParams& params) : r_(r), k_(k), seed_(params.seed), params_(params) {}

    // Fills `image` (CV_32FC(cn), 0..255 scale) where `hole` is 255. `levels` >= 1.
    void run(Mat& image, const Mat& hole, int levels);

private:
    int r_, k_, seed_;
    const detail::PatchSynthesisParams& params_;
    int cn_ = 0, rowLen_ = 0;

    struct Match
    {
        int x, y;    // source centre
        float cost;  // weighted SSD of the patches
    };

    // The k best matches of every pixel (only target centres are used), sorted by cost.
    struct Field
    {
        int width = 0, k = 1;
        std::vector<Match> m;
        Match* at(int x, int y) { return &m[((size_t)y * width + x) * k]; }
        const Match* at(int x, int y) const { return &m[((size_t)y * width + x) * k]; }
    };

    void randomField(const Level& L, Field& F, int level) const;
    void upsampleField(const Level& coarse, const Field& coarseF, const Level& fine, Field& F) const;
    void computeCosts(const Level& L, Field& F) const;
    void patchMatchPass(const Level& L, Field& F, int level, int iteration, int pass) const;
    void vote(Level& L, const Field& F, bool useCosts, bool best = false) const;

    // The patch distance between the target patch at t and the source patch at s.
    float cost(const Level& L, Point t, Point s, float cutoff) const
    {
        if (!L.guideWeights.empty())
            return patchSSD2(L.matchTarget, L.image, L.matchWeight, L.guideLow, L.sourceLow, L.guideWeights,
                             L.detailTerm, rowLen_, r_, cn_, t, s, cutoff);
        return patchSSD(L.matchTarget, L.image, L.matchWeight, rowLen_, r_, cn_, t, s, cutoff);
    }
};

void Synthesizer::randomField(const Level& L, Field& F, int level) const
{
    // Matches start at random sources: once the hole is wider than a patch no place is a better
    // guess than another, and random starts give the propagation varied seeds.
    F.width = L.image.cols;
    F.k = k_;
    F.m.assign((size_t)L.image.total() * k_, Match{ 0, 0, FLT_MAX });
    const int bands = (L.image.rows + kBandRows - 1) / kBandRows;
    parallel_for_(Range(0, bands), [&](const Range& range) {
        for (int b = range.start; b < range.end; b++)
        {
            RNG rng(streamSeed(seed_, level, -1, 0, b));
            const int y1 = std::min(L.image.rows, (b + 1) * kBandRows);
            for (int y = b * kBandRows; y < y1; y++)
            {
                const uchar* t = L.target.ptr<uchar>(y);
                for (int x = 0; x < L.image.cols; x++)
                    if (t[x])
                    {
                        Match* list = F.at(x, y);
                        for (int j = 0; j < k_; j++)
                        {
                            const Point s = L.sources[rng.uniform(0, (int)L.sources.size())];
                            list[j] = Match{ s.x, s.y, FLT_MAX };
                        }
                    }
            }
        }
    });
}

void Synthesizer::upsampleField(const Level& coarse, const Field& coarseF, const Level& fine, Field& F) const
{
    const int w = fine.image.cols, h = fine.image.rows;
    F.width = w;
    F.k = k_;
    F.m.assign((size_t)fine.image.total() * k_, Match{ 0, 0, FLT_MAX });
    parallel_for_(Range(0, h), [&](const Range& range) {
        for (int y = range.start; y < range.end; y++)
        {
            const uchar* t = fine.target.ptr<uchar>(y);
            const int cy = std::min(y / 2, coarse.image.rows - 1);
            for (int x = 0; x < w; x++)
            {
                if (!t[x])
                    continue;
                const int cx = std::min(x / 2, coarse.image.cols - 1);
                const bool fromCoarse = coarse.target.at<uchar>(cy, cx) != 0;
                Match* list = F.at(x, y);
                for (int j = 0; j < k_; j++)
                {
                    Point s(x, y);
                    if (fromCoarse)
                    {
                        // The coarse match, scaled, with this pixel's offset inside its 2x2 block.
                        const Match& c = coarseF.at(cx, cy)[j];
                        s = Point(std::min(std::max(2 * c.x + (x & 1), r_), w - 1 - r_),
                                  std::min(std::max(2 * c.y + (y & 1), r_), h - 1 - r_));
                    }
                    if (!fine.valid.at<uchar>(s))
                        s = fine.sources[fine.nearestSource.at<int>(s)];
                    list[j] = Match{ s.x, s.y, FLT_MAX };
                }
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
            for (int x = 0; x < L.image.cols; x++)
            {
                if (!t[x])
                    continue;
                Match* list = F.at(x, y);
                for (int j = 0; j < k_; j++)
                {
                    Match& m = list[j];
                    m.cost = cost(L, Point(x, y), Point(m.x, m.y), FLT_MAX);
                }
                // Insertion sort by cost (k is small); ties keep their order.
                for (int j = 1; j < k_; j++)
                    for (int i = j; i > 0 && list[i - 1].cost > list[i].cost; i--)
                        std::swap(list[i - 1], list[i]);
            }
        }
    });
}

void Synthesizer::patchMatchPass(const Level& L, Field& F, int level, int iteration, int pass) const
{
    const int w = L.image.cols, h = L.image.rows;
    const int dir = (pass % 2 == 0) ? 1 : -1; // scan order alternates between passes
    const Field snapshot = F;                  // other bands' matches as they were before this pass
    const int bands = (h + kBandRows - 1) / kBandRows;
    const int maxRadius = std::max(w, h);
    const int nSources = (int)L.sources.size();
    const int K = k_;
    parallel_for_(Range(0, bands), [&](const Range& range) {
        std::vector<Point> centres(K);
        for (int b = range.start; b < range.end; b++)
        {
            RNG rng(streamSeed(seed_, level, iteration, pass, b));
            const int y0 = b * kBandRows, y1 = std::min(h, y0 + kBandRows);
            for (int yi = 0; yi < y1 - y0; yi++)
            {
                const int y = dir > 0 ? y0 + yi : y1 - 1 - yi;
                const uchar* t = L.target.ptr<uchar>(y);
                for (int xi = 0; xi < w; xi++)
                {
                    const int x = dir > 0 ? xi : w - 1 - xi;
                    if (!t[x])
                        continue;
                    const Point p(x, y);
                    Match* list = F.at(x, y);
                    // A candidate enters the sorted list when it beats the worst entry and is not
                    // there yet.
                    auto tryCandidate = [&](Point s) {
                        if ((unsigned)s.x >= (unsigned)w || (unsigned)s.y >= (unsigned)h || !L.valid.at<uchar>(s))
                            return;
                        for (int j = 0; j < K; j++)
                            if (list[j].x == s.x && list[j].y == s.y)
                                return;
                        const float worst = list[K - 1].cost;
                        const float d = cost(L, p, s, worst);
                        if (d >= worst)
                            return;
                        int i = K - 1;
                        for (; i > 0 && list[i - 1].cost > d; i--)
                            list[i] = list[i - 1];
                        list[i] = Match{ s.x, s.y, d };
                    };

                    // Propagation: the matches of the neighbour already visited in this pass, shifted
                    // by one pixel. The neighbour in another band is read from the snapshot.
                    const int qx = x - dir;
                    if (qx >= 0 && qx < w && t[qx])
                    {
                        const Match* q = F.at(qx, y);
                        for (int j = 0; j < K; j++)
                            tryCandidate(Point(q[j].x + dir, q[j].y));
                    }
                    const int qy = y - dir;
                    if (qy >= 0 && qy < h && L.target.at<uchar>(qy, x))
                    {
                        const Match* q = (qy >= y0 && qy < y1) ? F.at(x, qy) : snapshot.at(x, qy);
                        for (int j = 0; j < K; j++)
                            tryCandidate(Point(q[j].x, q[j].y + dir));
                    }

                    // Random search around each match in windows halving from the image size.
                    for (int j = 0; j < K; j++)
                        centres[j] = Point(list[j].x, list[j].y);
                    for (int j = 0; j < K; j++)
                        for (int radius = maxRadius; radius >= 1; radius /= 2)
                            tryCandidate(Point(centres[j].x + rng.uniform(-radius, radius + 1),
                                               centres[j].y + rng.uniform(-radius, radius + 1)));
                    // One candidate anywhere among the sources: reaches known regions that are not
                    // connected to the current matches.
                    tryCandidate(L.sources[rng.uniform(0, nSources)]);
                }
            }
        }
    });
}

// `best`: each hole pixel takes the one vote of highest weight instead of the weighted mean. The
// mean of k * patchSize^2 slightly misaligned sources is a low-pass filter (the texture fades);
// the best vote keeps a real source pixel.
void Synthesizer::vote(Level& L, const Field& F, bool useCosts, bool best) const
{
    const int w = L.image.cols, h = L.image.rows;
    const int patchValues = (2 * r_ + 1) * (2 * r_ + 1) * cn_;
    const int K = k_;

    // Weight of each match: its target centre's confidence times, once the matches have been
    // searched at this level, exp(-cost / 2 sigma^2) with sigma^2 a percentile of the costs.
    double twoSigma2 = 1;
    if (useCosts)
    {
        std::vector<float> costs;
        for (int y = 0; y < h; y++)
        {
            const uchar* t = L.target.ptr<uchar>(y);
            for (int x = 0; x < w; x++)
                if (t[x])
                    for (int j = 0; j < K; j++)
                        costs.push_back(F.at(x, y)[j].cost / patchValues);
        }
        if (!costs.empty())
        {
            const size_t n = std::min(costs.size() - 1, (size_t)(kSigmaPercentile * costs.size()));
            std::nth_element(costs.begin(), costs.begin() + n, costs.end());
            twoSigma2 = 2.0 * std::max(1e-3, (double)costs[n]);
        }
    }
    std::vector<double> weight((size_t)w * h * K, 0.0);
    parallel_for_(Range(0, h), [&](const Range& range) {
        for (int y = range.start; y < range.end; y++)
        {
            const uchar* t = L.target.ptr<uchar>(y);
            const float* conf = L.confidence.ptr<float>(y);
            for (int x = 0; x < w; x++)
                if (t[x])
                    for (int j = 0; j < K; j++)
                        weight[((size_t)y * w + x) * K + j] =
                            useCosts ? conf[x] * std::exp(-(double)F.at(x, y)[j].cost / patchValues / twoSigma2) : conf[x];
        }
    });

    // Gather per hole pixel (no write conflicts, same sums in the same order on any thread count):
    // every match of every target patch covering q puts its source's pixel at the same offset on q.
    // Sources are fully known, so the reads never see a pixel being written.
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
                double wsum = 0, wbest = -1;
                for (int dy = -r_; dy <= r_; dy++)
                {
                    const int py = y - dy;
                    if (py < r_ || py >= h - r_)
                        continue;
                    const uchar* t = L.target.ptr<uchar>(py);
                    for (int dx = -r_; dx <= r_; dx++)
                    {
                        const int px = x - dx;
                        if (px < r_ || px >= w - r_ || !t[px])
                            continue;
                        const Match* list = F.at(px, py);
                        const double* wl = &weight[((size_t)py * w + px) * K];
                        for (int j = 0; j < K; j++)
                        {
                            const float* s = L.image.ptr<float>(list[j].y + dy) + (list[j].x + dx) * cn_;
                            if (best)
                            {
                                // Strictly greater: ties keep the first vote in this fixed order.
                                if (wl[j] > wbest)
                                {
                                    wbest = wl[j];
                                    for (int ch = 0; ch < cn_; ch++)
                                        acc[ch] = s[ch];
                                    wsum = 1;
                                }
                                continue;
                            }
                            for (int ch = 0; ch < cn_; ch++)
                                acc[ch] += wl[j] * s[ch];
                            wsum += wl[j];
                        }
                    }
                }
                if (wsum > 0)
                    for (int ch = 0; ch < cn_; ch++)
                        out[x * cn_ + ch] = (float)(acc[ch] / wsum);
            }
        }
    });
}

void Synthesizer::run(Mat& image, const Mat& hole, int levelCount)
{
    cn_ = image.channels();
    rowLen_ = (2 * r_ + 1) * cn_;
    const int fineIterations = params_.iterations;
    const bool guided = !params_.guide.empty();
    std::vector<Level> levels(levelCount);
    levels[0].image = image;
    levels[0].hole = hole;
    if (guided)
        levels[0].guide = params_.guide;
    for (int l = 1; l < levelCount; l++)
    {
        downsample(levels[l - 1], levels[l]);
        if (guided)
            resize(levels[l - 1].guide, levels[l].guide, levels[l].image.size(), 0, 0, INTER_AREA);
    }
    for (int l = 0; l < levelCount; l++)
        prepareLevel(levels[l], r_, params_.guideWeight, params_.guideSigma / (1 << l), params_.detailWeight);

    Field field;
    for (int l = levelCount - 1; l >= 0; l--)
    {
        Level& L = levels[l];
        if (l == levelCount - 1)
        {
            // The coarse prediction, when there is one, places structure that diffusion cannot.
            if (guided)
                L.guide.copyTo(L.image, L.hole);
            else
                diffuse(L.image, L.hole);
            randomField(L, field, l);
        }
        else
        {
            Field fine;
            upsampleField(levels[l + 1], field, L, fine);
            field = std::move(fine);
            vote(L, field, false);
        }
        // Coarse levels are 4x cheaper per step down and decide the structure: they get more
        // iterations.
        const int iterations = fineIterations + kExtraIterationsPerLevel * l;
        for (int it = 0; it < iterations; it++)
        {
            mixGuide(L);
            computeCosts(L, field);
            patchMatchPass(L, field, l, it, 0);
            patchMatchPass(L, field, l, it, 1);
            vote(L, field, true, l == 0 && it == iterations - 1 && params_.finalVote == detail::PATCH_VOTE_BEST);
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
        detail::fillHolesKeepingKnown(src, mask, _result, [this](const Mat& cleared, const Mat& hole, Mat& filled) {
            filled = fill(cleared, hole);
        });
    }

private:
    int patchSize_ = 13, iterations_ = 4, seed_ = 0;

    Mat fill(const Mat& colour, const Mat& hole) const
    {
        const double range = detail::depthRange(colour.depth());
        Mat work;
        colour.convertTo(work, CV_32F, kWorkScale / range);
        detail::PatchSynthesisParams params;
        params.patchSize = patchSize_;
        params.iterations = iterations_;
        params.seed = seed_;
        detail::synthesizePatches(work, hole, params);
        Mat out;
        work.convertTo(out, colour.depth(), range / kWorkScale);
        return out;
    }
};

} // namespace

void detail::synthesizePatches(Mat& work, const Mat& hole, const PatchSynthesisParams& params)
{
    CV_Assert(work.depth() == CV_32F && hole.type() == CV_8UC1 && work.size() == hole.size());
    CV_Assert(params.guide.empty() || (params.guide.size() == work.size() && params.guide.type() == work.type()));
    CV_Assert(params.patchSize >= 3 && params.patchSize % 2 == 1 && params.iterations >= 1 && params.guideWeight >= 0 &&
              params.detailWeight >= 0);
    work.setTo(Scalar::all(0), hole); // the fill must not depend on the hole's content

    // A smaller patch when the image has no fully known patch of the requested size.
    int r = params.patchSize / 2;
    while (r >= 1 && countNonZero(sourceCentres(hole, r)) == 0)
        r--;
    if (r >= 1)
    {
        int levels = chooseLevels(hole, r);
        if (params.maxLevels > 0)
            levels = std::min(levels, params.maxLevels);
        Synthesizer synth(r, kMatches, params);
        synth.run(work, hole, levels);
    }
    else if (!params.guide.empty())
        params.guide.copyTo(work, hole);
    else
        diffuse(work, hole);
}

Ptr<PatchMatchInpainter> PatchMatchInpainter::create(int patchSize, int iterations, int seed)
{
    return makePtr<PatchMatchInpainterImpl>(patchSize, iterations, seed);
}

}} // namespace cv::inpainting
