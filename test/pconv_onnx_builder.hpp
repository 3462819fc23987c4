// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

// Writes small ONNX models for the tests with ONNX's own protobuf classes (Debian libonnx-dev):
// a single PartialConv2d node, and a tiny U-Net in the format of doc/model_format.md with random
// weights. Independent of the module's loader, so a test of the loader is a test of the format.

#ifndef OPENCV_INPAINTING_TEST_PCONV_ONNX_BUILDER_HPP
#define OPENCV_INPAINTING_TEST_PCONV_ONNX_BUILDER_HPP

#include "onnx_proto_helpers.hpp"

#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include "opencv2/core.hpp"

namespace opencv_test_inpainting {
namespace pconv_builder {

//! One PartialConv2d: weights (O, C, kh, kw), optional bias (O), geometry, optional mask groups.
struct PConvSpec
{
    cv::Mat weights;       //!< 4-D CV_32F (O, C, kh, kw)
    cv::Mat bias;          //!< O values CV_32F, or empty
    int strideH = 1, strideW = 1, dilationH = 1, dilationW = 1;
    int pads[4] = { 0, 0, 0, 0 }; //!< ONNX order: top, left, bottom, right
    std::vector<int> maskGroups;  //!< mask_channel_groups, empty = none
};

//! Random weights (uniform, scaled by 1/sqrt(fan-in) so outputs stay O(1)) and optionally bias.
inline PConvSpec randomSpec(cv::RNG& rng, int out, int in, int kh, int kw, bool bias)
{
    PConvSpec s;
    const int shape[] = { out, in, kh, kw };
    s.weights.create(4, shape, CV_32F);
    const float scale = 1.f / std::sqrt((float)(in * kh * kw));
    rng.fill(s.weights, cv::RNG::UNIFORM, -scale, scale);
    if (bias)
    {
        s.bias.create(1, out, CV_32F);
        rng.fill(s.bias, cv::RNG::UNIFORM, -0.5f, 0.5f);
    }
    return s;
}

// The protobuf plumbing is the module's (src/onnx_proto_helpers.hpp); what the models hold,
// names included, is spelled out here.
using cv::inpainting::detail::addIntsAttribute;
using cv::inpainting::detail::addStringAttribute;
using cv::inpainting::detail::addValueInfo;

inline void addFloatInitializer(onnx::GraphProto* graph, const std::string& name, const std::vector<int64_t>& dims,
                                const float* data, size_t count)
{
    cv::inpainting::detail::addRawInitializer(graph, name, dims, onnx::TensorProto::FLOAT, data, count * sizeof(float));
}

//! Appends a PartialConv2d node (weights/bias as initializers named after the node).
inline void addPConvNode(onnx::GraphProto* graph, const std::string& name, const PConvSpec& s, const std::string& x,
                         const std::string& m, const std::string& y, const std::string& mOut)
{
    const int O = s.weights.size[0], C = s.weights.size[1], kh = s.weights.size[2], kw = s.weights.size[3];
    addFloatInitializer(graph, name + ".weight", { O, C, kh, kw }, s.weights.ptr<float>(), s.weights.total());
    onnx::NodeProto* node = graph->add_node();
    node->set_name(name);
    node->set_op_type("PartialConv2d");
    node->set_domain("org.opencv.inpainting");
    node->add_input(x);
    node->add_input(m);
    node->add_input(name + ".weight");
    if (!s.bias.empty())
    {
        addFloatInitializer(graph, name + ".bias", { O }, s.bias.ptr<float>(), s.bias.total());
        node->add_input(name + ".bias");
    }
    node->add_output(y);
    node->add_output(mOut);
    addIntsAttribute(node, "kernel_shape", { kh, kw });
    addIntsAttribute(node, "strides", { s.strideH, s.strideW });
    addIntsAttribute(node, "pads", { s.pads[0], s.pads[1], s.pads[2], s.pads[3] });
    addIntsAttribute(node, "dilations", { s.dilationH, s.dilationW });
    if (!s.maskGroups.empty())
        addIntsAttribute(node, "mask_channel_groups", std::vector<int64_t>(s.maskGroups.begin(), s.maskGroups.end()));
}

inline onnx::ModelProto emptyModel()
{
    onnx::ModelProto model;
    model.set_ir_version(7);
    model.set_producer_name("opencv_inpainting tests");
    onnx::OperatorSetIdProto* op = model.add_opset_import();
    op->set_domain("");
    op->set_version(11);
    op = model.add_opset_import();
    op->set_domain("org.opencv.inpainting");
    op->set_version(1);
    model.mutable_graph()->set_name("test");
    return model;
}

inline void setMetadata(onnx::ModelProto& model, const std::string& key, const std::string& value)
{
    onnx::StringStringEntryProto* e = model.add_metadata_props();
    e->set_key(key);
    e->set_value(value);
}

/** A model of one PartialConv2d: inputs X (N, C, H, W) and M (N, maskChannels, H, W), outputs
Y and M_out with their declared shapes. */
inline onnx::ModelProto singleLayerModel(const PConvSpec& s, int N, int H, int W, int maskChannels, int outH, int outW)
{
    onnx::ModelProto model = emptyModel();
    onnx::GraphProto* g = model.mutable_graph();
    const int O = s.weights.size[0], C = s.weights.size[1];
    addValueInfo(g->mutable_input(), "X", { N, C, H, W });
    addValueInfo(g->mutable_input(), "M", { N, maskChannels, H, W });
    addPConvNode(g, "pconv", s, "X", "M", "Y", "M_out");
    addValueInfo(g->mutable_output(), "Y", { N, O, outH, outW });
    addValueInfo(g->mutable_output(), "M_out", { N, 1, outH, outW });
    return model;
}

/** A tiny partial-convolution U-Net in the format of doc/model_format.md: `layers` stride-2
encoder layers (first kernel 5, then 3; channels width * 2^min(l-1, maxShift)), ReLU; a decoder of nearest
Resize (scales 1,1,2,2) of features and mask, Concat with the skip (features, then one mask plane
per part with mask_channel_groups), a 3x3 partial convolution and LeakyReLU(0.2); the last layer
takes the image and the input mask as its skip and writes `output` (3 channels). */
inline onnx::ModelProto tinyUNet(int layers, int width, uint64 seed, int declaredSize = 64, bool metadata = true,
                                 int maxShift = 2)
{
    cv::RNG rng(seed);
    onnx::ModelProto model = emptyModel();
    onnx::GraphProto* g = model.mutable_graph();
    addValueInfo(g->mutable_input(), "image", { 1, 3, declaredSize, declaredSize });
    addValueInfo(g->mutable_input(), "mask", { 1, 1, declaredSize, declaredSize });
    // Scales as float_data and an empty roi name: the form tools/train's export writes.
    onnx::TensorProto* scales = g->add_initializer();
    scales->set_name("up.scales");
    scales->set_data_type(onnx::TensorProto::FLOAT);
    scales->add_dims(4);
    for (float v : { 1.f, 1.f, 2.f, 2.f })
        scales->add_float_data(v);

    std::vector<std::string> feats = { "image" }, masks = { "mask" };
    std::vector<int> channels = { 3 };
    for (int l = 1; l <= layers; l++)
    {
        const int k = l == 1 ? 5 : 3;
        const int out = width << std::min(l - 1, maxShift);
        PConvSpec s = randomSpec(rng, out, channels.back(), k, k, true);
        s.strideH = s.strideW = 2;
        for (int& p : s.pads)
            p = k / 2;
        const std::string name = cv::format("enc%d", l);
        addPConvNode(g, name, s, feats.back(), masks.back(), name + ".y", name + ".m");
        onnx::NodeProto* relu = g->add_node();
        relu->set_op_type("Relu");
        relu->set_name(name + ".relu");
        relu->add_input(name + ".y");
        relu->add_output(name + ".act");
        feats.push_back(name + ".act");
        masks.push_back(name + ".m");
        channels.push_back(out);
    }
    std::string x = feats.back(), m = masks.back();
    int cx = channels.back();
    for (int l = layers; l >= 1; l--)
    {
        const std::string name = cv::format("dec%d", l);
        for (int part = 0; part < 2; part++)
        {
            onnx::NodeProto* up = g->add_node();
            up->set_op_type("Resize");
            up->set_name(name + (part ? ".upm" : ".upx"));
            up->add_input(part ? m : x);
            up->add_input("");
            up->add_input("up.scales");
            up->add_output(name + (part ? ".upm" : ".upx"));
            addStringAttribute(up, "mode", "nearest");
            addStringAttribute(up, "coordinate_transformation_mode", "asymmetric");
            addStringAttribute(up, "nearest_mode", "floor");
        }
        for (int part = 0; part < 2; part++)
        {
            onnx::NodeProto* cat = g->add_node();
            cat->set_op_type("Concat");
            cat->set_name(name + (part ? ".catm" : ".catx"));
            cat->add_input(name + (part ? ".upm" : ".upx"));
            cat->add_input(part ? masks[l - 1] : feats[l - 1]);
            cat->add_output(name + (part ? ".catm" : ".catx"));
            onnx::AttributeProto* axis = cat->add_attribute();
            axis->set_name("axis");
            axis->set_type(onnx::AttributeProto::INT);
            axis->set_i(1);
        }
        const int skip = channels[l - 1];
        const bool last = l == 1;
        const int out = last ? 3 : channels[l - 1];
        PConvSpec s = randomSpec(rng, out, cx + skip, 3, 3, true);
        for (int& p : s.pads)
            p = 1;
        s.maskGroups = { cx, skip };
        addPConvNode(g, name, s, name + ".catx", name + ".catm", last ? "output" : name + ".y", name + ".m");
        if (!last)
        {
            onnx::NodeProto* act = g->add_node();
            act->set_op_type("LeakyRelu");
            act->set_name(name + ".act");
            act->add_input(name + ".y");
            act->add_output(name + ".act");
            onnx::AttributeProto* alpha = act->add_attribute();
            alpha->set_name("alpha");
            alpha->set_type(onnx::AttributeProto::FLOAT);
            alpha->set_f(0.2f);
            x = name + ".act";
        }
        m = name + ".m";
        cx = out;
    }
    addValueInfo(g->mutable_output(), "output", { 1, 3, declaredSize, declaredSize });
    if (metadata)
    {
        setMetadata(model, "inpainting.layers", std::to_string(layers));
        setMetadata(model, "inpainting.train_size", std::to_string(declaredSize));
        setMetadata(model, "inpainting.width", std::to_string(width));
    }
    return model;
}

// Every FLOAT raw-data initializer (the weights) of @p model rounded to half precision: stored as FLOAT16 when @p asHalf,
// else as FLOAT values that are exactly representable in half precision.
inline onnx::ModelProto roundedWeights(onnx::ModelProto model, bool asHalf)
{
    for (onnx::TensorProto& t : *model.mutable_graph()->mutable_initializer())
    {
        // The weights; small constants kept in float_data (e.g. Resize scales) stay FLOAT.
        if (t.data_type() != onnx::TensorProto::FLOAT || t.raw_data().empty())
            continue;
        const std::string& raw = t.raw_data();
        std::vector<float> values(raw.size() / sizeof(float));
        std::memcpy(values.data(), raw.data(), raw.size());
        std::vector<uint16_t> halves(values.size());
        for (size_t i = 0; i < values.size(); ++i)
        {
            const cv::float16_t h(values[i]);
            halves[i] = h.bits();
            values[i] = (float)h;
        }
        if (asHalf)
        {
            t.set_data_type(onnx::TensorProto::FLOAT16);
            t.set_raw_data(std::string(reinterpret_cast<const char*>(halves.data()), halves.size() * 2));
        }
        else
            t.set_raw_data(std::string(reinterpret_cast<const char*>(values.data()), values.size() * 4));
    }
    return model;
}

inline std::vector<uchar> serialize(const onnx::ModelProto& model)
{
    std::string bytes;
    model.SerializeToString(&bytes);
    return std::vector<uchar>(bytes.begin(), bytes.end());
}

inline void writeBytes(const std::string& path, const std::vector<uchar>& bytes)
{
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(bytes.data()), (std::streamsize)bytes.size());
}

/** A small image network for the feature-metric tests (FeatureNetwork): input "image"
(1, 3, side, side) -> 1x1 Conv (weights O x 3 CV_32F, bias 1 x O) -> `op` if not empty (a
one-input ONNX op such as "Relu" or "Sqrt") -> GlobalAveragePool if `pooled`; output "out". */
inline onnx::ModelProto featureModel(const cv::Mat& weights, const cv::Mat& bias, int side, const std::string& op,
                                     bool pooled)
{
    const int O = weights.rows;
    onnx::ModelProto model = emptyModel();
    onnx::GraphProto* g = model.mutable_graph();
    addValueInfo(g->mutable_input(), "image", { 1, 3, side, side });
    addFloatInitializer(g, "w", { O, 3, 1, 1 }, weights.ptr<float>(), weights.total());
    addFloatInitializer(g, "b", { O }, bias.ptr<float>(), bias.total());
    std::string last = "image";
    auto addNode = [&](const std::string& type, const std::vector<std::string>& extraInputs) {
        onnx::NodeProto* node = g->add_node();
        node->set_op_type(type);
        node->set_name(type + "_" + std::to_string(g->node_size()));
        node->add_input(last);
        for (const std::string& in : extraInputs)
            node->add_input(in);
        last = node->name() + "_out";
        node->add_output(last);
        return node;
    };
    addIntsAttribute(addNode("Conv", { "w", "b" }), "kernel_shape", { 1, 1 });
    if (!op.empty())
        addNode(op, {});
    if (pooled)
        addNode("GlobalAveragePool", {});
    g->mutable_node(g->node_size() - 1)->set_output(0, "out");
    addValueInfo(g->mutable_output(), "out", { 1, O, pooled ? 1 : side, pooled ? 1 : side });
    return model;
}

}} // namespace opencv_test_inpainting::pconv_builder

#endif
