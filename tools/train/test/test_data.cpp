// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

// The training data stream: a list of mask kinds (--mask-kind 5,7,8) mixes the generators in fixed
// shares, sample by sample, without changing anything else of the stream.

#include <gtest/gtest.h>

#include <opencv2/inpainting.hpp>

#include "data.hpp"
#include "train_test_utils.hpp"

namespace {

using namespace pconv;

TEST(Inpainting_TrainData, mask_kind_list_takes_kinds_in_turn)
{
    const std::string root = pconv_test::makeTempDir("mask_kinds");
    ASSERT_EQ(pconv_test::writePhotoSet(root + "/data", 3, 64), 3);
    DataConfig c;
    c.dir = root + "/data";
    c.imageSize = 64;
    c.maskMin = 0.1;
    c.maskMax = 0.3;
    c.seed = 4;
    c.maskKinds = { cv::inpainting::MASK_BORDER, cv::inpainting::MASK_SCRATCHES };
    const Dataset mixed(c, "--data");
    c.maskKinds = { cv::inpainting::MASK_BORDER };
    const Dataset border(c, "--data");
    c.maskKinds = { cv::inpainting::MASK_SCRATCHES };
    const Dataset scratches(c, "--data");

    // Batch 3 of 6: samples 18..23 of the stream; sample k takes kind k mod 2 of the list and is
    // otherwise the very sample a single-kind stream draws (same crop, same mask seed).
    const int64_t step = 3;
    const int batch = 6;
    const Batch m = mixed.trainBatch(step, batch), b = border.trainBatch(step, batch), s = scratches.trainBatch(step, batch);
    ASSERT_TRUE(torch::equal(m.image, b.image));
    int differing = 0;
    for (int i = 0; i < batch; i++)
    {
        const bool even = (step * batch + i) % 2 == 0;
        EXPECT_TRUE(torch::equal(m.mask[i], even ? b.mask[i] : s.mask[i])) << "sample " << i;
        differing += !torch::equal(b.mask[i], s.mask[i]);
    }
    EXPECT_EQ(differing, batch) << "border and scratch masks of one seed must differ";

    // The validation set cycles through the kinds the same way.
    std::vector<cv::Mat> mi, mh, bi, bh, si, sh;
    mixed.fixedSet(4, mi, mh);
    border.fixedSet(4, bi, bh);
    scratches.fixedSet(4, si, sh);
    ASSERT_EQ(mh.size(), 3u); // three photos
    for (size_t i = 0; i < mh.size(); i++)
        EXPECT_EQ(cv::norm(mh[i], i % 2 == 0 ? bh[i] : sh[i], cv::NORM_INF), 0.0) << "validation image " << i;
}

} // namespace
