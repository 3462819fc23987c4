// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

#include "export.hpp"

#include <fstream>

#include <onnx/checker.h>
#include <onnx/onnx_pb.h>

#include "onnx_proto_helpers.hpp"

#include "util.hpp"

namespace pconv {

using namespace cv::inpainting::detail; // the ONNX helpers and the op's names, shared with the module

namespace {

FoldedConv fold(const torch::Tensor& weight, const torch::Tensor& bias, torch::nn::BatchNorm2d bn)
{
    torch::NoGradGuard g;
    FoldedConv f;
    torch::Tensor w = weight.detach().clone();
    torch::Tensor b = bias.defined() ? bias.detach().clone() : torch::zeros({weight.size(0)});
    if (bn)
    {
        torch::Tensor scale = bn->weight.detach() / torch::sqrt(bn->running_var + bn->options.eps());
        w = w * scale.view({-1, 1, 1, 1});
        b = (b - bn->running_mean) * scale + bn->bias.detach();
    }
    f.weight = w.contiguous();
    f.bias = b.contiguous();
    return f;
}

void addInitializer(onnx::GraphProto* g, const std::string& name, const torch::Tensor& t0, bool half = false)
{
    const std::vector<int64_t> dims(t0.sizes().begin(), t0.sizes().end());
    if (half)
    {
        // IEEE binary16, round to nearest even, little-endian in raw_data (ONNX's layout for FLOAT16).
        torch::Tensor t = t0.detach().to(torch::kCPU, torch::kHalf).contiguous();
        addRawInitializer(g, name, dims, onnx::TensorProto::FLOAT16, t.data_ptr<at::Half>(),
                          (size_t)t.numel() * sizeof(at::Half));
        return;
    }
    torch::Tensor t = t0.detach().to(torch::kCPU, torch::kFloat).contiguous();
    addRawInitializer(g, name, dims, onnx::TensorProto::FLOAT, t.data_ptr<float>(), (size_t)t.numel() * sizeof(float));
}

onnx::NodeProto* addNode(onnx::GraphProto* g, const std::string& op, const std::string& name,
                         const std::vector<std::string>& in, const std::vector<std::string>& out)
{
    onnx::NodeProto* n = g->add_node();
    setNode(n, op, name, in, out);
    return n;
}

void addMeta(onnx::ModelProto& m, const std::string& key, const std::string& value)
{
    onnx::StringStringEntryProto* e = m.add_metadata_props();
    e->set_key(key);
    e->set_value(value);
}

} // namespace

std::vector<FoldedConv> foldBatchNorm(PConvUNet& model)
{
    std::vector<FoldedConv> out;
    for (size_t i = 0; i < model->enc.size(); i++)
        out.push_back(fold(model->enc[i]->weight, model->enc[i]->bias, model->encBn[i]));
    for (size_t i = 0; i < model->dec.size(); i++)
        out.push_back(fold(model->dec[i]->weight, model->dec[i]->bias, model->decBn[i]));
    for (size_t i = 0; i < model->genc.size(); i++)
        out.push_back(fold(model->genc[i]->weight, model->genc[i]->bias, model->encBn[i]));
    for (size_t i = 0; i < model->gdec.size(); i++)
        out.push_back(fold(model->gdec[i]->weight, model->gdec[i]->bias, model->decBn[i]));
    return out;
}

namespace {

/** The gated U-Net in standard ONNX operators only (opset 13: Mul, Concat, Conv, Relu, LeakyRelu,
Sigmoid, Resize), so OpenCV DNN runs it without a custom layer, on any backend. BatchNorm is folded
into the feature convolutions; the gate convolutions carry their own bias. */
void buildGatedGraph(PConvUNet& model, const std::vector<FoldedConv>& folded, onnx::GraphProto* g)
{
    const NetConfig& cfg = model->config;
    const int L = cfg.layers;
    addNode(g, "Mul", "masked", {"image", "mask"}, {"masked"});
    addIntAttribute(addNode(g, "Concat", "input", {"masked", "mask"}, {"x0"}), "axis", 1);
    auto conv = [&](const std::string& name, const std::string& x, const torch::Tensor& w, const torch::Tensor& b,
                    int64_t k, int64_t stride, const std::string& y) {
        addInitializer(g, name + ".weight", w);
        addInitializer(g, name + ".bias", b);
        onnx::NodeProto* n = addNode(g, "Conv", name, {x, name + ".weight", name + ".bias"}, {y});
        addIntsAttribute(n, "kernel_shape", {k, k});
        addIntsAttribute(n, "strides", {stride, stride});
        addIntsAttribute(n, "pads", {k / 2, k / 2, k / 2, k / 2});
        addIntsAttribute(n, "dilations", {1, 1});
    };
    // act(features) * sigmoid(gate)
    auto gatedLayer = [&](const std::string& name, const std::string& x, const FoldedConv& f, GatedConv2d& layer,
                          int64_t k, int64_t stride, bool leaky) {
        conv(name + "_feat", x, f.weight, f.bias, k, stride, name + "_feat");
        conv(name + "_gate", x, layer->gateWeight, layer->gateBias, k, stride, name + "_gate");
        onnx::NodeProto* act = addNode(g, leaky ? "LeakyRelu" : "Relu", name + "_act", {name + "_feat"}, {name + "_act"});
        if (leaky)
            addFloatAttribute(act, "alpha", 0.2f);
        addNode(g, "Sigmoid", name + "_sigmoid", {name + "_gate"}, {name + "_sigmoid"});
        addNode(g, "Mul", name + "_out", {name + "_act", name + "_sigmoid"}, {name + "_out"});
        return name + "_out";
    };
    std::vector<std::string> feats{"x0"};
    for (int i = 0; i < L; i++)
        feats.push_back(gatedLayer("enc" + std::to_string(i + 1), feats.back(), folded[i], model->genc[i],
                                   cfg.encoderKernel(i), 2, false));
    std::string h = feats.back();
    for (int i = L - 1; i >= 0; i--)
    {
        const std::string name = "dec" + std::to_string(i + 1);
        onnx::NodeProto* r = addNode(g, "Resize", name + "_up", {h, "", "up_scales"}, {name + "_up"});
        addStringAttribute(r, "mode", "nearest");
        addStringAttribute(r, "coordinate_transformation_mode", "asymmetric");
        addStringAttribute(r, "nearest_mode", "floor");
        addIntAttribute(addNode(g, "Concat", name + "_cat", {name + "_up", feats[i]}, {name + "_cat"}), "axis", 1);
        if (i == 0)
            conv(name, name + "_cat", folded[L].weight, folded[L].bias, 3, 1, "output");
        else
            h = gatedLayer(name, name + "_cat", folded[L + i], model->gdec[i], 3, 1, true);
    }
}

} // namespace

void exportOnnx(PConvUNet& model, const CheckpointInfo& info, const std::string& path, int size, bool half)
{
    const NetConfig& cfg = model->config;
    if (!cfg.partial)
        throw BadInput("export: the checkpoint holds a plain-convolution net (benchmark only), not a PConvUNet");
    const int L = cfg.layers;
    if (size <= 0)
        size = info.trainSize;
    if (size % (1 << L) != 0)
        throw BadInput("export: --size must be a multiple of 2^layers = " + std::to_string(1 << L) + ", got " +
                       std::to_string(size));
    if (half && cfg.gated)
        throw BadInput("export: --half applies to partial-convolution models (PartialConvInpainter widens their "
                       "FLOAT16 weights); a gated model is exported in float");
    model->eval();
    const std::vector<FoldedConv> folded = foldBatchNorm(model);

    onnx::ModelProto m;
    m.set_ir_version(onnx::IR_VERSION);
    m.set_producer_name("pconv_train");
    m.set_producer_version("1");
    m.set_doc_string(cfg.gated ? "Gated-convolution U-Net (Yu et al. 2019) for opencv_inpainting, standard ONNX "
                                 "operators only; see doc/model_format.md"
                               : "Partial-convolution U-Net (Liu et al. 2018) for opencv_inpainting; see "
                                 "doc/model_format.md");
    auto* opsetDefault = m.add_opset_import();
    opsetDefault->set_domain("");
    opsetDefault->set_version(13);
    if (!cfg.gated)
    {
        auto* opsetCustom = m.add_opset_import();
        opsetCustom->set_domain(kPartialConvDomain);
        opsetCustom->set_version(1);
    }
    else
        addMeta(m, "inpainting.conv", "gated");   // absent = partial (every model before --conv gated)
    addMeta(m, "inpainting.layers", std::to_string(L));
    addMeta(m, "inpainting.train_size", std::to_string(info.trainSize));
    addMeta(m, "inpainting.width", std::to_string(cfg.width));

    onnx::GraphProto* g = m.mutable_graph();
    g->set_name(cfg.gated ? "gated_unet" : "pconv_unet");
    addValueInfo(g->mutable_input(), "image", {1, 3, size, size});
    addValueInfo(g->mutable_input(), "mask", {1, 1, size, size});
    addValueInfo(g->mutable_output(), "output", {1, 3, size, size});
    {
        onnx::TensorProto* s = g->add_initializer();
        s->set_name("up_scales");
        s->set_data_type(onnx::TensorProto::FLOAT);
        s->add_dims(4);
        for (float v : {1.f, 1.f, 2.f, 2.f})
            s->add_float_data(v);
    }

    if (cfg.gated)
        buildGatedGraph(model, folded, g);
    auto pconvNode = [&](const std::string& name, const std::string& x, const std::string& mk, const FoldedConv& f,
                         int64_t k, int64_t stride, const std::string& y, const std::string& mo) {
        // Biases stay float: they are a fraction of a percent of the bytes and are added unscaled.
        addInitializer(g, name + ".weight", f.weight, half);
        addInitializer(g, name + ".bias", f.bias);
        onnx::NodeProto* n = addNode(g, kPartialConvOpType, name, {x, mk, name + ".weight", name + ".bias"}, {y, mo});
        n->set_domain(kPartialConvDomain);
        addIntsAttribute(n, "kernel_shape", {k, k});
        addIntsAttribute(n, "strides", {stride, stride});
        addIntsAttribute(n, "pads", {k / 2, k / 2, k / 2, k / 2});
        addIntsAttribute(n, "dilations", {1, 1});
        return n;
    };

    // Encoder: feats[i] / masks[i] name level i's output (level 0 = the inputs).
    std::vector<std::string> feats{"image"}, masks{"mask"};
    std::vector<int64_t> channels{3};
    for (int i = 0; i < L && !cfg.gated; i++)
    {
        const std::string name = "enc" + std::to_string(i + 1);
        pconvNode(name, feats.back(), masks.back(), folded[i], cfg.encoderKernel(i), 2, name + "_conv", name + "_mask");
        addNode(g, "Relu", name + "_relu", {name + "_conv"}, {name + "_out"});
        feats.push_back(name + "_out");
        masks.push_back(name + "_mask");
        channels.push_back(cfg.encoderChannels(i));
    }
    std::string h = feats.back(), hm = masks.back();
    int64_t hc = channels.back();
    for (int i = L - 1; i >= 0 && !cfg.gated; i--)
    {
        const std::string name = "dec" + std::to_string(i + 1);
        auto* r1 = addNode(g, "Resize", name + "_up", {h, "", "up_scales"}, {name + "_up"});
        auto* r2 = addNode(g, "Resize", name + "_upmask", {hm, "", "up_scales"}, {name + "_upmask"});
        for (auto* r : {r1, r2})
        {
            addStringAttribute(r, "mode", "nearest");
            addStringAttribute(r, "coordinate_transformation_mode", "asymmetric");
            addStringAttribute(r, "nearest_mode", "floor");
        }
        addIntAttribute(addNode(g, "Concat", name + "_cat", {name + "_up", feats[i]}, {name + "_cat"}), "axis", 1);
        addIntAttribute(addNode(g, "Concat", name + "_catmask", {name + "_upmask", masks[i]}, {name + "_catmask"}), "axis", 1);
        const bool last = i == 0;
        onnx::NodeProto* n = pconvNode(name, name + "_cat", name + "_catmask", folded[L + i], 3, 1,
                                       last ? "output" : name + "_conv", name + "_mask");
        addIntsAttribute(n, "mask_channel_groups", {hc, channels[i]});
        if (!last)
        {
            addFloatAttribute(addNode(g, "LeakyRelu", name + "_lrelu", {name + "_conv"}, {name + "_out"}), "alpha", 0.2f);
            h = name + "_out";
            hm = name + "_mask";
            hc = channels[i];
        }
    }

    try
    {
        onnx::checker::check_model(m);
    }
    catch (const std::exception& e)
    {
        throw std::runtime_error(std::string("export: the ONNX checker rejected the model: ") + e.what());
    }
    writeAtomic(path, [&](const std::string& tmp) {
        std::ofstream f(tmp, std::ios::binary);
        if (!m.SerializeToOstream(&f))
            throw std::runtime_error("export: cannot write '" + tmp + "'");
        f.close();
        if (!f)
            throw std::runtime_error("export: cannot write '" + tmp + "'");
    });
}

} // namespace pconv
