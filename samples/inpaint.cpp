// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

// Fills the holes of one image:
//   inpaint --image=photo.jpg --mask=mask.png --output=result.png [--method=telea] [--model=model.onnx]

#include <iostream>

#include "opencv2/core/utility.hpp"
#include "opencv2/imgcodecs.hpp"
#include "opencv2/inpainting.hpp"
#include "sample_common.hpp"

using namespace inpainting_samples;

static const char* const keys =
    "{help h usage ? |       | print this message }"
    "{image          |       | input image (8/16-bit or float, gray, BGR or BGRA) }"
    "{mask           |       | hole mask, same size; non-zero = hole }"
    "{output         |       | where to write the result (format from the extension) }"
    "{method         | telea | telea, ns, shiftmap, fsr_fast, fsr_best, pconv or patchmatch }"
    "{model          |       | ONNX model for --method=pconv or pconv_patch (default: the embedded model) }";

int main(int argc, char** argv)
{
    cv::CommandLineParser parser(argc, argv, keys);
    parser.about("Fills the holes of an image with one of the opencv_inpainting methods.");
    if (parser.has("help"))
    {
        parser.printMessage();
        return 0;
    }
    return runGuarded("inpaint", [&]() {
        const std::string imagePath = parser.get<std::string>("image");
        const std::string maskPath = parser.get<std::string>("mask");
        const std::string outputPath = parser.get<std::string>("output");
        const std::string methodArg = parser.get<std::string>("method");
        const std::string model = parser.get<std::string>("model");
        if (!parser.check())
            fail("invalid arguments (see --help)");
        if (outputPath.empty())
            fail("--output is required");
        const int method = cv::inpainting::methodFromName(methodArg);
        if (!model.empty() && method != cv::inpainting::INPAINT_PCONV && method != cv::inpainting::INPAINT_PCONV_PATCH)
            fail("--model only applies to --method=pconv or pconv_patch");

        const cv::Mat image = readImage(imagePath, cv::IMREAD_UNCHANGED, "image");
        const cv::Mat mask = readMask(maskPath, "mask");
        cv::Mat result;
        MethodRunner(model).run(method, image, mask, result);
        writeImageAtomic(outputPath, result);
        std::cout << "wrote " << outputPath << " (" << cv::inpainting::methodName(method) << ", hole "
                  << cv::format("%.1f%%", 100.0 * cv::inpainting::holeRatio(mask)) << ")" << std::endl;
        return 0;
    });
}
