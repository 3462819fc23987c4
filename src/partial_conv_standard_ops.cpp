// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

// The CUDA route (partial_conv_standard_ops.hpp): every PartialConv2d node rewritten into standard
// ONNX operators with ONNX's protobuf classes.

#include "precomp.hpp"
#include "partial_conv_standard_ops.hpp"
#ifdef INPAINTING_HAVE_ONNX // otherwise partial_conv_model_without_onnx.cpp

#include "onnx_proto_helpers.hpp"

#include <cstring>
#include <map>

namespace cv {
namespace inpainting {
namespace detail {

namespace {

// The rewritten node list is collected apart from the graph (the original nodes are read while
// it grows) and swapped in at the end; initializers go straight into the graph.
struct GraphWriter
{
    onnx::GraphProto* graph;
    std::vector<onnx::NodeProto> nodes;

    void initializer(const std::string& name, const std::vector<int64_t>& dims, const std::vector<float>& data)
    {
        addFloatInitializer(graph, name, dims, data);
    }
    onnx::NodeProto& node(const std::string& op, const std::string& name, const std::vector<std::string>& inputs,
                          const std::string& output)
    {
        nodes.emplace_back();
        setNode(&nodes.back(), op, name, inputs, { output });
        return nodes.back();
    }
};

std::vector<float> tensorFloats(const onnx::TensorProto& t)
{
    std::vector<float> v;
    if (!t.raw_data().empty())
    {
        v.resize(t.raw_data().size() / sizeof(float));
        std::memcpy(v.data(), t.raw_data().data(), v.size() * sizeof(float));
    }
    else
        v.assign(t.float_data().begin(), t.float_data().end());
    return v;
}

} // namespace

std::vector<uchar> rewriteWithStandardOps(const std::vector<uchar>& bytes)
{
    onnx::ModelProto model;
    CV_Assert(!bytes.empty() && model.ParseFromArray(bytes.data(), (int)bytes.size()));
    onnx::GraphProto* graph = model.mutable_graph();
    std::map<std::string, const onnx::TensorProto*> inits;
    for (const onnx::TensorProto& t : graph->initializer())
        inits[t.name()] = &t;
    // Copies: adding initializers below may move the originals.
    std::map<std::string, std::vector<float>> floats;
    std::map<std::string, std::vector<int64_t>> dims;
    for (const onnx::NodeProto& node : graph->node())
        if (isPartialConvNode(node))
            for (int i = 2; i < node.input_size(); i++)
            {
                const onnx::TensorProto& t = *inits.at(node.input(i));
                floats[t.name()] = tensorFloats(t);
                dims[t.name()].assign(t.dims().begin(), t.dims().end());
            }

    // Channel count of mask tensors, needed to expand a 1-plane or grouped mask to C channels.
    std::map<std::string, int64_t> channels;
    for (const onnx::ValueInfoProto& v : graph->input())
        if (v.type().tensor_type().shape().dim_size() == 4)
            channels[v.name()] = v.type().tensor_type().shape().dim(1).dim_value();

    GraphWriter w{ graph, {} };
    int index = 0;
    for (const onnx::NodeProto& node : graph->node())
    {
        if (!isPartialConvNode(node))
        {
            w.nodes.push_back(node);
            if (node.output_size() == 1)
            {
                const std::string& in = node.input_size() ? node.input(0) : std::string();
                if (node.op_type() == "Concat")
                {
                    int64_t sum = 0;
                    for (const std::string& i : node.input())
                        sum = (sum >= 0 && channels.count(i)) ? sum + channels[i] : -1;
                    if (sum > 0)
                        channels[node.output(0)] = sum;
                }
                else if (channels.count(in))
                    channels[node.output(0)] = channels[in]; // Resize, Identity, activations
            }
            continue;
        }
        const std::string p = format("pconv%d", index++) + "/";
        const std::vector<int64_t>& wd = dims.at(node.input(2));
        const int64_t O = wd[0], C = wd[1], kh = wd[2], kw = wd[3];
        const onnx::AttributeProto* a;
        std::vector<int64_t> strides = { 1, 1 }, dil = { 1, 1 }, pads = { 0, 0, 0, 0 }, groups;
        if ((a = findAttribute(node, "strides"))) strides.assign(a->ints().begin(), a->ints().end());
        if ((a = findAttribute(node, "dilations"))) dil.assign(a->ints().begin(), a->ints().end());
        if ((a = findAttribute(node, "pads"))) pads.assign(a->ints().begin(), a->ints().end());
        if ((a = findAttribute(node, "mask_channel_groups"))) groups.assign(a->ints().begin(), a->ints().end());
        int64_t G = (int64_t)groups.size();
        if (!G)
        {
            auto it = channels.find(node.input(1));
            if (it == channels.end() || (it->second != 1 && it->second != C))
                CV_Error_(Error::StsNotImplemented, ("PartialConv2d '%s': cannot tell the mask's channel count for the "
                                                     "standard-layer graph", node.name().c_str()));
            G = it->second;
        }
        std::string x = node.input(0), m = node.input(1);
        // OpenCV's Convolution takes symmetric padding only: asymmetric padding becomes a Pad node.
        const bool symmetric = pads[0] == pads[2] && pads[1] == pads[3];
        if (!symmetric)
        {
            addInt64Initializer(graph, p + "pads", { 0, 0, pads[0], pads[1], 0, 0, pads[2], pads[3] });
            for (std::string* t : { &x, &m })
            {
                const std::string out = p + (t == &x ? "x_padded" : "m_padded");
                onnx::NodeProto& pad = w.node("Pad", out, { *t, p + "pads" }, out);
                addStringAttribute(&pad, "mode", "constant");
                *t = out;
            }
            pads = { 0, 0, 0, 0 };
        }
        auto conv = [&](const std::string& name, const std::string& in, const std::string& weight,
                        const std::vector<int64_t>& k, bool geometry) -> onnx::NodeProto& {
            onnx::NodeProto& n = w.node("Conv", p + name, { in, weight }, p + name);
            addIntsAttribute(&n, "kernel_shape", k);
            addIntsAttribute(&n, "strides", geometry ? strides : std::vector<int64_t>{ 1, 1 });
            addIntsAttribute(&n, "dilations", geometry ? dil : std::vector<int64_t>{ 1, 1 });
            addIntsAttribute(&n, "pads", geometry ? pads : std::vector<int64_t>{ 0, 0, 0, 0 });
            return n;
        };
        auto planeOf = [&](int64_t c) -> int64_t {
            if (groups.empty())
                return G == 1 ? 0 : c;
            int64_t g = 0, end = groups[0];
            while (c >= end)
                end += groups[++g];
            return g;
        };
        // Window sums: one output channel, plane g weighted by the channels it stands for.
        std::vector<float> ones((size_t)(G * kh * kw));
        for (int64_t g = 0; g < G; g++)
        {
            const float weight = (float)(groups.empty() ? (G == 1 ? C : 1) : groups[g]);
            std::fill(ones.begin() + g * kh * kw, ones.begin() + (g + 1) * kh * kw, weight);
        }
        w.initializer(p + "ones", { 1, G, kh, kw }, ones);
        conv("sum", m, p + "ones", { kh, kw }, true);
        // upd = clamp(sum, 0, 1) is the node's M_out.
        const std::string upd = node.output_size() > 1 && !node.output(1).empty() ? node.output(1) : p + "upd";
        // Clip with min/max attributes (opset 6 form): OpenCV 4.6's importer takes no other form.
        onnx::NodeProto& clip = w.node("Clip", upd, { p + "sum" }, upd);
        addFloatAttribute(&clip, "min", 0.f);
        addFloatAttribute(&clip, "max", 1.f);
        if (node.output_size() > 1 && !node.output(1).empty())
            channels[upd] = 1;
        // ratio * upd * upd = K / (sum + 1e-8) * upd * upd, the factor of conv(X*M) in
        // ((conv * ratio + B) * upd), and B * upd the bias term.
        // Written as (sum / K + 1e-8 / K)^-1: OpenCV 4.6 fuses a Mul by a constant that follows a
        // Pow into the Power layer's input scale, which would compute 1 / (K * (sum + eps));
        // scale and shift before the Pow are what its Power layer means.
        const double K = (double)(C * kh * kw);
        w.initializer(p + "inv_K", {}, { (float)(1.0 / K) });
        w.initializer(p + "eps_K", {}, { (float)(1e-8 / K) });
        w.initializer(p + "minus1", {}, { -1.f });
        w.node("Mul", p + "sum_K", { p + "sum", p + "inv_K" }, p + "sum_K");
        w.node("Add", p + "sum_eps", { p + "sum_K", p + "eps_K" }, p + "sum_eps");
        w.node("Pow", p + "ratio0", { p + "sum_eps", p + "minus1" }, p + "ratio0");
        w.node("Mul", p + "ratio", { p + "ratio0", upd }, p + "ratio");
        w.node("Mul", p + "scale", { p + "ratio", upd }, p + "scale");
        // Broadcasts over output channels as 1x1 convolutions (OpenCV's Eltwise wants equal shapes).
        w.initializer(p + "ones_o", { O, 1, 1, 1 }, std::vector<float>((size_t)O, 1.f));
        conv("scale_o", p + "scale", p + "ones_o", { 1, 1 }, false);
        // X * M with the mask expanded to C channels.
        std::string mx = m;
        if (G != C)
        {
            std::vector<float> expand((size_t)(C * G), 0.f);
            for (int64_t c = 0; c < C; c++)
                expand[(size_t)(c * G + planeOf(c))] = 1.f;
            w.initializer(p + "expand", { C, G, 1, 1 }, expand);
            conv("mask_c", m, p + "expand", { 1, 1 }, false);
            mx = p + "mask_c";
        }
        w.node("Mul", p + "xm", { x, mx }, p + "xm");
        conv("conv", p + "xm", node.input(2), { kh, kw }, true);
        const bool bias = node.input_size() > 3 && !node.input(3).empty();
        const std::string y = node.output(0);
        w.node("Mul", bias ? p + "y_nobias" : y, { p + "conv", p + "scale_o" }, bias ? p + "y_nobias" : y);
        if (bias)
        {
            w.initializer(p + "bias_o", { O, 1, 1, 1 }, floats.at(node.input(3)));
            conv("bias_upd", upd, p + "bias_o", { 1, 1 }, false);
            w.node("Add", y, { p + "y_nobias", p + "bias_upd" }, y);
        }
        channels[y] = O;
    }
    graph->clear_node();
    for (onnx::NodeProto& n : w.nodes)
        graph->add_node()->Swap(&n);
    std::string out;
    model.SerializeToString(&out);
    return std::vector<uchar>(out.begin(), out.end());
}

}}} // namespace cv::inpainting::detail

#endif // INPAINTING_HAVE_ONNX
