// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

#include "precomp.hpp"
#include "onnx_wire_format.hpp"

#include <cstring>

namespace cv {
namespace inpainting {
namespace detail {
namespace wire {

namespace {

bool readVarint(const uchar*& p, const uchar* end, uint64_t& v)
{
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
}

void writeVarint(std::vector<uchar>& out, uint64_t v)
{
    while (v >= 0x80)
    {
        out.push_back((uchar)(v | 0x80));
        v >>= 7;
    }
    out.push_back((uchar)v);
}

void writeKey(std::vector<uchar>& out, uint32_t number, uint32_t wireType)
{
    writeVarint(out, ((uint64_t)number << 3) | wireType);
}

void writeBytesField(std::vector<uchar>& out, uint32_t number, const uchar* data, size_t size)
{
    writeKey(out, number, 2);
    writeVarint(out, size);
    out.insert(out.end(), data, data + size);
}

void copyField(std::vector<uchar>& out, const Field& f)
{
    out.insert(out.end(), f.begin, f.end);
}

/** Appends the TensorProto in [p, p + n) widened to FLOAT when it is a FLOAT16 tensor with its data
in the file; returns false (nothing appended) for any other tensor or a malformed one. */
bool appendWidenedTensor(const uchar* p, size_t n, std::vector<uchar>& out)
{
    uint64_t dataType = 0, location = 0;
    const uchar* raw = nullptr;
    size_t rawSize = 0;
    std::vector<uint16_t> int32Halves; // one half per int32_data entry, packed or not
    std::vector<Field> kept;           // every other field, copied as it is
    bool ok = forEachField(p, n, [&](const Field& f) {
        if (f.number != kTensorDataType && f.number != kTensorRawData && f.number != kTensorInt32Data)
            kept.push_back(f);
        if (f.number == kTensorDataType && f.wireType == 0)
            dataType = f.varint;
        else if (f.number == kTensorDataLocation && f.wireType == 0)
            location = f.varint;
        else if (f.number == kTensorRawData && f.wireType == 2)
        {
            raw = f.payload;
            rawSize = f.size;
        }
        else if (f.number == kTensorInt32Data && f.wireType == 0)
            int32Halves.push_back((uint16_t)f.varint);
        else if (f.number == kTensorInt32Data && f.wireType == 2)
        {
            const uchar *q = f.payload, *end = f.payload + f.size;
            while (q < end)
            {
                uint64_t v;
                if (!readVarint(q, end, v))
                    return false;
                int32Halves.push_back((uint16_t)v);
            }
        }
        return true;
    });
    if (!ok || dataType != kTensorFloat16 || location == kLocationExternal)
        return false;
    Mat half;
    if (raw && rawSize > 0)
    {
        if (rawSize % 2 != 0)
            return false; // the validation reports the inconsistent size
        half.create(1, (int)(rawSize / 2), CV_16FC1);
        std::memcpy(half.data, raw, rawSize); // little-endian halves, as the host's
    }
    else if (!int32Halves.empty())
    {
        half.create(1, (int)int32Halves.size(), CV_16FC1);
        std::memcpy(half.data, int32Halves.data(), int32Halves.size() * sizeof(uint16_t));
    }
    Mat full;
    if (!half.empty())
        half.convertTo(full, CV_32F);

    std::vector<uchar> tensor;
    tensor.reserve(n + full.total() * sizeof(float));
    for (const Field& f : kept)
        copyField(tensor, f);
    writeKey(tensor, kTensorDataType, 0);
    writeVarint(tensor, kTensorFloat);
    if (!full.empty())
        writeBytesField(tensor, kTensorRawData, full.ptr<uchar>(), full.total() * sizeof(float));
    writeBytesField(out, kGraphInitializer, tensor.data(), tensor.size());
    return true;
}

} // namespace

bool forEachField(const uchar* p, size_t size, const std::function<bool(const Field&)>& visit)
{
    const uchar* end = p + size;
    while (p < end)
    {
        Field f;
        f.begin = p;
        uint64_t key;
        if (!readVarint(p, end, key) || key >> 3 == 0 || key >> 3 > UINT32_MAX)
            return false;
        f.number = (uint32_t)(key >> 3);
        f.wireType = (uint32_t)(key & 7);
        switch (f.wireType)
        {
        case 0:
            if (!readVarint(p, end, f.varint))
                return false;
            break;
        case 1:
            if ((size_t)(end - p) < 8)
                return false;
            p += 8;
            break;
        case 2:
        {
            uint64_t length;
            if (!readVarint(p, end, length) || length > (uint64_t)(end - p))
                return false;
            f.payload = p;
            f.size = (size_t)length;
            p += length;
            break;
        }
        case 5:
            if ((size_t)(end - p) < 4)
                return false;
            p += 4;
            break;
        default:
            return false; // groups (3, 4) are not used by onnx.proto
        }
        f.end = p;
        if (!visit(f))
            return false;
    }
    return true;
}

std::vector<uchar> widenHalfInitializers(const std::vector<uchar>& bytes)
{
    std::vector<uchar> out;
    out.reserve(bytes.size() * 2);
    bool widened = false;
    const bool parsed = forEachField(bytes.data(), bytes.size(), [&](const Field& m) {
        if (m.number != kModelGraph || m.wireType != 2)
        {
            copyField(out, m);
            return true;
        }
        std::vector<uchar> graph;
        graph.reserve(m.size * 2);
        const bool graphParsed = forEachField(m.payload, m.size, [&](const Field& g) {
            if (g.number == kGraphInitializer && g.wireType == 2 && appendWidenedTensor(g.payload, g.size, graph))
                widened = true;
            else
                copyField(graph, g);
            return true;
        });
        if (!graphParsed)
            return false;
        writeBytesField(out, kModelGraph, graph.data(), graph.size());
        return true;
    });
    return parsed && widened ? out : bytes;
}

}}}} // namespace cv::inpainting::detail::wire
