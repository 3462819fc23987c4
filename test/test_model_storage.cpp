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

namespace opencv_test_inpainting {
namespace {

using namespace cv;
using cv::inpainting::PartialConvInpainter;
namespace pb = pconv_builder;


Mat rectHole(Size size, Rect hole)
{
    Mat mask = Mat::zeros(size, CV_8UC1);
    mask(hole).setTo(255);
    return mask;
}

TEST(Inpainting_ModelStorage, half_precision_weights_fill_exactly_like_their_float_values)
{
    const onnx::ModelProto model = pb::tinyUNet(3, 6, 7);
    const std::vector<uchar> floatBytes = pb::serialize(pb::roundedWeights(model, false));
    const std::vector<uchar> halfBytes = pb::serialize(pb::roundedWeights(model, true));
    // The weights dominate the file: storing them as halves must shrink it substantially.
    EXPECT_LT(halfBytes.size(), floatBytes.size() * 3 / 4);

    const Mat image = uniformNoiseImage(Size(40, 36), CV_32FC3, 3);
    const Mat mask = rectHole(image.size(), Rect(9, 8, 15, 12));
    Mat fromFloat, fromHalf;
    PartialConvInpainter::createFromBuffer(floatBytes)->apply(image, mask, fromFloat);
    PartialConvInpainter::createFromBuffer(halfBytes)->apply(image, mask, fromHalf);
    ASSERT_EQ(fromFloat.type(), fromHalf.type());
    EXPECT_EQ(cv::norm(fromFloat, fromHalf, NORM_INF), 0.0);
    // And the fill is a real one: the hole changed.
    EXPECT_GT(cv::norm(fromHalf(Rect(9, 8, 15, 12)), image(Rect(9, 8, 15, 12)), NORM_INF), 0.0);
}

TEST(Inpainting_ModelStorage, truncated_half_weights_are_reported_not_read)
{
    onnx::ModelProto model = pb::roundedWeights(pb::tinyUNet(3, 6, 7), true);
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
