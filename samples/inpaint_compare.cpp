// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

// The methods side by side on one photo:
//   inpaint_compare --image=photo.jpg [--mask=mask.png | --generate=mixed --hole=0.2] --output=compare.png
// Writes a picture (input with hole | each method | ground truth), prints PSNR/SSIM of each
// method against the original, and with --results=DIR writes each method's result there.

#include <filesystem>
#include <iostream>

#include "opencv2/core/utility.hpp"
#include "opencv2/imgcodecs.hpp"
#include "opencv2/inpainting.hpp"
#include "sample_common.hpp"

using namespace inpainting_samples;
namespace inp = cv::inpainting;

static const char* const keys =
    "{help h usage ? |       | print this message }"
    "{image          |       | input photo }"
    "{mask           |       | hole mask (non-zero = hole); if absent one is generated }"
    "{generate       | mixed | kind of generated mask: rect, strokes, mixed or scratches }"
    "{hole           | 0.2   | hole ratio of the generated mask }"
    "{seed           | 1     | seed of the generated mask }"
    "{methods        |       | comma-separated methods (default: every method available in this build) }"
    "{model          |       | ONNX model for pconv (default: the embedded model) }"
    "{output         |       | the side-by-side picture (PNG) }"
    "{results        |       | folder for each method's result and the mask }";

int main(int argc, char** argv)
{
    cv::CommandLineParser parser(argc, argv, keys);
    parser.about("Runs the inpainting methods side by side on one photo.");
    if (parser.has("help"))
    {
        parser.printMessage();
        return 0;
    }
    return runGuarded("inpaint_compare", [&]() {
        const std::string imagePath = parser.get<std::string>("image");
        const std::string maskPath = parser.get<std::string>("mask");
        const std::string kindName = parser.get<std::string>("generate");
        const double hole = parser.get<double>("hole");
        const int seed = parser.get<int>("seed");
        const std::string methodList = parser.get<std::string>("methods");
        const std::string model = parser.get<std::string>("model");
        const std::string outputPath = parser.get<std::string>("output");
        const std::string resultsDir = parser.get<std::string>("results");
        if (!parser.check())
            fail("invalid arguments (see --help)");
        if (outputPath.empty())
            fail("--output is required");

        const cv::Mat truth = readImage(imagePath, cv::IMREAD_COLOR, "image");
        cv::Mat mask;
        if (!maskPath.empty())
        {
            mask = readMask(maskPath, "mask");
            if (mask.size() != truth.size())
                fail("--mask: size differs from --image");
        }
        else
        {
            if (!(hole > 0 && hole < 1))
                fail("--hole must be in (0, 1)");
            const int kind = kindName == "rect" ? inp::MASK_RECT : kindName == "strokes" ? inp::MASK_STROKES
                           : kindName == "mixed" ? inp::MASK_MIXED : kindName == "scratches" ? inp::MASK_SCRATCHES : -1;
            if (kind < 0)
                fail("--generate: unknown mask kind '" + kindName + "' (expected rect, strokes, mixed or scratches)");
            inp::MaskGenerator::create(kind, hole * 0.95, hole, seed)->generate(truth.size(), mask);
        }
        const std::vector<int> methods = methodList.empty() ? availableMethods(!model.empty()) : parseMethods(methodList);

        if (!resultsDir.empty())
        {
            std::filesystem::create_directories(resultsDir);
            writeImageAtomic(resultsDir + "/mask.png", mask);
        }
        MethodRunner runner(model);
        const cv::Mat input = showHole(truth, mask);
        std::vector<cv::Mat> row = { input };
        std::vector<std::string> header = { "input" };
        std::cout << cv::format("%s, hole %.1f%%\n%-11s %9s %9s %9s %9s\n", imagePath.c_str(),
                                100.0 * inp::holeRatio(mask), "method", "psnr", "psnr_hole", "ssim", "ms");
        for (int m : methods)
        {
            cv::Mat result;
            const int64 start = cv::getTickCount();
            runner.run(m, input, mask, result);
            const double ms = 1000.0 * (cv::getTickCount() - start) / cv::getTickFrequency();
            const inp::InpaintingMetrics q = inp::evaluate(result, truth, mask);
            std::cout << cv::format("%-11s %9.2f %9.2f %9.4f %9.0f\n", inp::methodName(m).c_str(), q.psnr,
                                    q.psnrHole, q.ssim, ms);
            row.push_back(result);
            header.push_back(inp::methodName(m));
            if (!resultsDir.empty())
                writeImageAtomic(resultsDir + "/" + inp::methodName(m) + ".png", result);
        }
        row.push_back(truth);
        header.push_back("truth");
        writeImageAtomic(outputPath, makeGrid({ row }, header, std::min(truth.rows, 384)));
        std::cout << "wrote " << outputPath << std::endl;
        return 0;
    });
}
