// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

// How model weights are stored: half-precision (FLOAT16) initializers, which OpenCV 4.6's importer
// cannot read, load as the FLOAT values they stand for; and the default model compiled into the
// library loads and fills a photo without any file.

#include "test_precomp.hpp"

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "pconv_onnx_builder.hpp"
#include "onnx_wire_format.hpp"
#include "partial_conv_model_half.hpp"

namespace opencv_test_inpainting {
namespace {

using namespace cv;
using cv::inpainting::PartialConvInpainter;
namespace pb = pconv_builder;

// Every FLOAT raw-data initializer (the weights) of @p model rounded to half precision: stored as FLOAT16 when @p asHalf,
// else as FLOAT values that are exactly representable in half precision.
onnx::ModelProto roundedWeights(onnx::ModelProto model, bool asHalf)
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

Mat randomImage(Size size, uint64 seed)
{
    Mat image(size, CV_32FC3);
    RNG rng(seed);
    rng.fill(image, RNG::UNIFORM, 0.f, 1.f);
    return image;
}

Mat rectHole(Size size, Rect hole)
{
    Mat mask = Mat::zeros(size, CV_8UC1);
    mask(hole).setTo(255);
    return mask;
}

TEST(Inpainting_ModelStorage, half_precision_weights_fill_exactly_like_their_float_values)
{
    const onnx::ModelProto model = pb::tinyUNet(3, 6, 7);
    const std::vector<uchar> floatBytes = pb::serialize(roundedWeights(model, false));
    const std::vector<uchar> halfBytes = pb::serialize(roundedWeights(model, true));
    // The weights dominate the file: storing them as halves must shrink it substantially.
    EXPECT_LT(halfBytes.size(), floatBytes.size() * 3 / 4);

    const Mat image = randomImage(Size(40, 36), 3);
    const Mat mask = rectHole(image.size(), Rect(9, 8, 15, 12));
    Mat fromFloat, fromHalf;
    PartialConvInpainter::createFromBuffer(floatBytes)->apply(image, mask, fromFloat);
    PartialConvInpainter::createFromBuffer(halfBytes)->apply(image, mask, fromHalf);
    ASSERT_EQ(fromFloat.type(), fromHalf.type());
    EXPECT_EQ(cv::norm(fromFloat, fromHalf, NORM_INF), 0.0);
    // And the fill is a real one: the hole changed.
    EXPECT_GT(cv::norm(fromHalf(Rect(9, 8, 15, 12)), image(Rect(9, 8, 15, 12)), NORM_INF), 0.0);
}

// A build without ONNX widens half-precision weights at protobuf's wire level
// (onnx_wire_format.hpp); ONNX's own classes (partial_conv_model_half.cpp) are the reference.
TEST(Inpainting_ModelStorage, wire_level_widening_equals_onnx_classes_widening)
{
    onnx::ModelProto model = roundedWeights(pb::tinyUNet(3, 6, 7), true);
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
    const Mat image = randomImage(Size(40, 36), 3);
    const Mat mask = rectHole(image.size(), Rect(9, 8, 15, 12));
    Mat fromWire, fromFloat;
    PartialConvInpainter::createFromBuffer(inpainting::detail::wire::widenHalfInitializers(halfBytes))->apply(image, mask, fromWire);
    PartialConvInpainter::createFromBuffer(pb::serialize(roundedWeights(pb::tinyUNet(3, 6, 7), false)))->apply(image, mask, fromFloat);
    EXPECT_EQ(cv::norm(fromWire, fromFloat, NORM_INF), 0.0);
}

TEST(Inpainting_ModelStorage, wire_level_widening_leaves_other_bytes_alone)
{
    // No half weights: the same bytes back.
    const std::vector<uchar> floatBytes = pb::serialize(pb::tinyUNet(2, 4, 5));
    EXPECT_EQ(inpainting::detail::wire::widenHalfInitializers(floatBytes), floatBytes);
    // Not protobuf, truncated, empty: the same bytes back (the validation reports them).
    const std::vector<uchar> halfBytes = pb::serialize(roundedWeights(pb::tinyUNet(2, 4, 5), true));
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

TEST(Inpainting_ModelStorage, truncated_half_weights_are_reported_not_read)
{
    onnx::ModelProto model = roundedWeights(pb::tinyUNet(3, 6, 7), true);
    for (onnx::TensorProto& t : *model.mutable_graph()->mutable_initializer())
        if (t.data_type() == onnx::TensorProto::FLOAT16)
        {
            t.mutable_raw_data()->resize(t.raw_data().size() - 2);
            break;
        }
    try
    {
        PartialConvInpainter::createFromBuffer(pb::serialize(model));
        FAIL() << "a model with a truncated initializer was accepted";
    }
    catch (const cv::Exception& e)
    {
        EXPECT_NE(e.err.find("initializer"), std::string::npos) << e.err;
    }
}

TEST(Inpainting_ModelStorage, embedded_default_model_fills_a_photo)
{
    if (!inpainting::isMethodAvailable(inpainting::INPAINT_PCONV))
    {
        // Only a build without models/ may lack it; the project's own build must embed it.
        ASSERT_TRUE(inpainting::detail::defaultModelBytes().empty());
        GTEST_SKIP() << "this build embeds no default model";
    }
    Ptr<PartialConvInpainter> pconv = PartialConvInpainter::create();
    ASSERT_FALSE(pconv.empty());
    EXPECT_GE(pconv->getLayers(), 4);
    EXPECT_GE(pconv->getTrainSize(), 64);

    // A real photo (opencv-doc, installed by scripts/bootstrap.sh): a random image has nothing
    // to continue.
    const Mat photo = imread("/usr/share/doc/opencv-doc/examples/data/fruits.jpg");
    ASSERT_FALSE(photo.empty()) << "opencv-doc's fruits.jpg is missing (scripts/bootstrap.sh installs it)";
    const Rect hole(photo.cols / 3, photo.rows / 3, photo.cols / 6, photo.rows / 6);
    const Mat mask = rectHole(photo.size(), hole);
    Mat filled;
    pconv->apply(photo, mask, filled);
    ASSERT_EQ(filled.type(), photo.type());
    ASSERT_EQ(filled.size(), photo.size());
    Mat known = ~mask;
    EXPECT_EQ(cv::norm(filled, photo, NORM_INF, known), 0.0);
    // A trained model continues the surroundings: its fill must be in the league of the classical
    // fill (Telea, computed here) and far from the mid-grey an untrained or broken network gives.
    Mat telea;
    inpainting::inpaint(photo, mask, telea, inpainting::INPAINT_TELEA);
    const Mat grey(photo.size(), photo.type(), Scalar::all(128));
    const double fillError = cv::norm(filled(hole), photo(hole), NORM_L1);
    const double teleaError = cv::norm(telea(hole), photo(hole), NORM_L1);
    const double greyError = cv::norm(grey(hole), photo(hole), NORM_L1);
    EXPECT_LT(fillError, 1.25 * teleaError) << "fill L1 " << fillError << " vs Telea " << teleaError;
    EXPECT_LT(fillError, 0.8 * greyError) << "fill L1 " << fillError << " vs grey " << greyError;
}

}} // namespace

namespace opencv_test_inpainting {

// The default model as a data file (builds that cannot embed it read the installed file; the
// environment variable names another one): create() without a path loads exactly that file.
TEST(Inpainting_ModelStorage, default_model_file_named_by_the_environment)
{
    struct RestoreEnvironment
    {
        ~RestoreEnvironment() { unsetenv("OPENCV_INPAINTING_DEFAULT_MODEL"); }
    } restore;
    const std::string dir = makeTempDir("default_model_file");
    const std::string path = dir + "/tiny.onnx";
    const std::vector<uchar> bytes = pb::serialize(pb::tinyUNet(2, 4, 7));
    std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(bytes.data()), (std::streamsize)bytes.size());

    ASSERT_EQ(setenv("OPENCV_INPAINTING_DEFAULT_MODEL", path.c_str(), 1), 0);
    EXPECT_EQ(inpainting::detail::defaultModelBytes(), bytes);
    EXPECT_TRUE(inpainting::isMethodAvailable(inpainting::INPAINT_PCONV));
    EXPECT_EQ(PartialConvInpainter::create()->getLayers(), 2);

    ASSERT_EQ(setenv("OPENCV_INPAINTING_DEFAULT_MODEL", (dir + "/missing.onnx").c_str(), 1), 0);
    EXPECT_TRUE(inpainting::detail::defaultModelBytes().empty());
    EXPECT_FALSE(inpainting::isMethodAvailable(inpainting::INPAINT_PCONV));
    try
    {
        PartialConvInpainter::create();
        ADD_FAILURE() << "create() without a default model did not raise";
    }
    catch (const cv::Exception& e)
    {
        EXPECT_EQ(e.code, cv::Error::StsObjectNotFound) << e.err;
    }
    std::filesystem::remove_all(dir);
}

} // namespace opencv_test_inpainting
