// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

// Realism measures that need no trained network: the gradient ratio (is the fill as sharp as the
// truth?) and the sliced Wasserstein distance of local descriptors (does the fill have the truth's
// texture statistics?).

#include "precomp.hpp"
#include "opencv2/core/utils/logger.hpp"
#include "gradient_measures.hpp"

namespace cv {
namespace inpainting {

namespace {

const double kNaN = std::numeric_limits<double>::quiet_NaN();

// Sum over the colour channels of sqrt(dx^2 + dy^2), 3x3 Sobel, on [0, 1] intensities.
Mat gradientMagnitude(const Mat& unit)
{
    std::vector<Mat> planes;
    split(unit, planes);
    Mat total = Mat::zeros(unit.size(), CV_64F);
    for (const Mat& p : planes)
    {
        Mat dx, dy, magnitudeOfPlane;
        Sobel(p, dx, CV_64F, 1, 0, 3);
        Sobel(p, dy, CV_64F, 0, 1, 3);
        magnitude(dx, dy, magnitudeOfPlane);
        total += magnitudeOfPlane;
    }
    return total;
}

void checkTriple(const Mat& result, const Mat& truth, const Mat& mask, const char* fn)
{
    detail::checkSameSizeAndType(result, truth, fn, "result", "truth");
    detail::checkImageAndMask(truth, mask, "truth", "mask");
    detail::checkFinite(result, fn, "result");
}

// The gradient ratio from the two gradient maps; NaN with a warning when the truth is flat.
double ratioOfGradients(const Mat& resultGradient, const Mat& truthGradient, const Mat& hole)
{
    const double truthMean = mean(truthGradient, hole)[0];
    if (!(truthMean > 0))
    {
        CV_LOG_WARNING(NULL, "inpainting::gradientRatio: the truth is flat over the hole; the ratio is undefined (NaN)");
        return kNaN;
    }
    return mean(resultGradient, hole)[0] / truthMean;
}

// The detail error from the two gradient maps; NaN with a warning when the truth has no detail.
double detailErrorOfGradients(const Mat& resultGradient, const Mat& truthGradient, const Mat& hole, double sigma)
{
    Mat resultDetail, truthDetail, difference;
    GaussianBlur(resultGradient, resultDetail, Size(), sigma, sigma, BORDER_REFLECT_101);
    GaussianBlur(truthGradient, truthDetail, Size(), sigma, sigma, BORDER_REFLECT_101);
    const double truthMean = mean(truthDetail, hole)[0];
    if (!(truthMean > 0))
    {
        CV_LOG_WARNING(NULL, "inpainting::detailError: the truth has no detail over the hole; the error is undefined (NaN)");
        return kNaN;
    }
    absdiff(resultDetail, truthDetail, difference);
    return mean(difference, hole)[0] / truthMean; // the ratio of the sums over the hole
}

} // namespace

double gradientRatio(InputArray _result, InputArray _truth, InputArray _mask)
{
    const Mat result = _result.getMat(), truth = _truth.getMat(), mask = _mask.getMat();
    checkTriple(result, truth, mask, "gradientRatio");
    const Mat hole = detail::binaryHoleMask(mask);
    if (countNonZero(hole) == 0)
    {
        CV_LOG_WARNING(NULL, "inpainting::gradientRatio: the mask has no hole pixel; the ratio is undefined (NaN)");
        return kNaN;
    }
    return ratioOfGradients(gradientMagnitude(detail::unitColour(result)), gradientMagnitude(detail::unitColour(truth)), hole);
}

double detailError(InputArray _result, InputArray _truth, InputArray _mask, double sigma)
{
    const Mat result = _result.getMat(), truth = _truth.getMat(), mask = _mask.getMat();
    checkTriple(result, truth, mask, "detailError");
    if (!(sigma >= 0.5 && sigma <= 64))
        CV_Error_(Error::StsOutOfRange, ("inpainting::detailError: 'sigma' must be in [0.5, 64], got %g", sigma));
    const Mat hole = detail::binaryHoleMask(mask);
    if (countNonZero(hole) == 0)
    {
        CV_LOG_WARNING(NULL, "inpainting::detailError: the mask has no hole pixel; the error is undefined (NaN)");
        return kNaN;
    }
    return detailErrorOfGradients(gradientMagnitude(detail::unitColour(result)), gradientMagnitude(detail::unitColour(truth)),
                                  hole, sigma);
}

void detail::gradientMeasures(const Mat& unitResult, const Mat& unitTruth, const Mat& hole, double& ratio,
                              double& detailErr)
{
    const Mat resultGradient = gradientMagnitude(unitResult), truthGradient = gradientMagnitude(unitTruth);
    ratio = ratioOfGradients(resultGradient, truthGradient, hole);
    detailErr = detailErrorOfGradients(resultGradient, truthGradient, hole, kEvaluateDetailSigma);
}

namespace {

uint64 mixSeed(uint64 x)
{
    // splitmix64 finaliser: independent streams for nearby (seed, image, level) tuples.
    x += 0x9E3779B97F4A7C15ull;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}

uint64 streamSeed(int seed, int a, int b)
{
    const uint64 s = mixSeed(mixSeed(mixSeed((uint64)(uint32_t)seed) ^ (uint64)(uint32_t)a) ^ (uint64)(uint32_t)b);
    return s ? s : 1;
}

// Laplacian pyramid of a CV_32FC(cn) image: levels-1 band-pass levels, then the coarsest Gaussian.
std::vector<Mat> laplacianPyramid(const Mat& image, int levels)
{
    std::vector<Mat> out(levels);
    Mat current = image;
    for (int l = 0; l < levels - 1; l++)
    {
        Mat down, up;
        pyrDown(current, down);
        pyrUp(down, up, current.size());
        out[l] = current - up;
        current = down;
    }
    out[levels - 1] = current;
    return out;
}

// The hole at each level: a coarse pixel is a hole position when any fine pixel under it is one,
// so thin strokes do not vanish from the coarse levels.
std::vector<Mat> holePyramid(const Mat& hole, const std::vector<Mat>& sizes)
{
    std::vector<Mat> out(sizes.size());
    out[0] = hole;
    for (size_t l = 1; l < sizes.size(); l++)
    {
        Mat fraction;
        resize(out[l - 1], fraction, sizes[l].size(), 0, 0, INTER_AREA);
        out[l] = fraction > 0;
    }
    return out;
}

class SlicedWassersteinDistanceImpl CV_FINAL : public SlicedWassersteinDistance
{
public:
    SlicedWassersteinDistanceImpl(int seed, int descriptorsPerImage)
    {
        setSeed(seed);
        setDescriptorsPerImage(descriptorsPerImage);
    }

    void add(InputArray _result, InputArray _truth, InputArray _mask) CV_OVERRIDE
    {
        const Mat result = _result.getMat(), truth = _truth.getMat(), mask = _mask.getMat();
        checkTriple(result, truth, mask, "SlicedWassersteinDistance::add");
        const int cn = std::min(3, truth.channels());
        if (channels_ != 0 && cn != channels_)
            CV_Error_(Error::StsBadArg, ("SlicedWassersteinDistance::add: 'truth' has %d colour channels but the "
                                         "images added before had %d; descriptors of one set must have one length",
                                         cn, channels_));
        const Mat hole = detail::binaryHoleMask(mask);
        if (countNonZero(hole) == 0)
            return;
        channels_ = cn;
        if (result_.empty())
        {
            result_.resize(levels_);
            truth_.resize(levels_);
        }
        const std::vector<Mat> resultPyramid = laplacianPyramid(detail::unitColour(result, CV_32F), levels_);
        const std::vector<Mat> truthPyramid = laplacianPyramid(detail::unitColour(truth, CV_32F), levels_);
        const std::vector<Mat> holes = holePyramid(hole, truthPyramid);
        for (int l = 0; l < levels_; l++)
        {
            const std::vector<Point> positions = samplePositions(holes[l], count_, l);
            appendDescriptors(resultPyramid[l], positions, result_[l]);
            appendDescriptors(truthPyramid[l], positions, truth_[l]);
        }
        count_++;
    }

    double getDistance() const CV_OVERRIDE
    {
        const std::vector<double> levels = getLevelDistances();
        if (levels.empty())
        {
            CV_LOG_WARNING(NULL, "inpainting::SlicedWassersteinDistance: no hole pixel was added; the distance is NaN");
            return kNaN;
        }
        double total = 0;
        for (double d : levels)
            total += d;
        return total / levels.size();
    }

    std::vector<double> getLevelDistances() const CV_OVERRIDE
    {
        std::vector<double> out;
        if (count_ == 0)
            return out;
        for (int l = 0; l < levels_; l++)
            out.push_back(levelDistance(l));
        return out;
    }

    int getCount() const CV_OVERRIDE { return count_; }

    void clear() CV_OVERRIDE
    {
        result_.clear();
        truth_.clear();
        count_ = 0;
        channels_ = 0;
    }

    void setLevels(int levels) CV_OVERRIDE
    {
        checkRange("levels", levels, 1, 8);
        checkEmpty("setLevels");
        levels_ = levels;
    }
    int getLevels() const CV_OVERRIDE { return levels_; }

    void setPatchSize(int patchSize) CV_OVERRIDE
    {
        checkRange("patchSize", patchSize, 3, 15);
        if (patchSize % 2 == 0)
            CV_Error_(Error::StsOutOfRange, ("SlicedWassersteinDistance: 'patchSize' must be odd, got %d", patchSize));
        checkEmpty("setPatchSize");
        patchSize_ = patchSize;
    }
    int getPatchSize() const CV_OVERRIDE { return patchSize_; }

    void setDirections(int directions) CV_OVERRIDE
    {
        checkRange("directions", directions, 1, 8192);
        directions_ = directions;
    }
    int getDirections() const CV_OVERRIDE { return directions_; }

    void setRepeats(int repeats) CV_OVERRIDE
    {
        checkRange("repeats", repeats, 1, 64);
        repeats_ = repeats;
    }
    int getRepeats() const CV_OVERRIDE { return repeats_; }

    void setDescriptorsPerImage(int count) CV_OVERRIDE
    {
        checkRange("descriptorsPerImage", count, 0, std::numeric_limits<int>::max());
        checkEmpty("setDescriptorsPerImage");
        descriptorsPerImage_ = count;
    }
    int getDescriptorsPerImage() const CV_OVERRIDE { return descriptorsPerImage_; }

    void setSeed(int seed) CV_OVERRIDE
    {
        checkEmpty("setSeed");
        seed_ = seed;
    }
    int getSeed() const CV_OVERRIDE { return seed_; }

    String getDefaultName() const CV_OVERRIDE { return "inpainting.SlicedWassersteinDistance"; }

private:
    int levels_ = 4, patchSize_ = 7, directions_ = 512, repeats_ = 4, descriptorsPerImage_ = 128, seed_ = 0;
    int count_ = 0, channels_ = 0;
    // Per level: descriptors as rows, patchSize^2 * channels floats each, interleaved as the image.
    std::vector<std::vector<float>> result_, truth_;

    static void checkRange(const char* name, int value, int lo, int hi)
    {
        if (value < lo || value > hi)
            CV_Error_(Error::StsOutOfRange, ("SlicedWassersteinDistance: '%s' must be in [%d, %d], got %d", name, lo, hi, value));
    }

    void checkEmpty(const char* setter) const
    {
        if (count_ > 0)
            CV_Error_(Error::StsError, ("SlicedWassersteinDistance::%s: the descriptors already added were made with "
                                        "the old setting; call clear() first", setter));
    }

    // Hole positions of one level, a seeded random subset when there are more than allowed.
    std::vector<Point> samplePositions(const Mat& hole, int image, int level) const
    {
        std::vector<Point> all;
        findNonZero(hole, all);
        if (descriptorsPerImage_ == 0 || (int)all.size() <= descriptorsPerImage_)
            return all;
        RNG rng(streamSeed(seed_, image, level));
        // Partial Fisher-Yates: the first descriptorsPerImage_ entries become a uniform sample.
        for (int i = 0; i < descriptorsPerImage_; i++)
            std::swap(all[i], all[i + rng.uniform(0, (int)all.size() - i)]);
        all.resize(descriptorsPerImage_);
        std::sort(all.begin(), all.end(), [](const Point& a, const Point& b) { return a.y != b.y ? a.y < b.y : a.x < b.x; });
        return all;
    }

    void appendDescriptors(const Mat& level, const std::vector<Point>& positions, std::vector<float>& out) const
    {
        const int r = patchSize_ / 2, cn = level.channels(), rowLen = patchSize_ * cn;
        Mat padded;
        copyMakeBorder(level, padded, r, r, r, r, BORDER_REFLECT_101);
        for (const Point& p : positions)
            for (int dy = 0; dy < patchSize_; dy++)
            {
                const float* row = padded.ptr<float>(p.y + dy) + p.x * cn;
                out.insert(out.end(), row, row + rowLen);
            }
    }

    double levelDistance(int level) const
    {
        const int dim = patchSize_ * patchSize_ * channels_;
        const int n = (int)(truth_[level].size() / dim);
        Mat a((int)n, dim, CV_32F, const_cast<float*>(result_[level].data()));
        Mat b((int)n, dim, CV_32F, const_cast<float*>(truth_[level].data()));

        // Both sets in the units of the truth's per-channel spread: a fill that lost the truth's
        // variance (blur) stays far from it. The floor keeps a flat truth from dividing by zero.
        Mat an = a.clone(), bn = b.clone();
        for (int c = 0; c < channels_; c++)
        {
            double sum = 0, sumSq = 0;
            for (int i = 0; i < n; i++)
            {
                const float* row = b.ptr<float>(i);
                for (int j = c; j < dim; j += channels_)
                {
                    sum += row[j];
                    sumSq += (double)row[j] * row[j];
                }
            }
            const double values = (double)n * dim / channels_;
            const double meanC = sum / values;
            const double stdC = std::sqrt(std::max(0.0, sumSq / values - meanC * meanC));
            const float inv = (float)(1.0 / std::max(stdC, 1e-4));
            for (int i = 0; i < n; i++)
            {
                float* ra = an.ptr<float>(i);
                float* rb = bn.ptr<float>(i);
                for (int j = c; j < dim; j += channels_)
                {
                    ra[j] = (ra[j] - (float)meanC) * inv;
                    rb[j] = (rb[j] - (float)meanC) * inv;
                }
            }
        }

        double total = 0;
        for (int rep = 0; rep < repeats_; rep++)
        {
            // Gaussian directions normalised to unit length: uniform on the sphere.
            RNG rng(streamSeed(seed_, -1 - level, rep));
            Mat dirs(directions_, dim, CV_32F);
            rng.fill(dirs, RNG::NORMAL, 0.0, 1.0);
            for (int k = 0; k < directions_; k++)
            {
                Mat d = dirs.row(k);
                d /= std::max(1e-12, norm(d));
            }
            // Projections with one direction per row, so each row is sorted on its own.
            Mat pa, pb;
            gemm(dirs, an, 1.0, noArray(), 0.0, pa, GEMM_2_T);
            gemm(dirs, bn, 1.0, noArray(), 0.0, pb, GEMM_2_T);
            std::vector<double> perDirection(directions_);
            parallel_for_(Range(0, directions_), [&](const Range& range) {
                for (int k = range.start; k < range.end; k++)
                {
                    float* x = pa.ptr<float>(k);
                    float* y = pb.ptr<float>(k);
                    std::sort(x, x + n);
                    std::sort(y, y + n);
                    double s = 0;
                    for (int i = 0; i < n; i++)
                        s += std::abs((double)x[i] - y[i]);
                    perDirection[k] = s / n;
                }
            });
            // Summed in a fixed order: the same value whatever the thread count.
            for (double v : perDirection)
                total += v;
        }
        return 1e3 * total / ((double)directions_ * repeats_);
    }
};

} // namespace

Ptr<SlicedWassersteinDistance> SlicedWassersteinDistance::create(int seed, int descriptorsPerImage)
{
    return makePtr<SlicedWassersteinDistanceImpl>(seed, descriptorsPerImage);
}

}} // namespace cv::inpainting
