// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

// The checks of validateModel(), with ONNX's own protobuf classes (Debian libonnx-dev). OpenCV's
// importer trusts its input: a truncated initializer or an undeclared input shape makes it assert
// deep inside, and some malformed graphs crash it, so every property the importer relies on is
// checked here first and reported with the model's name.

#include "precomp.hpp"
#include "partial_conv_model_validation.hpp"
#ifdef INPAINTING_HAVE_ONNX // otherwise partial_conv_model_without_onnx.cpp

#include "onnx_proto_helpers.hpp"

#include <climits>
#include <cstring>
#include <map>
#include <set>

namespace cv {
namespace inpainting {
namespace detail {

namespace {

std::vector<int64_t> intsAttribute(const onnx::NodeProto& node, const std::string& name, const std::string& source,
                                   size_t expectedSize, int64_t minValue, const std::vector<int64_t>& fallback)
{
    const onnx::AttributeProto* a = findAttribute(node, name);
    if (!a)
        return fallback;
    if (a->type() != onnx::AttributeProto::INTS || (expectedSize && (size_t)a->ints_size() != expectedSize))
        badModel(source, format("PartialConv2d '%s': attribute '%s' must be %d integers", node.name().c_str(),
                                name.c_str(), (int)expectedSize));
    std::vector<int64_t> v(a->ints().begin(), a->ints().end());
    for (int64_t x : v)
        if (x < minValue || x > (1 << 16))
            badModel(source, format("PartialConv2d '%s': attribute '%s' has the invalid value %lld", node.name().c_str(),
                                    name.c_str(), (long long)x));
    return v;
}

// Bytes per element of the raw_data of the tensor types a model may hold; 0 = unsupported.
size_t elementSize(int type)
{
    switch (type)
    {
    case onnx::TensorProto::FLOAT: case onnx::TensorProto::INT32: return 4;
    case onnx::TensorProto::INT64: case onnx::TensorProto::DOUBLE: return 8;
    case onnx::TensorProto::FLOAT16: case onnx::TensorProto::INT16: case onnx::TensorProto::UINT16: return 2;
    case onnx::TensorProto::INT8: case onnx::TensorProto::UINT8: case onnx::TensorProto::BOOL: return 1;
    default: return 0;
    }
}

void checkInitializer(const onnx::TensorProto& t, const std::string& source)
{
    if (t.name().empty())
        badModel(source, "an initializer has no name");
    if (t.data_location() == onnx::TensorProto::EXTERNAL)
        badModel(source, format("initializer '%s' keeps its data in an external file (not supported)", t.name().c_str()));
    int64_t count = 1;
    for (int64_t d : t.dims())
    {
        if (d < 0 || d > (1 << 30))
            badModel(source, format("initializer '%s' has the invalid dimension %lld", t.name().c_str(), (long long)d));
        count *= d;
        if (count > ((int64_t)1 << 30))
            badModel(source, format("initializer '%s' is too large", t.name().c_str()));
    }
    const size_t esize = elementSize(t.data_type());
    if (!esize)
        badModel(source, format("initializer '%s' has the unsupported data type %d", t.name().c_str(), t.data_type()));
    int64_t have = 0;
    if (!t.raw_data().empty())
        have = (int64_t)(t.raw_data().size() / esize) * (t.raw_data().size() % esize == 0 ? 1 : -1);
    else if (t.data_type() == onnx::TensorProto::FLOAT)
        have = t.float_data_size();
    else if (t.data_type() == onnx::TensorProto::INT64)
        have = t.int64_data_size();
    else if (t.data_type() == onnx::TensorProto::DOUBLE)
        have = t.double_data_size();
    else
        have = t.int32_data_size();
    if (have != count)
        badModel(source, format("initializer '%s' holds %lld values but its shape needs %lld (truncated or corrupt)",
                                t.name().c_str(), (long long)std::max<int64_t>(have, 0), (long long)count));
}

std::vector<int64_t> declaredShape(const onnx::ValueInfoProto& v, const std::string& source, const char* role)
{
    if (!v.type().has_tensor_type() || !v.type().tensor_type().has_shape())
        badModel(source, format("graph %s '%s' declares no shape (OpenCV's importer needs one)", role, v.name().c_str()));
    std::vector<int64_t> dims;
    for (const onnx::TensorShapeProto_Dimension& d : v.type().tensor_type().shape().dim())
    {
        if (!d.has_dim_value() || d.dim_value() <= 0)
            badModel(source, format("graph %s '%s' must declare fixed positive dimensions", role, v.name().c_str()));
        dims.push_back(d.dim_value());
    }
    return dims;
}

void checkPConvNode(const onnx::NodeProto& node, const std::map<std::string, const onnx::TensorProto*>& inits,
                    const std::string& source)
{
    const char* name = node.name().c_str();
    if (node.input_size() != 3 && node.input_size() != 4)
        badModel(source, format("PartialConv2d '%s' must have inputs X, M, W and optional B, got %d", name, node.input_size()));
    if (node.output_size() < 1 || node.output_size() > 2)
        badModel(source, format("PartialConv2d '%s' must have outputs Y and optional M_out", name));
    auto w = inits.find(node.input(2));
    if (w == inits.end())
        badModel(source, format("PartialConv2d '%s': weight '%s' must be an initializer", name, node.input(2).c_str()));
    const onnx::TensorProto& W = *w->second;
    if (W.dims_size() != 4 || W.data_type() != onnx::TensorProto::FLOAT)
        badModel(source, format("PartialConv2d '%s': weight must be a 4-D float tensor (O, C, kh, kw)", name));
    for (int64_t d : W.dims())
        if (d <= 0)
            badModel(source, format("PartialConv2d '%s': weight has an empty dimension", name));
    // ONNX allows "" for an absent optional input, but OpenCV 4.6's importer looks "" up as a
    // constant and fails, and the standard-layer rewrite would too: say what to do instead.
    if (node.input_size() == 4 && node.input(3).empty())
        badModel(source, format("PartialConv2d '%s': the bias input is an empty name; leave the 4th input out instead", name));
    if (node.input_size() == 4)
    {
        auto b = inits.find(node.input(3));
        if (b == inits.end())
            badModel(source, format("PartialConv2d '%s': bias '%s' must be an initializer", name, node.input(3).c_str()));
        int64_t count = 1;
        for (int64_t d : b->second->dims())
            count *= d;
        if (count != W.dims(0) || b->second->data_type() != onnx::TensorProto::FLOAT)
            badModel(source, format("PartialConv2d '%s': bias must hold %lld floats (the weight's output channels), got %lld",
                                    name, (long long)W.dims(0), (long long)count));
    }
    const std::vector<int64_t> k = intsAttribute(node, "kernel_shape", source, 2, 1, { W.dims(2), W.dims(3) });
    if (k[0] != W.dims(2) || k[1] != W.dims(3))
        badModel(source, format("PartialConv2d '%s': kernel_shape (%lld, %lld) does not match the weight's (%lld, %lld)", name,
                                (long long)k[0], (long long)k[1], (long long)W.dims(2), (long long)W.dims(3)));
    intsAttribute(node, "strides", source, 2, 1, {});
    intsAttribute(node, "dilations", source, 2, 1, {});
    intsAttribute(node, "pads", source, 4, 0, {});
    const std::vector<int64_t> groups = intsAttribute(node, "mask_channel_groups", source, 0, 1, {});
    if (findAttribute(node, "mask_channel_groups"))
    {
        int64_t sum = 0;
        for (int64_t g : groups)
            sum += g;
        if (groups.empty() || sum != W.dims(1))
            badModel(source, format("PartialConv2d '%s': mask_channel_groups must sum to the weight's %lld input channels, got %lld",
                                    name, (long long)W.dims(1), (long long)sum));
    }
}

float resizeScale(const onnx::NodeProto& node, const std::map<std::string, const onnx::TensorProto*>& inits)
{
    // Resize(X, roi, scales): the height scale is scales[2].
    if (node.input_size() < 3)
        return 1.f;
    auto s = inits.find(node.input(2));
    if (s == inits.end() || s->second->data_type() != onnx::TensorProto::FLOAT)
        return 1.f;
    const onnx::TensorProto& t = *s->second;
    if (t.raw_data().size() >= 12)
    {
        float v;
        std::memcpy(&v, t.raw_data().data() + 8, 4);
        return v;
    }
    return t.float_data_size() >= 3 ? t.float_data(2) : 1.f;
}

// Encoder depth from the graph: the largest number of net stride-2 steps from the input to any
// tensor (a stride-2 convolution goes one level down, a x2 upsampling one level up).
int depthFromGraph(const onnx::GraphProto& graph, const std::map<std::string, const onnx::TensorProto*>& inits)
{
    std::map<std::string, int> level;
    int deepest = 0;
    for (const onnx::NodeProto& node : graph.node())
    {
        int in = 0;
        for (const std::string& name : node.input())
        {
            auto it = level.find(name);
            if (it != level.end())
                in = std::max(in, it->second);
        }
        int out = in;
        if (isPartialConvNode(node) || node.op_type() == "Conv" || node.op_type() == "MaxPool" || node.op_type() == "AveragePool")
        {
            const onnx::AttributeProto* s = findAttribute(node, "strides");
            if (s && s->ints_size() > 0 && s->ints(0) == 2)
                out = in + 1;
        }
        else if (node.op_type() == "Resize" || node.op_type() == "Upsample")
        {
            if (resizeScale(node, inits) >= 2.f)
                out = std::max(0, in - 1);
        }
        for (const std::string& name : node.output())
            level[name] = out;
        deepest = std::max(deepest, out);
    }
    return deepest;
}

} // namespace

PartialConvModelInfo validateModel(const std::vector<uchar>& bytes, const std::string& source)
{
    if (bytes.empty())
        badModel(source, "the model is empty (0 bytes)");
    onnx::ModelProto model;
    if (bytes.size() > (size_t)INT_MAX || !model.ParseFromArray(bytes.data(), (int)bytes.size()))
        badModel(source, "not a valid ONNX file (protobuf parsing failed: truncated, corrupt or not ONNX)");
    if (!model.has_graph() || model.graph().node_size() == 0)
        badModel(source, "the ONNX file holds no graph (not an ONNX model, or an empty one)");
    const onnx::GraphProto& graph = model.graph();

    std::map<std::string, const onnx::TensorProto*> inits;
    for (const onnx::TensorProto& t : graph.initializer())
    {
        checkInitializer(t, source);
        inits[t.name()] = &t;
    }
    std::set<std::string> defined;
    for (const auto& kv : inits)
        defined.insert(kv.first);
    std::map<std::string, std::vector<int64_t>> inputs;
    for (const onnx::ValueInfoProto& v : graph.input())
    {
        if (inits.count(v.name()))
            continue; // old exporters list initializers as inputs too
        inputs[v.name()] = declaredShape(v, source, "input");
        defined.insert(v.name());
    }
    auto expectInput = [&](const char* name, int channels) {
        auto it = inputs.find(name);
        if (it == inputs.end())
        {
            std::string have;
            for (const auto& kv : inputs)
                have += (have.empty() ? "'" : ", '") + kv.first + "'";
            badModel(source, format("the graph must have an input named '%s' (doc/model_format.md); its inputs are %s", name,
                                    have.empty() ? "none" : have.c_str()));
        }
        if (it->second.size() != 4 || it->second[1] != channels)
            badModel(source, format("input '%s' must be (N, %d, H, W)", name, channels));
    };
    expectInput("image", 3);
    expectInput("mask", 1);
    if (inputs.at("image")[2] != inputs.at("mask")[2] || inputs.at("image")[3] != inputs.at("mask")[3])
        badModel(source, "inputs 'image' and 'mask' must declare the same H and W");

    for (const onnx::NodeProto& node : graph.node())
    {
        if (node.op_type().empty())
            badModel(source, format("node '%s' has no operator type", node.name().c_str()));
        const std::string& domain = node.domain();
        if (!domain.empty() && domain != "ai.onnx" && domain != kPartialConvDomain)
            badModel(source, format("node '%s' uses the unknown operator domain '%s'", node.name().c_str(), domain.c_str()));
        if (domain == kPartialConvDomain && node.op_type() != kPartialConvOpType)
            badModel(source, format("node '%s': unknown operator '%s' of domain %s", node.name().c_str(),
                                    node.op_type().c_str(), kPartialConvDomain));
        for (const std::string& in : node.input())
            if (!in.empty() && !defined.count(in))
                badModel(source, format("node '%s' (%s) reads '%s', which no earlier node, input or initializer defines",
                                        node.name().c_str(), node.op_type().c_str(), in.c_str()));
        if (isPartialConvNode(node))
            checkPConvNode(node, inits, source);
        for (const std::string& out : node.output())
        {
            if (out.empty())
                continue;
            if (defined.count(out))
                badModel(source, format("tensor '%s' is defined twice", out.c_str()));
            defined.insert(out);
        }
    }
    bool haveOutput = false;
    for (const onnx::ValueInfoProto& v : graph.output())
        haveOutput = haveOutput || v.name() == "output";
    if (!haveOutput)
        badModel(source, "the graph must have an output named 'output' (doc/model_format.md)");
    for (const onnx::ValueInfoProto& v : graph.output())
    {
        declaredShape(v, source, "output");
        if (!defined.count(v.name()))
            badModel(source, format("graph output '%s' is not produced by any node", v.name().c_str()));
    }

    PartialConvModelInfo info;
    info.layers = -1;
    for (const onnx::StringStringEntryProto& e : model.metadata_props())
    {
        readMetadataEntry(e.key(), e.value(), source, info);
    }
    if (info.gated)
    {
        // A gated model is plain ONNX; a PartialConv2d node in it means the file was assembled by hand
        // or its metadata is wrong, and either way the declared interface cannot be trusted.
        for (const onnx::NodeProto& node : graph.node())
            if (isPartialConvNode(node))
                badModel(source, format("declares 'inpainting.conv' = 'gated' but node '%s' is a PartialConv2d "
                                        "(gated models use standard operators only, doc/model_format.md)",
                                        node.name().c_str()));
    }
    if (info.layers < 0)
        info.layers = std::min(12, depthFromGraph(graph, inits));
    return info;
}

}}} // namespace cv::inpainting::detail

#endif // INPAINTING_HAVE_ONNX
