// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

#ifndef OPENCV_INPAINTING_HPP
#define OPENCV_INPAINTING_HPP

/** @defgroup inpainting Image inpainting with Partial Convolutions and classical baselines

This module fills holes in images. Its main method is a U-Net of partial convolutions
@cite Liu2018 run by OpenCV DNN through a fused custom layer; beside it stand the classical
methods (Telea @cite Telea2004, Navier-Stokes @cite Bertalmio2001, ShiftMap @cite He2012,
FSR @cite Seiler2015) behind one entry point, a seeded mask generator and the metrics used to
compare them.

Every function of the module uses one mask convention: a `CV_8UC1` image of the same size as
the input, **non-zero = hole to fill** (as cv::inpaint). Known pixels are never changed.

The namespace is cv::inpainting, not cv::inpaint, because the photo module declares the free
function cv::inpaint(); the two coexist in one translation unit.

@{
    @defgroup inpainting_methods Inpainting methods
    @defgroup inpainting_masks Hole masks
    @defgroup inpainting_metrics Quality metrics
    @defgroup inpainting_video Video inpainting
@}
*/

/** @namespace cv::inpainting
@brief The inpainting module: see @ref inpainting.
*/

#include "opencv2/inpainting/methods.hpp"
#include "opencv2/inpainting/masks.hpp"
#include "opencv2/inpainting/metrics.hpp"
#include "opencv2/inpainting/partial_conv.hpp"
#include "opencv2/inpainting/patchmatch.hpp"
#include "opencv2/inpainting/criminisi.hpp"
#include "opencv2/inpainting/extend.hpp"
#include "opencv2/inpainting/realism.hpp"
#include "opencv2/inpainting/perceptual.hpp"
#include "opencv2/inpainting/pconv_patch.hpp"
#include "opencv2/inpainting/video.hpp"

#endif
