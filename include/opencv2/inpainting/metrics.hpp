// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

#ifndef OPENCV_INPAINTING_METRICS_HPP
#define OPENCV_INPAINTING_METRICS_HPP

#include "opencv2/core.hpp"

namespace cv {
namespace inpainting {

//! @addtogroup inpainting_metrics
//! @{

/** @brief Quality of an inpainted image against its ground truth.

Intensities are scaled to [0, 1] by the type's range (255 for 8U, 65535 for 16U, 1 for 32F),
so numbers are comparable across types. Colour channels count, alpha does not. PSNR is
`10 log10(1 / MSE)`, capped at 100 dB when the images are equal.
*/
struct CV_EXPORTS_W_SIMPLE InpaintingMetrics
{
    // A constructor rather than default member initialisers: OpenCV's binding generator reads
    // `double x = 0;` as a property named "x = 0".
    CV_WRAP InpaintingMetrics() : l1Hole(0), mse(0), psnr(0), mseHole(0), psnrHole(0), ssim(0), gradientRatio(0), detailError(0) {}

    CV_PROP_RW double l1Hole;   //!< mean absolute error over hole pixels (0 if there is no hole)
    CV_PROP_RW double mse;      //!< mean squared error over the whole image
    CV_PROP_RW double psnr;     //!< PSNR over the whole image, dB
    CV_PROP_RW double mseHole;  //!< mean squared error over hole pixels
    CV_PROP_RW double psnrHole; //!< PSNR over hole pixels, dB (100 if there is no hole)
    CV_PROP_RW double ssim;     //!< mean SSIM over the whole image (Gaussian 11x11, sigma 1.5); NaN below 11x11
    //! gradientRatio() of the result: mean gradient magnitude over the hole relative to the truth's
    //! (1 = as sharp as the truth, < 1 blurred); NaN without hole or when the truth is flat there
    CV_PROP_RW double gradientRatio;
    //! detailError() of the result (sigma 4): its local detail against the truth's over the hole
    //! (0 = detail where the truth has it, about 1 = no detail, > 1 misplaced detail); NaN without
    //! hole or when the truth has no detail there
    CV_PROP_RW double detailError;
};

/** @brief Computes every metric of InpaintingMetrics.

PSNR and SSIM reward the smooth average of the possible contents; the gradient ratio and the set
statistics of realism.hpp (SlicedWassersteinDistance) and perceptual.hpp (frechetDistance(),
perceptualDistance()) show how far a fill is from looking real.
@param result Inpainted image.
@param truth Ground truth, same size and type as @p result.
@param mask `CV_8UC1`, same size, non-zero = hole.
 */
CV_EXPORTS_W InpaintingMetrics evaluate(InputArray result, InputArray truth, InputArray mask);

/** @brief Mean structural similarity @cite Wang2004 of two images of the same size and type.

Gaussian window 11x11 with sigma 1.5, C1 = (0.01)^2, C2 = (0.03)^2 on [0, 1] intensities,
averaged over the "valid" positions (windows entirely inside the image) and over colour
channels. Both sides must be at least 11 pixels.
 */
CV_EXPORTS_W double ssim(InputArray a, InputArray b);

//! @}

}} // namespace cv::inpainting

#endif
