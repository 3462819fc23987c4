// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

// Small helpers over ONNX's protobuf classes (Debian libonnx-dev) for code that reads or writes
// ONNX graphs: the module's model checks and rewrites, and the trainer's exporter
// (tools/train/src/export.cpp). Header-only, so the trainer shares them without linking internals.

#ifndef OPENCV_INPAINTING_ONNX_PROTO_HELPERS_HPP
#define OPENCV_INPAINTING_ONNX_PROTO_HELPERS_HPP

#include <onnx/onnx_pb.h>

#include <cstdint>
#include <string>
#include <vector>

#include "partial_conv_op.hpp"

namespace cv {
namespace inpainting {
namespace detail {

//! The attribute @p name of @p node, or nullptr.
inline const onnx::AttributeProto* findAttribute(const onnx::NodeProto& node, const std::string& name)
{
    for (const onnx::AttributeProto& a : node.attribute())
        if (a.name() == name)
            return &a;
    return nullptr;
}

//! Whether @p node is the partial convolution's custom op.
inline bool isPartialConvNode(const onnx::NodeProto& node)
{
    return node.domain() == kPartialConvDomain && node.op_type() == kPartialConvOpType;
}

//! Fills @p node with an operator, a name, inputs and outputs (empty names are kept: ONNX's "absent").
inline void setNode(onnx::NodeProto* node, const std::string& op, const std::string& name,
                    const std::vector<std::string>& inputs, const std::vector<std::string>& outputs)
{
    node->set_op_type(op);
    node->set_name(name);
    for (const std::string& i : inputs)
        node->add_input(i);
    for (const std::string& o : outputs)
        node->add_output(o);
}

inline void addIntsAttribute(onnx::NodeProto* node, const std::string& name, const std::vector<int64_t>& values)
{
    onnx::AttributeProto* a = node->add_attribute();
    a->set_name(name);
    a->set_type(onnx::AttributeProto::INTS);
    for (int64_t v : values)
        a->add_ints(v);
}

inline void addIntAttribute(onnx::NodeProto* node, const std::string& name, int64_t value)
{
    onnx::AttributeProto* a = node->add_attribute();
    a->set_name(name);
    a->set_type(onnx::AttributeProto::INT);
    a->set_i(value);
}

inline void addFloatAttribute(onnx::NodeProto* node, const std::string& name, float value)
{
    onnx::AttributeProto* a = node->add_attribute();
    a->set_name(name);
    a->set_type(onnx::AttributeProto::FLOAT);
    a->set_f(value);
}

inline void addStringAttribute(onnx::NodeProto* node, const std::string& name, const std::string& value)
{
    onnx::AttributeProto* a = node->add_attribute();
    a->set_name(name);
    a->set_type(onnx::AttributeProto::STRING);
    a->set_s(value);
}

/** Appends an initializer whose values are @p bytes bytes at @p data, already in ONNX's raw_data
layout for @p dataType (little-endian, row-major). */
inline void addRawInitializer(onnx::GraphProto* graph, const std::string& name, const std::vector<int64_t>& dims,
                              int dataType, const void* data, size_t bytes)
{
    onnx::TensorProto* t = graph->add_initializer();
    t->set_name(name);
    t->set_data_type(dataType);
    for (int64_t d : dims)
        t->add_dims(d);
    t->set_raw_data(std::string(static_cast<const char*>(data), bytes));
}

inline void addFloatInitializer(onnx::GraphProto* graph, const std::string& name, const std::vector<int64_t>& dims,
                                const std::vector<float>& values)
{
    addRawInitializer(graph, name, dims, onnx::TensorProto::FLOAT, values.data(), values.size() * sizeof(float));
}

//! A 1-D INT64 initializer (shapes, pads).
inline void addInt64Initializer(onnx::GraphProto* graph, const std::string& name, const std::vector<int64_t>& values)
{
    addRawInitializer(graph, name, { (int64_t)values.size() }, onnx::TensorProto::INT64, values.data(),
                      values.size() * sizeof(int64_t));
}

//! Declares a FLOAT tensor of fixed shape as a graph input or output (OpenCV's importer needs shapes).
inline void addValueInfo(google::protobuf::RepeatedPtrField<onnx::ValueInfoProto>* list, const std::string& name,
                         const std::vector<int64_t>& dims)
{
    onnx::ValueInfoProto* v = list->Add();
    v->set_name(name);
    onnx::TypeProto_Tensor* t = v->mutable_type()->mutable_tensor_type();
    t->set_elem_type(onnx::TensorProto::FLOAT);
    for (int64_t d : dims)
        t->mutable_shape()->add_dim()->set_dim_value(d);
}

}}} // namespace cv::inpainting::detail

#endif
