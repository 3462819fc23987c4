// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

// Model loading in a build without ONNX's protobuf classes (INPAINTING_WITH_ONNX off or libonnx-dev
// missing, e.g. the module dropped into an OpenCV tree): the model's metadata and the type of its
// weights are read with a minimal reader of protobuf's wire format; everything else is left to
// OpenCV's importer. No half-precision weights, no standard-layer (CUDA) route, no fusion.

#include "precomp.hpp"

#ifndef INPAINTING_HAVE_ONNX // otherwise the files that use ONNX's classes

#include "partial_conv_fusion.hpp"
#include "partial_conv_model.hpp"

#include <cstdint>
#include <functional>
#include <string>

namespace cv {
namespace inpainting {
namespace detail {

namespace {

// Field numbers of onnx.proto (stable since ONNX 1.0).
const uint32_t kModelGraph = 7, kModelMetadata = 14;     // ModelProto
const uint32_t kGraphInitializer = 5;                    // GraphProto
const uint32_t kTensorDataType = 2;                      // TensorProto
const uint32_t kEntryKey = 1, kEntryValue = 2;           // StringStringEntryProto
const uint64_t kTensorFloat16 = 10;                      // TensorProto.DataType.FLOAT16

// Walks the fields of one protobuf message; calls `field(number, varint, bytes, size)` for each
// varint or length-delimited field. False on malformed input (a truncated or non-protobuf file).
bool forEachField(const uchar* p, size_t size,
                  const std::function<bool(uint32_t, uint64_t, const uchar*, size_t)>& field)
{
    const uchar* end = p + size;
    auto varint = [&](uint64_t& v) {
        v = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            if (p == end)
                return false;
            const uchar b = *p++;
            v |= (uint64_t)(b & 0x7F) << shift;
            if (!(b & 0x80))
                return true;
        }
        return false;
    };
    while (p < end)
    {
        uint64_t key, value = 0;
        if (!varint(key) || key >> 3 == 0 || key >> 3 > UINT32_MAX)
            return false;
        const uint32_t number = (uint32_t)(key >> 3);
        switch (key & 7)
        {
        case 0: // varint
            if (!varint(value) || !field(number, value, nullptr, 0))
                return false;
            break;
        case 1: // 64-bit
            if ((size_t)(end - p) < 8)
                return false;
            p += 8;
            break;
        case 2: // length-delimited
            if (!varint(value) || value > (uint64_t)(end - p))
                return false;
            if (!field(number, 0, p, (size_t)value))
                return false;
            p += value;
            break;
        case 5: // 32-bit
            if ((size_t)(end - p) < 4)
                return false;
            p += 4;
            break;
        default:
            return false;
        }
    }
    return true;
}

} // namespace

PartialConvModelInfo validateModel(const std::vector<uchar>& bytes, const std::string& source)
{
    if (bytes.empty())
        badModel(source, "the model is empty (0 bytes)");
    PartialConvModelInfo info;
    info.layers = -1;
    bool haveGraph = false, halfWeights = false;
    const bool parsed = forEachField(bytes.data(), bytes.size(), [&](uint32_t number, uint64_t, const uchar* p, size_t n) {
        if (!p)
            return true;
        if (number == kModelGraph)
        {
            haveGraph = true;
            return forEachField(p, n, [&](uint32_t g, uint64_t, const uchar* gp, size_t gn) {
                if (g != kGraphInitializer || !gp)
                    return true;
                return forEachField(gp, gn, [&](uint32_t t, uint64_t v, const uchar*, size_t) {
                    halfWeights = halfWeights || (t == kTensorDataType && v == kTensorFloat16);
                    return true;
                });
            });
        }
        if (number == kModelMetadata)
        {
            std::string key, value;
            if (!forEachField(p, n, [&](uint32_t e, uint64_t, const uchar* ep, size_t en) {
                    if (ep && e == kEntryKey)
                        key.assign(reinterpret_cast<const char*>(ep), en);
                    else if (ep && e == kEntryValue)
                        value.assign(reinterpret_cast<const char*>(ep), en);
                    return true;
                }))
                return false;
            readMetadataEntry(key, value, source, info);
        }
        return true;
    });
    if (!parsed || !haveGraph)
        badModel(source, "not a valid ONNX file (protobuf parsing failed: truncated, corrupt or not ONNX)");
    if (halfWeights)
        badModel(source, "stores half-precision (FLOAT16) weights, which OpenCV's importer cannot read; widening them "
                         "needs a build with ONNX (INPAINTING_WITH_ONNX, libonnx-dev), or export without --half");
    if (info.layers < 0)
        badModel(source, "declares no 'inpainting.layers' metadata; a build without ONNX (INPAINTING_WITH_ONNX) cannot "
                         "infer the depth from the graph (doc/model_format.md)");
    return info;
}

std::vector<uchar> widenHalfInitializers(const std::vector<uchar>& bytes)
{
    return bytes; // validateModel() refuses half-precision weights in this build
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
