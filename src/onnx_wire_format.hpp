// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

// ONNX files read and rewritten at the level of protobuf's wire format, without ONNX's generated
// classes: what a build without libonnx-dev (INPAINTING_WITH_ONNX off, the module dropped into an
// OpenCV tree) still needs, the model's metadata and its half-precision weights widened to float.
// The field numbers are onnx.proto's, stable since ONNX 1.0.

#ifndef OPENCV_INPAINTING_ONNX_WIRE_FORMAT_HPP
#define OPENCV_INPAINTING_ONNX_WIRE_FORMAT_HPP

#include <cstdint>
#include <functional>
#include <vector>

#include "opencv2/core.hpp"

namespace cv {
namespace inpainting {
namespace detail {
namespace wire {

// Field numbers of onnx.proto.
const uint32_t kModelGraph = 7, kModelMetadata = 14;                        // ModelProto
const uint32_t kGraphInitializer = 5;                                       // GraphProto
const uint32_t kTensorDataType = 2, kTensorInt32Data = 5, kTensorRawData = 9,
               kTensorDataLocation = 14;                                    // TensorProto
const uint32_t kEntryKey = 1, kEntryValue = 2;                              // StringStringEntryProto
const uint64_t kTensorFloat = 1, kTensorFloat16 = 10;                       // TensorProto.DataType
const uint64_t kLocationExternal = 1;                                       // TensorProto.DataLocation

//! One field of a message as it lies in the bytes.
struct Field
{
    uint32_t number = 0;
    uint32_t wireType = 0;          //!< 0 varint, 1 64-bit, 2 length-delimited, 5 32-bit
    uint64_t varint = 0;            //!< the value of a varint field
    const uchar* payload = nullptr; //!< the bytes of a length-delimited field (null otherwise)
    size_t size = 0;                //!< their count
    const uchar* begin = nullptr;   //!< the field's first byte (its key)
    const uchar* end = nullptr;     //!< one past its last byte
};

/** Calls @p visit for each field of the message in [p, p + size), in order; stops when it returns
false. Returns false when the bytes are not a well-formed message (truncated, a group, a varint over
10 bytes, field number 0) or when @p visit returned false. */
bool forEachField(const uchar* p, size_t size, const std::function<bool(const Field&)>& visit);

/** The model with every FLOAT16 initializer of its graph widened to FLOAT (little-endian raw_data),
values converted exactly; every other byte kept as it was. @p bytes unchanged when there is no such
initializer or the bytes do not parse (the validation then says why). External-data tensors are
left alone. */
std::vector<uchar> widenHalfInitializers(const std::vector<uchar>& bytes);

}}}} // namespace cv::inpainting::detail::wire

#endif
