// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

// The graph rewrite of partial_conv_fusion.hpp, with ONNX's own protobuf classes.

#include "precomp.hpp"
#include "partial_conv_fusion.hpp"

#ifdef INPAINTING_HAVE_ONNX // otherwise partial_conv_model_without_onnx.cpp

#include "onnx_proto_helpers.hpp"

#include <climits>
#include <map>
#include <set>

namespace cv {
namespace inpainting {
namespace detail {

namespace {

bool standardDomain(const onnx::NodeProto& node)
{
    return node.domain().empty() || node.domain() == "ai.onnx";
}

} // namespace

std::vector<uchar> fusePartialConvNeighbours(const std::vector<uchar>& bytes)
{
    onnx::ModelProto model;
    if (bytes.empty() || bytes.size() > (size_t)INT_MAX || !model.ParseFromArray(bytes.data(), (int)bytes.size()))
        return bytes;
    onnx::GraphProto* g = model.mutable_graph();

    // Who produces and how many read each tensor (graph outputs count as readers).
    std::map<std::string, int> producer, readers;
    std::set<std::string> constants;
    for (const onnx::TensorProto& t : g->initializer())
        constants.insert(t.name());
    for (int i = 0; i < g->node_size(); i++)
    {
        for (const std::string& in : g->node(i).input())
            readers[in]++;
        for (const std::string& out : g->node(i).output())
            producer[out] = i;
    }
    for (const onnx::ValueInfoProto& v : g->output())
        readers[v.name()]++;

    // The Concat (axis 1) of runtime tensors producing `tensor` for this reader alone, or -1.
    auto fusableConcat = [&](const std::string& tensor) {
        auto p = producer.find(tensor);
        if (p == producer.end() || readers[tensor] != 1)
            return -1;
        const onnx::NodeProto& c = g->node(p->second);
        const onnx::AttributeProto* axis = findAttribute(c, "axis");
        if (!standardDomain(c) || c.op_type() != "Concat" || !axis || axis->i() != 1 || c.input_size() < 1)
            return -1;
        for (const std::string& in : c.input())
            if (in.empty() || constants.count(in)) // constants would become the layer's blobs
                return -1;
        return p->second;
    };

    std::set<int> removed;
    for (int i = 0; i < g->node_size(); i++)
    {
        onnx::NodeProto* n = g->mutable_node(i);
        if (!isPartialConvNode(*n) || n->input_size() < 2 ||
            findAttribute(*n, "x_parts") || findAttribute(*n, "activation"))
            continue;
        const int xCat = fusableConcat(n->input(0)), mCat = fusableConcat(n->input(1));
        if (xCat >= 0 || mCat >= 0)
        {
            std::vector<std::string> inputs;
            if (xCat >= 0)
                inputs.assign(g->node(xCat).input().begin(), g->node(xCat).input().end());
            else
                inputs.push_back(n->input(0));
            const int xParts = (int)inputs.size();
            if (mCat >= 0)
                inputs.insert(inputs.end(), g->node(mCat).input().begin(), g->node(mCat).input().end());
            else
                inputs.push_back(n->input(1));
            for (int k = 2; k < n->input_size(); k++)
                inputs.push_back(n->input(k));
            n->clear_input();
            for (const std::string& in : inputs)
                n->add_input(in);
            addIntAttribute(n, "x_parts", xParts);
            for (int c : { xCat, mCat })
                if (c >= 0)
                    removed.insert(c);
        }
        // The activation reading Y alone: its nodes come after this one, so renaming Y to the
        // activation's output keeps the graph in topological order.
        const std::string y = n->output(0);
        if (readers[y] != 1 || !producer.count(y))
            continue;
        for (int j = i + 1; j < g->node_size(); j++)
        {
            const onnx::NodeProto& act = g->node(j);
            if (act.input_size() != 1 || act.input(0) != y)
                continue;
            if (standardDomain(act) && act.output_size() == 1 && (act.op_type() == "Relu" || act.op_type() == "LeakyRelu"))
            {
                addStringAttribute(n, "activation", act.op_type() == "Relu" ? "relu" : "leaky_relu");
                if (act.op_type() == "LeakyRelu")
                {
                    const onnx::AttributeProto* alpha = findAttribute(act, "alpha");
                    addFloatAttribute(n, "activation_alpha", alpha ? alpha->f() : 0.01f); // ONNX's default
                }
                n->set_output(0, act.output(0));
                removed.insert(j);
            }
            break;
        }
    }
    if (removed.empty())
        return bytes;
    google::protobuf::RepeatedPtrField<onnx::NodeProto> kept;
    for (int i = 0; i < g->node_size(); i++)
        if (!removed.count(i))
            *kept.Add() = g->node(i);
    g->mutable_node()->Swap(&kept);
    std::string out;
    model.SerializeToString(&out);
    return std::vector<uchar>(out.begin(), out.end());
}

}}} // namespace cv::inpainting::detail

#endif // INPAINTING_HAVE_ONNX
