// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

// ONNX read and rewritten at protobuf's wire level (src/onnx_wire_format.hpp): what builds without
// libonnx-dev use to widen half-precision weights. Standalone build only: the functions are internal
// (OpenCV builds modules with hidden symbols).

#include "test_precomp.hpp"

#include "onnx_wire_format.hpp"
#include "partial_conv_model_half.hpp"
#include "pconv_onnx_builder.hpp"

namespace opencv_test_inpainting {
namespace {

using namespace cv;
using cv::inpainting::PartialConvInpainter;
namespace pb = pconv_builder;

// A build without ONNX widens half-precision weights at protobuf's wire level
// (onnx_wire_format.hpp); ONNX's own classes (partial_conv_model_half.cpp) are the reference.
TEST(Inpainting_OnnxWireFormat, wire_level_widening_equals_onnx_classes_widening)
{
    onnx::ModelProto model = pb::roundedWeights(pb::tinyUNet(3, 6, 7), true);
    pb::setMetadata(model, "inpainting.conv", "partial");
    // One tensor in the other layout ONNX allows for halves: one value per int32_data entry.
    int halfTensors = 0;
    for (onnx::TensorProto& t : *model.mutable_graph()->mutable_initializer())
        if (t.data_type() == onnx::TensorProto::FLOAT16 && halfTensors++ == 1)
        {
            const std::string raw = t.raw_data();
            t.clear_raw_data();
            for (size_t i = 0; i + 1 < raw.size(); i += 2)
                t.add_int32_data((uint8_t)raw[i] | ((uint8_t)raw[i + 1] << 8));
        }
    ASSERT_GE(halfTensors, 3);
    const std::vector<uchar> halfBytes = pb::serialize(model);

    std::vector<std::pair<std::string, std::vector<uchar>>> cases = { { "tiny U-Net", halfBytes } };
    if (!inpainting::detail::defaultModelBytes().empty())
        cases.push_back({ "default model", inpainting::detail::defaultModelBytes() });
    for (const auto& c : cases)
    {
        SCOPED_TRACE(c.first);
        onnx::ModelProto viaWire, viaClasses;
        const std::vector<uchar> wireBytes = inpainting::detail::wire::widenHalfInitializers(c.second);
        const std::vector<uchar> classBytes = inpainting::detail::widenHalfInitializers(c.second);
        ASSERT_NE(wireBytes, c.second) << "nothing was widened";
        ASSERT_TRUE(viaWire.ParseFromArray(wireBytes.data(), (int)wireBytes.size()));
        ASSERT_TRUE(viaClasses.ParseFromArray(classBytes.data(), (int)classBytes.size()));
        // Field order may differ between the two writers: compare the parsed content.
        ASSERT_EQ(viaWire.graph().initializer_size(), viaClasses.graph().initializer_size());
        int widened = 0;
        for (int i = 0; i < viaWire.graph().initializer_size(); ++i)
        {
            const onnx::TensorProto &w = viaWire.graph().initializer(i), &r = viaClasses.graph().initializer(i);
            EXPECT_EQ(w.name(), r.name());
            EXPECT_EQ(w.data_type(), r.data_type()) << w.name();
            EXPECT_NE(w.data_type(), onnx::TensorProto::FLOAT16) << w.name();
            EXPECT_EQ(w.raw_data(), r.raw_data()) << w.name();
            EXPECT_EQ(w.int32_data_size(), 0) << w.name();
            EXPECT_EQ(std::vector<int64_t>(w.dims().begin(), w.dims().end()),
                      std::vector<int64_t>(r.dims().begin(), r.dims().end())) << w.name();
            widened += w.data_type() == onnx::TensorProto::FLOAT && !w.raw_data().empty();
        }
        EXPECT_GT(widened, 0);
        // Everything but the initializers is byte for byte what it was.
        onnx::ModelProto original;
        ASSERT_TRUE(original.ParseFromArray(c.second.data(), (int)c.second.size()));
        original.mutable_graph()->clear_initializer();
        viaWire.mutable_graph()->clear_initializer();
        EXPECT_EQ(original.SerializeAsString(), viaWire.SerializeAsString());
    }
    // The tiny model's widened weights fill exactly as its float twin.
    const Mat image = uniformNoiseImage(Size(40, 36), CV_32FC3, 3);
    Mat mask = Mat::zeros(image.size(), CV_8UC1);
    mask(Rect(9, 8, 15, 12)).setTo(255);
    Mat fromWire, fromFloat;
    PartialConvInpainter::createFromBuffer(inpainting::detail::wire::widenHalfInitializers(halfBytes))->apply(image, mask, fromWire);
    PartialConvInpainter::createFromBuffer(pb::serialize(pb::roundedWeights(pb::tinyUNet(3, 6, 7), false)))->apply(image, mask, fromFloat);
    EXPECT_EQ(cv::norm(fromWire, fromFloat, NORM_INF), 0.0);
}

TEST(Inpainting_OnnxWireFormat, wire_level_widening_leaves_other_bytes_alone)
{
    // No half weights: the same bytes back.
    const std::vector<uchar> floatBytes = pb::serialize(pb::tinyUNet(2, 4, 5));
    EXPECT_EQ(inpainting::detail::wire::widenHalfInitializers(floatBytes), floatBytes);
    // Not protobuf, truncated, empty: the same bytes back (the validation reports them).
    const std::vector<uchar> halfBytes = pb::serialize(pb::roundedWeights(pb::tinyUNet(2, 4, 5), true));
    for (const std::vector<uchar>& bad : { std::vector<uchar>(200, 0xff),
                                           std::vector<uchar>(halfBytes.begin(), halfBytes.begin() + halfBytes.size() / 2),
                                           std::vector<uchar>() })
        EXPECT_EQ(inpainting::detail::wire::widenHalfInitializers(bad), bad);
    // The field walker refuses what is not a message.
    const uchar group[] = { 0x0b, 0x00 }; // field 1, wire type 3 (a group, unused by onnx.proto)
    EXPECT_FALSE(inpainting::detail::wire::forEachField(group, sizeof(group), [](const inpainting::detail::wire::Field&) { return true; }));
    const uchar overlong[] = { 0x12, 0x05, 0x01 }; // field 2, length 5, one byte present
    EXPECT_FALSE(inpainting::detail::wire::forEachField(overlong, sizeof(overlong), [](const inpainting::detail::wire::Field&) { return true; }));
}

}} // namespace opencv_test_inpainting
