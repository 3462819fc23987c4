// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

// Writes the seed corpus of fuzz_model (fuzz/corpus/model) with the test suite's ONNX builder:
// small valid models (with and without metadata, half-precision weights), their truncated and
// corrupted variants, models the validator must refuse, and a few inputs for the layer door.
//
//   make_model_corpus OUTPUT_DIR

#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "../test/pconv_onnx_builder.hpp"

namespace pb = opencv_test_inpainting::pconv_builder;

namespace {

std::string outDir;

// One seed: [door byte] [options byte] [payload]. Door 0 = createFromBuffer, 3 = the layer.
void seed(const std::string& name, uint8_t door, uint8_t options, const std::vector<uchar>& payload)
{
    std::ofstream f(outDir + "/" + name, std::ios::binary | std::ios::trunc);
    f.put((char)door);
    f.put((char)options);
    f.write(reinterpret_cast<const char*>(payload.data()), (std::streamsize)payload.size());
    std::printf("%s: %zu bytes\n", name.c_str(), payload.size() + 2);
}

// The same model with every FLOAT initializer stored as FLOAT16 raw data.
onnx::ModelProto toHalf(onnx::ModelProto model)
{
    for (onnx::TensorProto& t : *model.mutable_graph()->mutable_initializer())
    {
        if (t.data_type() != onnx::TensorProto::FLOAT || t.raw_data().empty())
            continue;
        cv::Mat full(1, (int)(t.raw_data().size() / 4), CV_32F, (void*)t.raw_data().data()), half;
        full.convertTo(half, CV_16F);
        t.set_data_type(onnx::TensorProto::FLOAT16);
        t.set_raw_data(std::string(half.ptr<char>(), half.total() * 2));
    }
    return model;
}

} // namespace

int main(int argc, char** argv)
{
    if (argc != 2)
    {
        std::fprintf(stderr, "usage: make_model_corpus OUTPUT_DIR\n");
        return 2;
    }
    outDir = argv[1];
    const std::vector<uchar> one = pb::serialize(pb::tinyUNet(1, 2, 1, 16));
    const std::vector<uchar> two = pb::serialize(pb::tinyUNet(2, 2, 2, 32, false));
    seed("unet_l1_w2", 0, 0x00, one);
    seed("unet_l1_cuda_route", 0, 0x80, one); // switched to the standard-layer graph and back
    seed("unet_l2_w2_nometa", 0, 0x45, two);
    seed("unet_l3_w2", 0, 0x23, pb::serialize(pb::tinyUNet(3, 2, 3, 32, true, 0)));
    seed("unet_l1_half", 0, 0x11, pb::serialize(toHalf(pb::tinyUNet(1, 2, 4, 16))));
    seed("unet_l1_truncated", 0, 0, std::vector<uchar>(one.begin(), one.begin() + one.size() / 2));
    std::vector<uchar> corrupt = one;
    for (size_t i = corrupt.size() / 3; i < corrupt.size() / 3 + 16; i++)
        corrupt[i] ^= 0x5a;
    seed("unet_l1_corrupt", 0, 0, corrupt);

    // Valid ONNX, not an inpainting model (inputs X/M): the validator must refuse it.
    cv::RNG rng(5);
    pb::PConvSpec s = pb::randomSpec(rng, 2, 3, 3, 3, true);
    s.pads[0] = s.pads[1] = s.pads[2] = s.pads[3] = 1;
    seed("single_layer", 0, 0, pb::serialize(pb::singleLayerModel(s, 1, 8, 8, 1, 8, 8)));
    // Metadata out of range, and a weight whose kernel_shape disagrees.
    onnx::ModelProto badMeta = pb::tinyUNet(1, 2, 6, 16, false);
    pb::setMetadata(badMeta, "inpainting.layers", "99");
    seed("unet_bad_metadata", 0, 0, pb::serialize(badMeta));
    onnx::ModelProto badKernel = pb::tinyUNet(1, 2, 7, 16);
    badKernel.mutable_graph()->mutable_node(0)->mutable_attribute(0)->set_ints(0, 4);
    seed("unet_bad_kernel", 0, 0, pb::serialize(badKernel));
    seed("empty", 0, 0, {});
    const std::string text = "not an onnx model\n";
    seed("text", 0, 0, std::vector<uchar>(text.begin(), text.end()));

    // The layer door: [fields] [weight dims...] [depth] [weight bytes...] (see fuzz_model.cpp).
    seed("layer_3x3", 3, 0x09, { 2, 3, 3, 3, 0, 1, 0, 0x10, 0x3f, 1, 2, 2, 3, 4, 1, 1, 1, 0 });
    seed("layer_groups", 3, 0x0a, { 3, 2, 1, 1, 0, 4, 10, 2, 2, 1, 1, 2, 2, 0x3f, 0x80, 0, 0 });
    seed("layer_bad_bias", 3, 0x19, { 2, 2, 2, 2, 2, 5, 3, 0x40, 0x40, 0x40, 0x40 });
    return 0;
}
