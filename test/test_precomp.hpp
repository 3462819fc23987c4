// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

#ifndef OPENCV_INPAINTING_TEST_PRECOMP_HPP
#define OPENCV_INPAINTING_TEST_PRECOMP_HPP

// Inside an OpenCV build the tests run on OpenCV's ts framework (which bundles GoogleTest);
// standalone they run on the system GoogleTest. The TEST() bodies are the same.
#if defined(__OPENCV_BUILD) && __has_include("opencv2/ts.hpp")
// ts insists that TEST bodies live in namespace opencv_test; ours live in opencv_test_inpainting
// so that the standalone build (plain GoogleTest) compiles the very same files.
#define CV_TEST_SKIP_NAMESPACE_CHECK
#include "opencv2/ts.hpp"
#else
#include <gtest/gtest.h>
#endif

#include "opencv2/inpainting.hpp"
#include "opencv2/core.hpp"
#include "opencv2/imgproc.hpp"
#include "opencv2/imgcodecs.hpp"
#include "opencv2/photo.hpp"

#include "test_utils.hpp"

#endif
