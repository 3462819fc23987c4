// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

// Training data: a folder of photos decoded with OpenCV, random scale/crop/flip, hole masks from
// the module's own MaskGenerator (or a folder of mask images).

#ifndef PCONV_TRAIN_DATA_HPP
#define PCONV_TRAIN_DATA_HPP

#include <cstdint>
#include <string>
#include <vector>

#include <opencv2/core.hpp>
#include <torch/torch.h>

#include "opencv2/inpainting/masks.hpp"
#include "image_source.hpp"

namespace pconv {

struct DataConfig
{
    std::string dir;              //!< folder of images
    std::string masksDir;         //!< optional folder of mask images (non-zero = hole); empty = generator
    int imageSize = 256;          //!< square crop side
    int resizeMin = 0;            //!< shorter side drawn in [resizeMin, resizeMax] before cropping; 0 = native size
    int resizeMax = 0;
    double maskMin = 0.2;         //!< hole-ratio range of generated masks
    double maskMax = 0.4;
    int64_t maskCurriculum = 0;   //!< steps over which the upper hole ratio ramps from maskMin to maskMax; 0 = none
    //! MaskKinds of generated masks; with several, sample k of the stream (and validation image i)
    //! takes kind k mod n, so every batch mixes them in fixed proportions whatever the seed.
    std::vector<int> maskKinds{ cv::inpainting::MASK_MIXED };
    bool flip = true;
    uint64_t seed = 0;
};

//! A batch: image (N,3,H,W) BGR [0,1]; mask (N,1,H,W) 1 = valid, 0 = hole.
struct Batch
{
    torch::Tensor image, mask;
};

//! Converts BGR images (8U or 32F in [0,1]) and hole masks (8U, non-zero = hole) to a Batch.
Batch toBatch(const std::vector<cv::Mat>& images, const std::vector<cv::Mat>& holes);
//! One (3,H,W) or (1,H,W) tensor back to a BGR 32F image in [0,1] (or 1 channel).
cv::Mat toMat(const torch::Tensor& chw);

class Dataset
{
public:
    /** Decodes every image of the folder once (scaled down to what cropping needs, to save memory).
    Unreadable files are skipped with a warning and counted; images too small for the crop are
    scaled up with a warning. Throws BadInput if the folder is missing or no image is usable. */
    Dataset(const DataConfig& config, const char* what);

    size_t size() const { return images_.size(); }
    int unreadable() const { return unreadable_; }
    int scaledUp() const { return scaledUp_; }

    /** Batch number `step` of the training stream. Everything random derives from (seed, step), so a
    resumed run sees exactly the batches it would have seen. Thread-safe for distinct steps.
    Data-parallel: the global batch of a step is `shards` x batchSize samples of the stream, and shard
    `shard` (a rank) gets the shard-th run of batchSize of them, so the ranks of a step together see
    exactly the samples of one process's batch of shards x batchSize. */
    Batch trainBatch(int64_t step, int batchSize, int shards = 1, int shard = 0) const;

    /** The upper hole ratio of the generated masks of batch `step`: with maskCurriculum = N it rises
    linearly from maskMin (step 0) to maskMax (step N and after); otherwise maskMax. */
    double maskMaxAt(int64_t step) const;

    /** Fixed validation set: centre crops at the middle of the resize range, masks cycling through
    the hole-ratio buckets (0.01,0.1] ... (0.5,0.6] (and through the mask kinds) with a fixed seed. */
    void fixedSet(int count, std::vector<cv::Mat>& images, std::vector<cv::Mat>& holes) const;

    //! The decoded (cached) images, BGR 8-bit.
    const std::vector<cv::Mat>& images() const { return images_; }

private:
    cv::Mat randomCrop(const cv::Mat& src, cv::RNG& rng) const;
    cv::Mat randomMask(cv::RNG& rng, int kind, int seed, double maskMax) const;
    int maskKindOf(uint64_t sample) const;

    DataConfig cfg_;
    std::vector<cv::Mat> images_, maskImages_;
    std::vector<std::string> names_;
    int unreadable_ = 0, scaledUp_ = 0;
};

//! Deterministic 64-bit mix of a seed and indices (splitmix64).
uint64_t mixSeed(uint64_t seed, uint64_t a, uint64_t b = 0);

} // namespace pconv

#endif
