// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

// libFuzzer target: how pconv_train turns a file of its data folder into training crops
// (tools/train/src/image_source.cpp): decode a photo or a mask file from arbitrary bytes, the
// usability checks, scaling to the crop size, the random scale/crop/flip of a training sample and
// the random crop of a hole mask. LibTorch is not involved: the tensors are built from these crops
// by data.cpp's toBatch(), which only copies pixels.
//
// A file that is not usable is reported with a reason (empty Mat); anything that escapes
// (exceptions, crashes, sanitizer reports, hangs, huge allocations) is a bug, and so is a crop
// that breaks what the training loop relies on (checked below).
//
// Input: [kind+flags] [crop size] [resize range] [rng seed] [file bytes...]

#include <unistd.h>

#include <opencv2/imgcodecs.hpp>

#include "fuzz_input.hpp"
#include "image_source.hpp"

using namespace inpainting_fuzz;

extern "C" int LLVMFuzzerInitialize(int*, char*** argv)
{
    // The same decoder size limit as pconv_train, which sets it the same way (main.cpp).
    if (pconv::setDecodeLimitEnvironment())
        execv("/proc/self/exe", *argv);
    quietOpenCV();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    ByteReader in(data, size);
    const int flags = in.byte();
    const int crop = 8 + in.range(0, 56);
    const int resizeMin = (flags & 2) ? crop + in.range(0, 16) : 0;
    const int resizeMax = (flags & 2) ? resizeMin + in.range(0, 32) : 0;
    cv::RNG rng(in.byte() | (in.byte() << 8));
    const std::vector<uchar> bytes(in.rest(), in.rest() + in.restSize());
    std::string why;
    if ((flags & 1) == 0)
    {
        const cv::Mat photo = pconv::decodeImage(bytes, cv::IMREAD_COLOR, why);
        if (photo.empty())
        {
            if (why.empty())
                invariantFailed("decodeImage: refused a photo without saying why");
            return 0;
        }
        if (photo.type() != CV_8UC3)
            invariantFailed("decodeImage: a photo is not BGR 8-bit");
        bool scaledUp = false;
        const cv::Mat kept = pconv::prepareTrainingImage(photo, crop, resizeMax, scaledUp);
        if (std::min(kept.rows, kept.cols) < crop)
            invariantFailed("prepareTrainingImage: shorter side below the crop size");
        if (resizeMax > 0 && std::min(kept.rows, kept.cols) > resizeMax)
            invariantFailed("prepareTrainingImage: kept more than the largest crop needs");
        if ((size_t)std::max(kept.rows, kept.cols) > (size_t)pconv::kMaxAspectRatio * std::min(kept.rows, kept.cols) + 1)
            invariantFailed("prepareTrainingImage: aspect ratio beyond the limit");
        for (int i = 0; i < 2; i++)
        {
            const cv::Mat sample = pconv::randomCrop(kept, crop, resizeMin, resizeMax, (flags & 4) != 0, rng);
            if (sample.rows != crop || sample.cols != crop || sample.type() != CV_8UC3)
                invariantFailed("randomCrop: not a crop x crop BGR 8-bit sample");
        }
    }
    else
    {
        const cv::Mat mask = pconv::decodeImage(bytes, cv::IMREAD_GRAYSCALE, why);
        if (mask.empty())
        {
            if (why.empty())
                invariantFailed("decodeImage: refused a mask without saying why");
            return 0;
        }
        if (mask.type() != CV_8UC1)
            invariantFailed("decodeImage: a mask is not 8-bit gray");
        const cv::Mat hole = pconv::randomMaskCrop(mask, crop, rng);
        if (hole.rows != crop || hole.cols != crop || hole.type() != CV_8UC1)
            invariantFailed("randomMaskCrop: not a crop x crop 8-bit mask");
        if (cv::countNonZero(hole != 0 & hole != 255) != 0)
            invariantFailed("randomMaskCrop: the hole mask is not binary");
    }
    return 0;
}
