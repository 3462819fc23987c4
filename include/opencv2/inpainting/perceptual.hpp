// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

#ifndef OPENCV_INPAINTING_PERCEPTUAL_HPP
#define OPENCV_INPAINTING_PERCEPTUAL_HPP

#include "opencv2/core.hpp"

namespace cv {
namespace inpainting {

//! @addtogroup inpainting_metrics
//! @{

//! How FeatureNetwork turns an image into the network's input (after BGR -> RGB and scaling to [0, 1]).
enum FeatureNormalization
{
    //! (x - mean) / std with ImageNet's mean (0.485, 0.456, 0.406) and std (0.229, 0.224, 0.225), RGB:
    //! torchvision's VGG16 and Inception-v3
    FEATURE_NORM_IMAGENET = 0,
    //! 2x - 1, RGB: the TensorFlow Inception of the original FID code
    FEATURE_NORM_INCEPTION = 1,
    //! x, RGB
    FEATURE_NORM_UNIT = 2
};

/** @brief A user-supplied image network (ONNX or any format cv::dnn::readNet() reads) used as a
feature extractor for the perceptual metrics: the Fréchet distance @cite Heusel2017 (FID with an
Inception-v3 network) and the perceptual distance (VGG feature distance @cite Johnson2016).

No network weights ship with the module and none are downloaded: doc/quality.md says how to export
Inception-v3 and VGG16 to ONNX on a machine that has torchvision's weights.

The image (`CV_8U`, `CV_16U` or `CV_32F`, 1, 3 or 4 channels; gray is repeated to three channels,
alpha dropped) is scaled to [0, 1] by its type's range, converted to RGB, resized to the input size
(area interpolation when shrinking, bilinear otherwise; an empty size keeps the image's size, for
fully convolutional networks), normalised per channel as `(x - mean) / std`, and forwarded as one
1x3xHxW blob. The outputs are the network's unconnected outputs or the layers named by
setOutputNames().
*/
class CV_EXPORTS_W FeatureNetwork : public Algorithm
{
public:
    /** @brief Loads the network and checks it on a probe image.
    @param model Path of the network (e.g. `inception_v3_pool.onnx`).
    @param inputSize Size the images are resized to (Inception-v3: 299x299; VGG16: 224x224); empty =
    the image's own size.
    @param normalization One of #FeatureNormalization; setMean() and setStd() override it.

    Raises cv::Exception naming the file when it is missing, cannot be read as a network, does not
    take a 1x3xHxW image, or gives an empty or non-float output.
     */
    CV_WRAP static Ptr<FeatureNetwork> create(const String& model, Size inputSize = Size(),
                                              int normalization = FEATURE_NORM_IMAGENET);

    /** @brief Every output of the network for one image, as N-dimensional `CV_32F` Mats (N = 1). */
    CV_WRAP virtual void computeOutputs(InputArray image, OutputArrayOfArrays outputs) = 0;

    /** @brief One feature vector (1 x D, `CV_32F`) for the Fréchet distance: every output
    averaged over its spatial positions when it has them (an N x C x H x W output gives C values,
    the global average pooling of Inception's pool3), flattened otherwise, and concatenated. */
    CV_WRAP virtual void computeEmbedding(InputArray image, OutputArray embedding) = 0;

    //! Resize target (empty = keep the image's size); both sides > 0 or both 0.
    CV_WRAP virtual void setInputSize(Size size) = 0;
    //! The value set by setInputSize().
    CV_WRAP virtual Size getInputSize() const = 0;
    //! Per-channel mean subtracted after scaling to [0, 1], in RGB order.
    CV_WRAP virtual void setMean(const Scalar& mean) = 0;
    //! The value set by setMean() (or by the normalization preset).
    CV_WRAP virtual Scalar getMean() const = 0;
    //! Per-channel divisor applied after the mean, RGB order; every value must be > 0.
    CV_WRAP virtual void setStd(const Scalar& std) = 0;
    //! The value set by setStd() (or by the normalization preset).
    CV_WRAP virtual Scalar getStd() const = 0;
    //! Outputs used by computeOutputs() and computeEmbedding() (empty = the unconnected outputs).
    CV_WRAP virtual void setOutputNames(const std::vector<String>& names) = 0;
    //! The names of the outputs used.
    CV_WRAP virtual std::vector<String> getOutputNames() const = 0;
};

/** @brief The Fréchet distance between Gaussians fitted to two sets of feature vectors (FID when
the features are Inception-v3's pool3 of the results and of the truths).

`|mu1 - mu2|^2 + Tr(S1 + S2 - 2 (S1 S2)^(1/2))` with the sample means and the unbiased sample
covariances. The trace of the square root is computed without forming `S1 S2` (which is not
symmetric, so a general matrix square root would be needed and may come out complex from
rounding): the nonzero eigenvalues of `S1 S2` are the squared singular values of
`X1 X2^T / sqrt((n1 - 1)(n2 - 1))`, where the rows of `X1`, `X2` are the centred vectors, so the trace is the sum of
those singular values (SVD) when a set has fewer vectors than dimensions (the usual case for a
test set and Inception's 2048 features, where the covariances are singular); otherwise it is the
sum of the square roots of the eigenvalues of the symmetric `S1^(1/2) S2 S1^(1/2)` (symmetric
eigendecompositions only, negative rounding residue clamped at 0). Both are exact in exact
arithmetic and use only symmetric or orthogonal decompositions, which are backward stable.

@param features1 One vector per row (`CV_32F` or `CV_64F`), at least 2 rows.
@param features2 Same number of columns, at least 2 rows.
@return The distance, or NaN with a logged warning when a set has fewer than 2 vectors (no
covariance). Raises cv::Exception for empty input, different dimensions or non-finite values.
 */
CV_EXPORTS_W double frechetDistance(InputArray features1, InputArray features2);

/** @brief Perceptual distance: the mean absolute difference between the network's outputs for
@p result and for @p truth, averaged over the outputs (with VGG16 pool1-pool3 as outputs, the
"VGG feature distance" of the inpainting literature).
 */
CV_EXPORTS_W double perceptualDistance(const Ptr<FeatureNetwork>& network, InputArray result, InputArray truth);

//! @}

}} // namespace cv::inpainting

#endif
