// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

// The fused partial convolution as an OpenCV DNN layer (ONNX op org.opencv.inpainting.PartialConv2d).
// Semantics: doc/partial_conv_op.md (the op's contract, mask_channel_groups included); the design
// notes are in doc/partial_conv.md.

#ifndef OPENCV_INPAINTING_PARTIAL_CONV_LAYER_HPP
#define OPENCV_INPAINTING_PARTIAL_CONV_LAYER_HPP

#include "opencv2/core.hpp"
#include "opencv2/dnn.hpp"

#include "partial_conv_op.hpp"
#include "partial_conv_winograd.hpp"

namespace cv {
namespace inpainting {
namespace detail {

/** Engine number of the Winograd F(4x4, 3x3) engine (3x3 stride 1 and, through the input's four
stride phases, 5x5 stride 2, dilation 1; on other geometries forcing it runs the GEMM engine). Internal: the public PartialConvImplementation
names the two engines every geometry has; AUTO picks this one where it measured faster. */
const int kPartialConvImplWinograd = 3;

//! Geometry and mask layout of one partial convolution, parsed and checked from LayerParams.
struct PartialConvGeometry
{
    int outChannels = 0, inChannels = 0;
    int kernelH = 1, kernelW = 1, strideH = 1, strideW = 1, dilationH = 1, dilationW = 1;
    int padTop = 0, padLeft = 0, padBottom = 0, padRight = 0;
    std::vector<int> maskGroups; //!< mask_channel_groups; empty = C-channel or 1-channel mask
    bool hasBias = false;

    //! Output size for an input of size (h, w); raises when the window does not fit.
    Size outputSize(int h, int w) const;
};

/** Parses kernel/stride/pad/dilation (ONNX names or the names OpenCV's importer renames them
to), mask_channel_groups and the weight/bias blobs; raises StsBadArg naming the layer when
they are inconsistent. */
PartialConvGeometry parsePartialConvParams(const dnn::LayerParams& params);

/** The fused layer. Runtime inputs: X and M (the plain ONNX form), or, with the attribute
`x_parts` = k written by the graph rewrite (partial_conv_fusion.hpp), X as k parts along channels
followed by M's parts. Attributes `activation` ("relu" / "leaky_relu") and `activation_alpha`
make it apply the activation that followed it in the graph. */
class PartialConvLayer : public dnn::Layer
{
public:
    explicit PartialConvLayer(const dnn::LayerParams& params);
    static Ptr<dnn::Layer> create(dnn::LayerParams& params);

    bool getMemoryShapes(const std::vector<dnn::MatShape>& inputs, const int requiredOutputs,
                         std::vector<dnn::MatShape>& outputs,
                         std::vector<dnn::MatShape>& internals) const CV_OVERRIDE;
    void forward(InputArrayOfArrays inputs, OutputArrayOfArrays outputs,
                 OutputArrayOfArrays internals) CV_OVERRIDE;

    //! PartialConvImplementation or kPartialConvImplWinograd to use (PCONV_IMPL_AUTO by default).
    void setImplementation(int implementation);
    int implementation() const { return implementation_; }
    /** The engine that runs for an output of size outSize (empty: a large one): AUTO's pick (GEMM,
    OPENCV or kPartialConvImplWinograd), or the forced one. */
    int resolvedImplementation(Size outSize = Size()) const;
    const PartialConvGeometry& geometry() const { return geo_; }

private:
    void convolveGemm(const Mat& x, const Mat& m, int n, Mat& y, const Mat& ratio, const Mat& upd);
    Mat convolveOpenCV(const Mat& x, const Mat& m, int n);
    void convolveWinograd(const std::vector<Mat>& xParts, const Mat& m, int n, Mat& y, const Mat& ratio, const Mat& upd);
    bool stridePhases() const;
    Mat phaseWeights() const;
    dnn::MatShape concatenatedShape(const std::vector<dnn::MatShape>& inputs, int begin, int end, const char* what) const;
    int maskPlaneOf(int channel, int maskChannels) const;

    PartialConvGeometry geo_;
    Mat weights_;              //!< (O, C*kh*kw) float, row-major
    std::vector<float> bias_;  //!< O values, zeros without bias
    int implementation_;
    int xParts_ = 1;                  //!< runtime inputs holding X's channels (then M's)
    PartialConvActivation activation_; //!< applied in the epilogue (a fused ReLU / LeakyReLU)
    std::vector<int> planeOfChannel_; //!< mask plane of each input channel when groups are given
    dnn::Net opencvConv_;      //!< lazily built one-layer net for PCONV_IMPL_OPENCV
    PartialConvWinograd winograd_; //!< transformed weights, set on the first Winograd forward
    std::vector<float> colBuffer_;
    Mat xmBuffer_, sums_, rowSums_, ratio_, upd_; //!< work buffers reused across forwards
    Mat xCat_, mCat_;          //!< X and M concatenated from their parts when an engine needs them whole
    std::vector<float> phaseBuffer_; //!< the four stride phases of X and M (5x5 stride-2 Winograd)
};

}}} // namespace cv::inpainting::detail

#endif
