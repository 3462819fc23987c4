// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

// Loading an inpainting model: the file's bytes, then validation and OpenCV's importer.

#include "precomp.hpp"
#include "partial_conv_model.hpp"
#include "partial_conv_fusion.hpp"
#include "partial_conv_layer.hpp"
#include "opencv2/core/utils/logger.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace cv {
namespace inpainting {
namespace detail {

void badModel(const std::string& source, const std::string& what)
{
    CV_Error_(Error::StsParseError, ("inpainting model '%s': %s", source.c_str(), what.c_str()));
}

namespace {

int metadataInt(const std::string& key, const std::string& value, int minValue, int maxValue, const std::string& source)
{
    char* end = nullptr;
    const long v = std::strtol(value.c_str(), &end, 10);
    if (value.empty() || *end != '\0' || v < minValue || v > maxValue)
        badModel(source, format("metadata '%s' must be an integer in [%d, %d], got '%s'", key.c_str(), minValue, maxValue,
                                value.c_str()));
    return (int)v;
}

} // namespace

void readMetadataEntry(const std::string& key, const std::string& value, const std::string& source,
                       PartialConvModelInfo& info)
{
    if (key == "inpainting.layers")
        info.layers = metadataInt(key, value, 0, 12, source);
    else if (key == "inpainting.train_size")
        info.trainSize = metadataInt(key, value, 8, 16384, source);
    else if (key == "inpainting.width")
        info.width = metadataInt(key, value, 1, 65536, source);
    else if (key == "inpainting.conv")
    {
        if (value != "partial" && value != "gated")
            badModel(source, format("metadata 'inpainting.conv' must be 'partial' or 'gated', got '%s'", value.c_str()));
        info.gated = value == "gated";
    }
}

std::vector<uchar> readModelFile(const std::string& path)
{
    std::error_code ec;
    if (std::filesystem::exists(path, ec) && !std::filesystem::is_regular_file(path, ec))
        CV_Error_(Error::StsBadArg, ("inpainting model '%s': not a regular file (a folder?)", path.c_str()));
    std::ifstream in(path, std::ios::binary);
    if (!in)
        CV_Error_(Error::StsObjectNotFound, ("inpainting model '%s': cannot open the file (missing or unreadable)", path.c_str()));
    in.seekg(0, std::ios::end);
    const std::streamoff size = in.tellg();
    if (size < 0)
        CV_Error_(Error::StsError, ("inpainting model '%s': cannot read the file (is it a folder?)", path.c_str()));
    in.seekg(0, std::ios::beg);
    std::vector<uchar> bytes((size_t)size);
    if (size > 0 && !in.read(reinterpret_cast<char*>(bytes.data()), size))
        CV_Error_(Error::StsError, ("inpainting model '%s': cannot read the file", path.c_str()));
    return bytes;
}

dnn::Net readModelNet(const std::vector<uchar>& bytes, const std::string& source, PartialConvModelInfo& info)
{
    info = validateModel(bytes, source);
    registerLayers();
    try
    {
        // OpenCV 4.6's importer warns once per node of a custom domain ("missing dispatch map")
        // although the layer factory then finds our registered layer: dozens of false alarms per
        // load. Quiet it for the import only. The log level is process-wide, so a warning of
        // another thread during these milliseconds is lost too; errors still show.
        dnn::Net net;
        {
            const utils::logging::LogLevel previous = utils::logging::getLogLevel();
            if (previous > utils::logging::LOG_LEVEL_ERROR)
                utils::logging::setLogLevel(utils::logging::LOG_LEVEL_ERROR);
            try
            {
                // Concat and activations folded into the PartialConv2d layers (partial_conv_fusion.hpp).
                const std::vector<uchar> fused = fusePartialConvNeighbours(bytes);
                net = dnn::readNetFromONNX(reinterpret_cast<const char*>(fused.data()), fused.size());
            }
            catch (...)
            {
                utils::logging::setLogLevel(previous);
                throw;
            }
            utils::logging::setLogLevel(previous);
        }
        if (net.empty())
            badModel(source, "OpenCV's ONNX importer returned an empty network");
        return net;
    }
    catch (const cv::Exception& e)
    {
        if (e.code == Error::StsParseError && e.err.rfind("inpainting model", 0) == 0)
            throw;
        badModel(source, "OpenCV's ONNX importer rejected it: " + (e.err.empty() ? std::string(e.what()) : e.err));
    }
    catch (const std::exception& e)
    {
        // OpenCV 4.6's importer reads some nodes' inputs by index without checking how many there
        // are; protobuf's bounds CHECK then throws google::protobuf::FatalException, which must
        // not escape as anything but bad input (found by fuzz/fuzz_model).
        badModel(source, std::string("OpenCV's ONNX importer failed on it: ") + e.what());
    }
}

}}} // namespace cv::inpainting::detail
