// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

// The gradient ratio and the detail error from one pair of gradient maps: evaluate() reports both,
// and they share the Sobel magnitudes of the result and the truth.

#ifndef OPENCV_INPAINTING_GRADIENT_MEASURES_HPP
#define OPENCV_INPAINTING_GRADIENT_MEASURES_HPP

#include "opencv2/core.hpp"

namespace cv {
namespace inpainting {
namespace detail {

//! The sigma of InpaintingMetrics::detailError (detailError()'s default).
const double kEvaluateDetailSigma = 4.0;

/** gradientRatio() and detailError(..., kEvaluateDetailSigma) of a checked (result, truth) pair,
both already scaled to [0, 1] (unitColour()), over @p hole (CV_8UC1, at least one pixel set); each
NaN with a logged warning where it is undefined. */
void gradientMeasures(const Mat& unitResult, const Mat& unitTruth, const Mat& hole, double& ratio, double& detailErr);

}}} // namespace cv::inpainting::detail

#endif
