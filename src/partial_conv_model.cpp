// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

// Model loading and checking with ONNX's own protobuf classes (Debian libonnx-dev). OpenCV's
// importer trusts its input: a truncated initializer or an undeclared input shape makes it assert
// deep inside, and some malformed graphs crash it, so every property the importer relies on is
// checked here first and reported with the model's name.

#include "precomp.hpp"
#include "partial_conv_model.hpp"
#include "partial_conv_fusion.hpp"
#include "partial_conv_layer.hpp"
#include "opencv2/core/utils/logger.hpp"

#include <onnx/onnx_pb.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>

namespace cv {
namespace inpainting {
namespace detail {

namespace {

const char* const kCustomDomain = "org.opencv.inpainting";
const char* const kPConvOp = "PartialConv2d";

[[noreturn]] void badModel(const std::string& source, const std::string& what)
{
    CV_Error_(Error::StsParseError, ("inpainting model '%s': %s", source.c_str(), what.c_str()));
}

bool isPConv(const onnx::NodeProto& node)
{
    return node.domain() == kCustomDomain && node.op_type() == kPConvOp;
}

const onnx::AttributeProto* findAttribute(const onnx::NodeProto& node, const std::string& name)
{
    for (const onnx::AttributeProto& a : node.attribute())
        if (a.name() == name)
            return &a;
    return nullptr;
}

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

int parseMetadataInt(const std::string& key, const std::string& value, int minValue, int maxValue, const std::string& source)
{
    char* end = nullptr;
    const long v = std::strtol(value.c_str(), &end, 10);
    if (value.empty() || *end != '\0' || v < minValue || v > maxValue)
        badModel(source, format("metadata '%s' must be an integer in [%d, %d], got '%s'", key.c_str(), minValue, maxValue,
                                value.c_str()));
    return (int)v;
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
        if (isPConv(node) || node.op_type() == "Conv" || node.op_type() == "MaxPool" || node.op_type() == "AveragePool")
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
        if (!domain.empty() && domain != "ai.onnx" && domain != kCustomDomain)
            badModel(source, format("node '%s' uses the unknown operator domain '%s'", node.name().c_str(), domain.c_str()));
        if (domain == kCustomDomain && node.op_type() != kPConvOp)
            badModel(source, format("node '%s': unknown operator '%s' of domain %s", node.name().c_str(),
                                    node.op_type().c_str(), kCustomDomain));
        for (const std::string& in : node.input())
            if (!in.empty() && !defined.count(in))
                badModel(source, format("node '%s' (%s) reads '%s', which no earlier node, input or initializer defines",
                                        node.name().c_str(), node.op_type().c_str(), in.c_str()));
        if (isPConv(node))
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
        if (e.key() == "inpainting.layers")
            info.layers = parseMetadataInt(e.key(), e.value(), 0, 12, source);
        else if (e.key() == "inpainting.train_size")
            info.trainSize = parseMetadataInt(e.key(), e.value(), 8, 16384, source);
        else if (e.key() == "inpainting.width")
            info.width = parseMetadataInt(e.key(), e.value(), 1, 65536, source);
    }
    if (info.layers < 0)
        info.layers = std::min(12, depthFromGraph(graph, inits));
    return info;
}

std::vector<uchar> widenHalfInitializers(const std::vector<uchar>& bytes)
{
    onnx::ModelProto model;
    if (bytes.empty() || bytes.size() > (size_t)INT_MAX || !model.ParseFromArray(bytes.data(), (int)bytes.size()))
        return bytes;
    bool widened = false;
    for (onnx::TensorProto& t : *model.mutable_graph()->mutable_initializer())
    {
        if (t.data_type() != onnx::TensorProto::FLOAT16 || t.data_location() == onnx::TensorProto::EXTERNAL)
            continue;
        // Half values live either packed in raw_data (little-endian) or one per int32_data entry.
        Mat half;
        if (!t.raw_data().empty())
        {
            if (t.raw_data().size() % 2 != 0)
                continue; // validateModel() reports the inconsistent size
            half = Mat(1, (int)(t.raw_data().size() / 2), CV_16FC1, (void*)t.raw_data().data()).clone();
        }
        else
        {
            half.create(1, t.int32_data_size(), CV_16FC1);
            for (int i = 0; i < t.int32_data_size(); ++i)
                half.at<uint16_t>(i) = (uint16_t)t.int32_data(i);
        }
        Mat full;
        half.convertTo(full, CV_32F);
        t.clear_raw_data();
        t.clear_int32_data();
        t.set_data_type(onnx::TensorProto::FLOAT);
        if (!full.empty())
            t.set_raw_data(full.ptr<char>(), full.total() * sizeof(float));
        widened = true;
    }
    if (!widened)
        return bytes;
    std::string out;
    model.SerializeToString(&out);
    return std::vector<uchar>(out.begin(), out.end());
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

// ---- the CUDA route: PartialConv2d as standard operators ------------------------------------

namespace {

struct GraphWriter
{
    onnx::GraphProto* graph;
    std::vector<onnx::NodeProto> nodes;

    void initializer(const std::string& name, const std::vector<int64_t>& dims, const std::vector<float>& data)
    {
        onnx::TensorProto* t = graph->add_initializer();
        t->set_name(name);
        t->set_data_type(onnx::TensorProto::FLOAT);
        for (int64_t d : dims)
            t->add_dims(d);
        t->set_raw_data(std::string(reinterpret_cast<const char*>(data.data()), data.size() * sizeof(float)));
    }
    void initializerInt64(const std::string& name, const std::vector<int64_t>& data)
    {
        onnx::TensorProto* t = graph->add_initializer();
        t->set_name(name);
        t->set_data_type(onnx::TensorProto::INT64);
        t->add_dims((int64_t)data.size());
        t->set_raw_data(std::string(reinterpret_cast<const char*>(data.data()), data.size() * sizeof(int64_t)));
    }
    onnx::NodeProto& node(const std::string& op, const std::string& name, const std::vector<std::string>& inputs,
                          const std::string& output)
    {
        nodes.emplace_back();
        onnx::NodeProto& n = nodes.back();
        n.set_op_type(op);
        n.set_name(name);
        for (const std::string& i : inputs)
            n.add_input(i);
        n.add_output(output);
        return n;
    }
    static void ints(onnx::NodeProto& n, const std::string& name, const std::vector<int64_t>& values)
    {
        onnx::AttributeProto* a = n.add_attribute();
        a->set_name(name);
        a->set_type(onnx::AttributeProto::INTS);
        for (int64_t v : values)
            a->add_ints(v);
    }
    static void str(onnx::NodeProto& n, const std::string& name, const std::string& value)
    {
        onnx::AttributeProto* a = n.add_attribute();
        a->set_name(name);
        a->set_type(onnx::AttributeProto::STRING);
        a->set_s(value);
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
        if (isPConv(node))
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
        if (!isPConv(node))
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
            w.initializerInt64(p + "pads", { 0, 0, pads[0], pads[1], 0, 0, pads[2], pads[3] });
            for (std::string* t : { &x, &m })
            {
                const std::string out = p + (t == &x ? "x_padded" : "m_padded");
                onnx::NodeProto& pad = w.node("Pad", out, { *t, p + "pads" }, out);
                GraphWriter::str(pad, "mode", "constant");
                *t = out;
            }
            pads = { 0, 0, 0, 0 };
        }
        auto conv = [&](const std::string& name, const std::string& in, const std::string& weight,
                        const std::vector<int64_t>& k, bool geometry) -> onnx::NodeProto& {
            onnx::NodeProto& n = w.node("Conv", p + name, { in, weight }, p + name);
            GraphWriter::ints(n, "kernel_shape", k);
            GraphWriter::ints(n, "strides", geometry ? strides : std::vector<int64_t>{ 1, 1 });
            GraphWriter::ints(n, "dilations", geometry ? dil : std::vector<int64_t>{ 1, 1 });
            GraphWriter::ints(n, "pads", geometry ? pads : std::vector<int64_t>{ 0, 0, 0, 0 });
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
        for (const char* bound : { "min", "max" })
        {
            onnx::AttributeProto* attr = clip.add_attribute();
            attr->set_name(bound);
            attr->set_type(onnx::AttributeProto::FLOAT);
            attr->set_f(bound[1] == 'i' ? 0.f : 1.f);
        }
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
