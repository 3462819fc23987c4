// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

// From image files to the crops and hole masks of training, without LibTorch: decoding with
// limits, the checks that decide whether a photo or mask file is usable, and the random
// scale/crop/flip. Kept apart from data.cpp so that fuzz/fuzz_train_data.cpp can test exactly
// this code in a clang+libFuzzer build that has no LibTorch.

#ifndef PCONV_TRAIN_IMAGE_SOURCE_HPP
#define PCONV_TRAIN_IMAGE_SOURCE_HPP

#include <string>
#include <vector>

#include <opencv2/core.hpp>

namespace pconv {

//! Longest accepted side ratio of a photo or mask file. Scaling the shorter side of a 1x10000
//! strip up to the crop size would make a picture of gigabytes; such files are skipped.
const int kMaxAspectRatio = 16;

//! Largest image (pixels) the decoders may allocate in pconv_train: 2^27, e.g. 16384 x 8192.
const size_t kMaxDecodedPixels = (size_t)1 << 27;

/** OpenCV's decoders allocate the image a header declares before reading its data, up to
OPENCV_IO_MAX_IMAGE_PIXELS pixels (default 2^30: 3 GB for a corrupt 4-byte header; found by
fuzz/fuzz_train_data), and OpenCV reads that variable once, when it is loaded. Sets it to
kMaxDecodedPixels unless the environment already has it; returns true when it did, in which case
the process must run itself again (execv) for OpenCV to see it. */
bool setDecodeLimitEnvironment();

/** Decodes a photo (IMREAD_COLOR: BGR 8-bit) or a mask (IMREAD_GRAYSCALE) from the bytes of a
file. Returns an empty Mat and says why in @p why when the bytes are not a usable image (not one
of the formats the file names allow: JPEG, PNG, BMP, TIFF, WebP, PNM, JPEG 2000; not decodable; or
sides further apart than kMaxAspectRatio). The decoders' own size limit is OpenCV's
(OPENCV_IO_MAX_IMAGE_PIXELS, default 2^30 pixels; read once when OpenCV loads). */
cv::Mat decodeImage(const std::vector<uchar>& bytes, int flags, std::string& why);
//! The same for a file; @p why also covers a file that cannot be read.
cv::Mat readImage(const std::string& path, int flags, std::string& why);

/** A decoded photo as the dataset keeps it: shorter side at least @p imageSize (scaled up,
@p scaledUp set), and at most @p keepSide when keepSide > 0 (scaled down to save memory). */
cv::Mat prepareTrainingImage(const cv::Mat& decoded, int imageSize, int keepSide, bool& scaledUp);

//! Scales `img` so that its shorter side is `side` (area for shrinking, linear for growing).
cv::Mat resizeShorter(const cv::Mat& img, int side);

/** A random training crop of side @p size: the shorter side first drawn in [resizeMin, resizeMax]
when resizeMax > 0, then a random square, then a random horizontal flip when @p flip. */
cv::Mat randomCrop(const cv::Mat& image, int size, int resizeMin, int resizeMax, bool flip, cv::RNG& rng);

/** A square hole mask (CV_8UC1, 255 = hole) of side @p size cut from a mask image (non-zero =
hole): scaled with nearest neighbour so that its shorter side is @p size (masks stay binary),
then a random square and random flips. */
cv::Mat randomMaskCrop(const cv::Mat& maskImage, int size, cv::RNG& rng);

} // namespace pconv

#endif
