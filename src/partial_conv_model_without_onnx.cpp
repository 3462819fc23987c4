// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

// Model loading in a build without ONNX's protobuf classes (INPAINTING_WITH_ONNX off or libonnx-dev
// missing, e.g. the module dropped into an OpenCV tree): the model's metadata and the type of its
// weights are read, and half-precision weights widened, at protobuf's wire level
// (onnx_wire_format.hpp); everything else is left to OpenCV's importer. No standard-layer (CUDA)
// route, no fusion.

#include "precomp.hpp"

#ifndef INPAINTING_HAVE_ONNX // otherwise the files that use ONNX's classes

#include "partial_conv_fusion.hpp"
#include "partial_conv_model.hpp"
#include "onnx_wire_format.hpp"

#include <string>

namespace cv {
namespace inpainting {
namespace detail {

PartialConvModelInfo validateModel(const std::vector<uchar>& bytes, const std::string& source)
{
    if (bytes.empty())
        badModel(source, "the model is empty (0 bytes)");
    PartialConvModelInfo info;
    info.layers = -1;
    bool haveGraph = false, halfWeights = false;
    const bool parsed = wire::forEachField(bytes.data(), bytes.size(), [&](const wire::Field& m) {
        if (!m.payload)
            return true;
        if (m.number == wire::kModelGraph)
        {
            haveGraph = true;
            return wire::forEachField(m.payload, m.size, [&](const wire::Field& g) {
                if (g.number != wire::kGraphInitializer || !g.payload)
                    return true;
                return wire::forEachField(g.payload, g.size, [&](const wire::Field& t) {
                    halfWeights = halfWeights || (t.number == wire::kTensorDataType && t.wireType == 0 &&
                                                  t.varint == wire::kTensorFloat16);
                    return true;
                });
            });
        }
        if (m.number == wire::kModelMetadata)
        {
            std::string key, value;
            if (!wire::forEachField(m.payload, m.size, [&](const wire::Field& e) {
                    if (e.payload && e.number == wire::kEntryKey)
                        key.assign(reinterpret_cast<const char*>(e.payload), e.size);
                    else if (e.payload && e.number == wire::kEntryValue)
                        value.assign(reinterpret_cast<const char*>(e.payload), e.size);
                    return true;
                }))
                return false;
            readMetadataEntry(key, value, source, info);
        }
        return true;
    });
    if (!parsed || !haveGraph)
        badModel(source, "not a valid ONNX file (protobuf parsing failed: truncated, corrupt or not ONNX)");
    // The inpainter widens half-precision weights before it validates (widenHalfInitializers below);
    // one left here is in a tensor the widening could not read (inconsistent size, external data).
    if (halfWeights)
        badModel(source, "stores half-precision (FLOAT16) weights that could not be widened to float "
                         "(inconsistent raw_data size or external data)");
    if (info.layers < 0)
        badModel(source, "declares no 'inpainting.layers' metadata; a build without ONNX (INPAINTING_WITH_ONNX) cannot "
                         "infer the depth from the graph (doc/model_format.md)");
    return info;
}

std::vector<uchar> widenHalfInitializers(const std::vector<uchar>& bytes)
{
    return wire::widenHalfInitializers(bytes);
}

std::vector<uchar> rewriteWithStandardOps(const std::vector<uchar>&)
{
    CV_Error(Error::StsNotImplemented, "PartialConvInpainter: the standard-layer route (CUDA targets) rewrites the model "
                                       "with ONNX's classes; this build has none (INPAINTING_WITH_ONNX, libonnx-dev)");
}

std::vector<uchar> fusePartialConvNeighbours(const std::vector<uchar>& bytes)
{
    return bytes; // unfused: the same results, a little slower
}

}}} // namespace cv::inpainting::detail

#endif // INPAINTING_HAVE_ONNX
