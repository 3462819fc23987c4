// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

// widenHalfInitializers(): FLOAT16 weights widened to FLOAT with ONNX's protobuf classes.

#include "precomp.hpp"
#include "partial_conv_model_half.hpp"

#ifdef INPAINTING_HAVE_ONNX // otherwise partial_conv_model_without_onnx.cpp

#include <onnx/onnx_pb.h>

#include <climits>

namespace cv {
namespace inpainting {
namespace detail {

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

}}} // namespace cv::inpainting::detail

#endif // INPAINTING_HAVE_ONNX
