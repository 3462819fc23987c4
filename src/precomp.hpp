// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

#ifndef OPENCV_INPAINTING_PRECOMP_HPP
#define OPENCV_INPAINTING_PRECOMP_HPP

#include "opencv2/inpainting.hpp"
#include "opencv2/core.hpp"
#include "opencv2/core/utility.hpp"
#include "opencv2/imgproc.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "image_checks.hpp"

#endif
