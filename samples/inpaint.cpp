// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

// Fills the holes of one image:
//   inpaint --image=photo.jpg --mask=mask.png --output=result.png [--method=telea] [--model=model.onnx]
//   inpaint --image=photo.jpg --mask=mask.png --output=result.png --method=pconv_patch --texture
// or extends it by new pixels on its sides (inpainting::extendImage()), filled by the method:
//   inpaint --image=photo.jpg --extend=24 --output=wider.png --method=pconv
//   inpaint --image=photo.jpg --extend=0,0,32,32 --output=wider.png        (top,bottom,left,right)

#include <iostream>
#include <sstream>
#include <vector>

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
    "{method         | telea | telea, ns, shiftmap, fsr_fast, fsr_best, pconv, patchmatch, pconv_patch or criminisi }"
    "{model          |       | ONNX model for --method=pconv or pconv_patch (default: the embedded model) }"
    "{texture        |       | --method=pconv_patch only: its texture setting (sharp vote, low-pass guidance): grain copied from the photo instead of a smooth fill, for about 0.7 dB lower PSNR (doc/quality.md) }"
    "{extend         |       | instead of --mask: add new pixels and fill them, N (every side) or top,bottom,left,right }";

namespace {

// --extend=N or --extend=top,bottom,left,right: non-negative integers.
std::vector<int> parseExtend(const std::string& text)
{
    const std::string expected = "--extend: expected N or top,bottom,left,right (integers >= 0), got '" + text + "'";
    std::vector<int> sides;
    size_t start = 0;
    while (start <= text.size())
    {
        const size_t comma = std::min(text.find(',', start), text.size());
        const std::string item = text.substr(start, comma - start);
        if (item.empty() || item.size() > 6 || item.find_first_not_of("0123456789") != std::string::npos)
            fail(expected);
        sides.push_back(std::stoi(item));
        start = comma + 1;
    }
    if (sides.size() == 1)
        sides.assign(4, sides[0]);
    if (sides.size() != 4)
        fail(expected);
    return sides;
}

} // namespace

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
        const std::string extend = parser.get<std::string>("extend");
        const bool texture = parser.has("texture");
        if (!parser.check())
            fail("invalid arguments (see --help)");
        if (outputPath.empty())
            fail("--output is required");
        const int method = cv::inpainting::methodFromName(methodArg);
        if (!model.empty() && method != cv::inpainting::INPAINT_PCONV && method != cv::inpainting::INPAINT_PCONV_PATCH)
            fail("--model only applies to --method=pconv or pconv_patch");
        if (texture && method != cv::inpainting::INPAINT_PCONV_PATCH)
            fail("--texture only applies to --method=pconv_patch");

        if (!extend.empty())
        {
            if (!maskPath.empty())
                fail("give either --mask (fill holes) or --extend (add pixels), not both");
            if (texture)
                fail("--texture does not combine with --extend (extendImage() runs pconv_patch with its defaults)");
            if (!model.empty())
                fail("--model does not combine with --extend (extendImage() runs the methods of inpaint(), "
                     "pconv with the embedded model)");
            const std::vector<int> sides = parseExtend(extend);
            const cv::Mat image = readImage(imagePath, cv::IMREAD_UNCHANGED, "image");
            cv::Mat result;
            cv::inpainting::extendImage(image, result, sides[0], sides[1], sides[2], sides[3], method);
            writeImageAtomic(outputPath, result);
            std::cout << "wrote " << outputPath << " (" << cv::inpainting::methodName(method) << ", extended "
                      << image.cols << "x" << image.rows << " to " << result.cols << "x" << result.rows << ")" << std::endl;
            return 0;
        }
        const cv::Mat image = readImage(imagePath, cv::IMREAD_UNCHANGED, "image");
        const cv::Mat mask = readMask(maskPath, "mask");
        cv::Mat result;
        MethodRunner runner(model);
        if (texture)
        {
            // The texture setting of PconvPatchInpainter (pconv_patch.hpp): the sharp vote with the
            // low-pass guidance (and the default detail matching).
            PconvPatchOptions options;
            options.sharpVote = 1;
            options.guideSigma = 3;
            runner.configurePconvPatch(options);
        }
        runner.run(method, image, mask, result);
        writeImageAtomic(outputPath, result);
        std::cout << "wrote " << outputPath << " (" << cv::inpainting::methodName(method) << ", hole "
                  << cv::format("%.1f%%", 100.0 * cv::inpainting::holeRatio(mask)) << ")" << std::endl;
        return 0;
    });
}
