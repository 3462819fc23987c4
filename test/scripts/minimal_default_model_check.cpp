// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

// Built and run by test/scripts/minimal_library_build.sh against the library built without ONNX
// and OpenBLAS: the default model (half-precision weights, widened at protobuf's wire level) must
// load and fill like the full build, whose `inpaint --method=pconv` result is the reference.
//   minimal_default_model_check <image> <mask> <reference result>
// Exit 0 when the fill matches (max difference <= 2 grey levels, mean <= 0.05), 1 otherwise.

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/inpainting.hpp>

#include <cstdio>

int main(int argc, char** argv)
{
    if (argc != 4)
    {
        std::fprintf(stderr, "usage: minimal_default_model_check <image> <mask> <reference result>\n");
        return 2;
    }
    const cv::Mat image = cv::imread(argv[1], cv::IMREAD_COLOR), mask = cv::imread(argv[2], cv::IMREAD_GRAYSCALE),
                  reference = cv::imread(argv[3], cv::IMREAD_COLOR);
    if (image.empty() || mask.empty() || reference.empty())
    {
        std::fprintf(stderr, "cannot read the inputs\n");
        return 2;
    }
    if (!cv::inpainting::isMethodAvailable(cv::inpainting::INPAINT_PCONV))
    {
        std::fprintf(stderr, "FAIL: no default model in the build without ONNX\n");
        return 1;
    }
    cv::Mat filled;
    cv::inpainting::PartialConvInpainter::create()->apply(image, mask, filled);
    cv::Mat diff;
    cv::absdiff(filled, reference, diff);
    double maxDiff = 0;
    cv::minMaxLoc(diff.reshape(1), nullptr, &maxDiff);
    const double meanDiff = cv::mean(diff.reshape(1))[0];
    std::printf("default model without ONNX against the full build: max difference %.0f, mean %.4f (hole %.1f%%)\n",
                maxDiff, meanDiff, 100.0 * cv::countNonZero(mask) / (double)mask.total());
    // The builds differ in float rounding only (no layer fusion, cv::gemm instead of OpenBLAS).
    return maxDiff <= 2 && meanDiff <= 0.05 ? 0 : 1;
}
