// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

#include "data.hpp"

#include <algorithm>
#include <cstdio>
#include <numeric>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "util.hpp"

namespace pconv {

uint64_t mixSeed(uint64_t seed, uint64_t a, uint64_t b)
{
    uint64_t z = seed ^ (a * 0x9E3779B97F4A7C15ULL) ^ (b * 0xC2B2AE3D27D4EB4FULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

Batch toBatch(const std::vector<cv::Mat>& images, const std::vector<cv::Mat>& holes)
{
    CV_Assert(!images.empty() && images.size() == holes.size());
    const int64_t n = (int64_t)images.size(), h = images[0].rows, w = images[0].cols;
    Batch b;
    b.image = torch::empty({n, 3, h, w});
    b.mask = torch::empty({n, 1, h, w});
    for (int64_t i = 0; i < n; i++)
    {
        cv::Mat f;
        images[i].convertTo(f, CV_32F, images[i].depth() == CV_8U ? 1.0 / 255 : 1.0);
        CV_Assert(f.rows == h && f.cols == w && f.channels() == 3);
        std::vector<cv::Mat> planes(3);
        for (int c = 0; c < 3; c++)
            planes[c] = cv::Mat((int)h, (int)w, CV_32F, b.image[i][c].data_ptr<float>());
        cv::split(f, planes);
        CV_Assert(holes[i].type() == CV_8UC1 && holes[i].size() == images[i].size());
        cv::Mat valid((int)h, (int)w, CV_32F, b.mask[i][0].data_ptr<float>());
        cv::Mat known = holes[i] == 0;   // 255 where valid
        known.convertTo(valid, CV_32F, 1.0 / 255);
    }
    return b;
}

cv::Mat toMat(const torch::Tensor& chw)
{
    torch::Tensor t = chw.detach().to(torch::kCPU, torch::kFloat).contiguous();
    const int c = (int)t.size(0), h = (int)t.size(1), w = (int)t.size(2);
    std::vector<cv::Mat> planes;
    for (int i = 0; i < c; i++)
        planes.push_back(cv::Mat(h, w, CV_32F, t[i].data_ptr<float>()).clone());
    cv::Mat out;
    cv::merge(planes, out);
    return out;
}

Dataset::Dataset(const DataConfig& config, const char* what) : cfg_(config)
{
    if (cfg_.imageSize < 8)
        throw BadInput(std::string(what) + ": image size must be at least 8, got " + std::to_string(cfg_.imageSize));
    if (cfg_.resizeMin < 0 || cfg_.resizeMax < cfg_.resizeMin || (cfg_.resizeMin > 0 && cfg_.resizeMin < cfg_.imageSize))
        throw BadInput("--resize-min/--resize-max: need image_size <= min <= max (or both 0), got " +
                       std::to_string(cfg_.resizeMin) + ", " + std::to_string(cfg_.resizeMax));
    if (!(cfg_.maskMin > 0 && cfg_.maskMin <= cfg_.maskMax && cfg_.maskMax < 1))
        throw BadInput("mask ratios: need 0 < min <= max < 1");
    const std::vector<std::string> files = listImages(cfg_.dir, what);
    // Keep only what the largest crop needs: the shorter side at resizeMax (or the crop size).
    const int keepSide = cfg_.resizeMax > 0 ? cfg_.resizeMax : 0;
    for (const auto& f : files)
    {
        std::string why;
        const cv::Mat decoded = readImage(f, cv::IMREAD_COLOR, why);
        if (decoded.empty())
        {
            std::fprintf(stderr, "warning: %s: '%s': %s, skipped\n", what, f.c_str(), why.c_str());
            unreadable_++;
            continue;
        }
        bool scaledUp = false;
        images_.push_back(prepareTrainingImage(decoded, cfg_.imageSize, keepSide, scaledUp));
        if (scaledUp)
        {
            std::fprintf(stderr, "warning: %s: '%s' is %dx%d, smaller than the %d crop: scaled up\n", what, f.c_str(),
                         decoded.cols, decoded.rows, cfg_.imageSize);
            scaledUp_++;
        }
        names_.push_back(f);
    }
    if (images_.empty())
        throw BadInput(std::string(what) + ": none of the " + std::to_string(files.size()) + " files in '" + cfg_.dir +
                       "' could be decoded");
    if (unreadable_ > 0)
        std::fprintf(stderr, "warning: %s: %d of %zu files skipped (unreadable)\n", what, unreadable_, files.size());
    if (!cfg_.masksDir.empty())
    {
        for (const auto& f : listImages(cfg_.masksDir, "--masks"))
        {
            std::string why;
            cv::Mat m = readImage(f, cv::IMREAD_GRAYSCALE, why);
            if (m.empty())
            {
                std::fprintf(stderr, "warning: --masks: '%s': %s, skipped\n", f.c_str(), why.c_str());
                continue;
            }
            maskImages_.push_back(m);
        }
        if (maskImages_.empty())
            throw BadInput("--masks: no mask in '" + cfg_.masksDir + "' could be decoded");
    }
}

cv::Mat Dataset::randomCrop(const cv::Mat& src, cv::RNG& rng) const
{
    return pconv::randomCrop(src, cfg_.imageSize, cfg_.resizeMin, cfg_.resizeMax, cfg_.flip, rng);
}

double Dataset::maskMaxAt(int64_t step) const
{
    if (cfg_.maskCurriculum <= 0 || step >= cfg_.maskCurriculum)
        return cfg_.maskMax;
    return cfg_.maskMin + (cfg_.maskMax - cfg_.maskMin) * (double)step / (double)cfg_.maskCurriculum;
}

int Dataset::maskKindOf(uint64_t sample) const
{
    CV_Assert(!cfg_.maskKinds.empty());
    return cfg_.maskKinds[sample % cfg_.maskKinds.size()];
}

cv::Mat Dataset::randomMask(cv::RNG& rng, int kind, int seed, double maskMax) const
{
    const int s = cfg_.imageSize;
    cv::Mat hole;
    if (!maskImages_.empty())
        return randomMaskCrop(maskImages_[rng.uniform(0, (int)maskImages_.size())], s, rng);
    auto gen = cv::inpainting::MaskGenerator::create(kind, cfg_.maskMin, maskMax, seed);
    gen->generate(cv::Size(s, s), hole);
    return hole;
}

Batch Dataset::trainBatch(int64_t step, int batchSize, int shards, int shard) const
{
    const uint64_t n = images_.size();
    std::vector<cv::Mat> imgs, holes;
    const double maskMax = maskMaxAt(step);
    for (int i = 0; i < batchSize; i++)
    {
        // Sample k of the stream: epoch e visits every image once in a permutation seeded by e.
        const uint64_t k = ((uint64_t)step * shards + shard) * batchSize + i, e = k / n;
        std::vector<uint64_t> perm(n);
        std::iota(perm.begin(), perm.end(), 0);
        cv::RNG prng(mixSeed(cfg_.seed, e, 0x5eed));
        for (uint64_t j = n; j > 1; j--)
            std::swap(perm[j - 1], perm[(uint64_t)prng.uniform(0, (int)j)]);
        cv::RNG rng(mixSeed(cfg_.seed, k, 1));
        imgs.push_back(randomCrop(images_[perm[k % n]], rng));
        holes.push_back(randomMask(rng, maskKindOf(k), (int)(mixSeed(cfg_.seed, k, 2) & 0x7fffffff), maskMax));
    }
    return toBatch(imgs, holes);
}

void Dataset::fixedSet(int count, std::vector<cv::Mat>& images, std::vector<cv::Mat>& holes) const
{
    images.clear();
    holes.clear();
    const int s = cfg_.imageSize;
    const int side = cfg_.resizeMax > 0 ? (cfg_.resizeMin + cfg_.resizeMax) / 2 : 0;
    const int total = count > 0 ? std::min<int>(count, (int)images_.size()) : (int)images_.size();
    for (int i = 0; i < total; i++)
    {
        cv::Mat img = side > 0 ? resizeShorter(images_[i], side) : images_[i];
        images.push_back(img(cv::Rect((img.cols - s) / 2, (img.rows - s) / 2, s, s)).clone());
        const int b = i % 6;
        const double lo = b == 0 ? 0.011 : b * 0.1 + 0.001, hi = (b + 1) * 0.1;
        cv::Mat hole;
        cv::inpainting::MaskGenerator::create(maskKindOf((uint64_t)i), lo, hi, 1000 + i)->generate(cv::Size(s, s), hole);
        holes.push_back(hole);
    }
}

} // namespace pconv
