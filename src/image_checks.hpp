// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

// Input validation and the helpers every method shares: one place decides what the module
// accepts, so every entry point raises the same clear errors.

#ifndef OPENCV_INPAINTING_IMAGE_CHECKS_HPP
#define OPENCV_INPAINTING_IMAGE_CHECKS_HPP

#include "opencv2/core.hpp"

#include <functional>

namespace cv {
namespace inpainting {
namespace detail {

/** Raises cv::Exception naming the argument unless @p image is a non-empty finite 8U/16U/32F image
with 1, 3 or 4 channels. */
void checkImage(const Mat& image, const char* imageArg);

/** Raises cv::Exception naming the argument unless @p image is a non-empty 8U/16U/32F image with
1, 3 or 4 channels and @p mask a non-empty CV_8UC1 of the same size. NaN or Inf in a float image
are rejected too: every method would spread them over the hole. */
void checkImageAndMask(const Mat& image, const Mat& mask, const char* imageArg = "src",
                       const char* maskArg = "mask");

/** Raises cv::Exception naming @p fn and @p arg if a float image (CV_32F/CV_64F/CV_16F) holds NaN or
Inf. The module's policy for every function that takes images: non-finite values are rejected,
never propagated (a filled hole or a metric of NaN would only surface far from the cause). */
void checkFinite(const Mat& image, const char* fn, const char* arg);

//! The mask as 0/255 (non-zero input -> 255), so that every method sees one binary mask.
Mat binaryHoleMask(const Mat& mask);

//! Largest value of the type's nominal range: 255, 65535 or 1.
double depthRange(int depth);

/** The colour channels of @p image (alpha dropped) as @p depth (CV_32F or CV_64F) in [0, 1]: the
type's range is divided out, so metrics are comparable across types. */
Mat unitColour(const Mat& image, int depth = CV_64F);

/** Raises cv::Exception naming @p fn and the arguments unless @p a and @p b are non-empty and of the
same size and type (a result and its truth). */
void checkSameSizeAndType(const Mat& a, const Mat& b, const char* fn, const char* aArg, const char* bArg);

//! dst = src outside the hole, filled inside; all three of the same size and type.
void compositeOverHole(const Mat& src, const Mat& filled, const Mat& holeMask, Mat& dst);

/** The two masks that no method decides, resolved the same way for every entry point: without a
hole @p dst is a copy of @p src; with every pixel a hole nothing is known to propagate from, so
the colour channels are the type's mid-grey (0.5 of its range, rounded for integer types) and
alpha is copied through. Returns true when it wrote @p dst (the caller is done), false when the
mask has both holes and known pixels. @p dst may be @p src. The caller checks the inputs. */
bool fillTrivialMask(const Mat& src, const Mat& mask, OutputArray dst);

/** What every method shares around its fill, so that all keep the same promises: the trivial
masks of fillTrivialMask(); alpha is never inpainted (the colour channels are filled and alpha is
copied through); the fill never sees what the hole held (the holes are cleared to zero first);
known pixels are copied back bit-identical. @p fill gets the cleared colour image and the 0/255
hole mask and writes a fill of the same size and type. The caller checks the inputs. Methods that
work on crops of a large image in place (PartialConvInpainter) keep these promises themselves
and call fillTrivialMask() for the shared part. */
void fillHolesKeepingKnown(const Mat& src, const Mat& mask, OutputArray dst,
                           const std::function<void(const Mat& cleared, const Mat& hole, Mat& filled)>& fill);

}}} // namespace cv::inpainting::detail

#endif
