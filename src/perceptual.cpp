// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

// Perceptual metrics with a network the user supplies: the Fréchet distance of feature sets (FID)
// and the mean L1 distance of feature maps (VGG feature distance).

#include "precomp.hpp"
#include "opencv2/dnn.hpp"
#include "opencv2/core/utils/filesystem.hpp"
#include "opencv2/core/utils/logger.hpp"

namespace cv {
namespace inpainting {

namespace {

const double kNaN = std::numeric_limits<double>::quiet_NaN();

// A size a network can take when the user leaves the input size to the image (probe only).
const int kProbeSide = 64;

class FeatureNetworkImpl CV_FINAL : public FeatureNetwork
{
public:
    FeatureNetworkImpl(const String& model, Size inputSize, int normalization) : model_(model)
    {
        setInputSize(inputSize);
        switch (normalization)
        {
        case FEATURE_NORM_IMAGENET:
            mean_ = Scalar(0.485, 0.456, 0.406);
            std_ = Scalar(0.229, 0.224, 0.225);
            break;
        case FEATURE_NORM_INCEPTION:
            mean_ = Scalar::all(0.5);
            std_ = Scalar::all(0.5);
            break;
        case FEATURE_NORM_UNIT:
            mean_ = Scalar::all(0);
            std_ = Scalar::all(1);
            break;
        default:
            CV_Error_(Error::StsBadArg, ("FeatureNetwork::create: 'normalization' must be FEATURE_NORM_IMAGENET (0), "
                                         "FEATURE_NORM_INCEPTION (1) or FEATURE_NORM_UNIT (2), got %d", normalization));
        }
        if (model.empty())
            CV_Error(Error::StsBadArg, "FeatureNetwork::create: 'model' is empty (give the path of a network file)");
        if (!utils::fs::exists(model) || utils::fs::isDirectory(model))
            CV_Error_(Error::StsObjectNotFound, ("FeatureNetwork::create: model file '%s' not found", model.c_str()));
        try
        {
            net_ = dnn::readNet(model);
        }
        catch (const cv::Exception& e)
        {
            CV_Error_(Error::StsBadArg, ("FeatureNetwork::create: cannot read '%s' as a network: %s", model.c_str(), e.err.c_str()));
        }
        catch (const std::exception& e) // e.g. a protobuf exception from an importer
        {
            CV_Error_(Error::StsBadArg, ("FeatureNetwork::create: cannot read '%s' as a network: %s", model.c_str(), e.what()));
        }
        if (net_.empty())
            CV_Error_(Error::StsBadArg, ("FeatureNetwork::create: cannot read '%s' as a network", model.c_str()));
        // A network that cannot take an image fails here, once, with its file named, rather than
        // in the middle of a benchmark.
        const Size probeSize = inputSize_.empty() ? Size(kProbeSide, kProbeSide) : inputSize_;
        std::vector<Mat> outputs;
        forward(Mat(probeSize, CV_8UC3, Scalar::all(128)), outputs);
    }

    void computeOutputs(InputArray image, OutputArrayOfArrays _outputs) CV_OVERRIDE
    {
        std::vector<Mat> outputs;
        forward(checkedImage(image), outputs);
        if (_outputs.kind() != _InputArray::STD_VECTOR_MAT)
            CV_Error(Error::StsBadArg, "FeatureNetwork::computeOutputs: 'outputs' must be a std::vector<Mat>");
        std::vector<Mat>& dst = *static_cast<std::vector<Mat>*>(_outputs.getObj());
        dst.resize(outputs.size());
        for (size_t i = 0; i < outputs.size(); i++)
            dst[i] = outputs[i].clone(); // the network reuses its buffers on the next forward
    }

    void computeEmbedding(InputArray image, OutputArray embedding) CV_OVERRIDE
    {
        std::vector<Mat> outputs;
        forward(checkedImage(image), outputs);
        std::vector<float> values;
        for (const Mat& out : outputs)
        {
            if (out.dims == 4 && (size_t)out.size[2] * out.size[3] > 1)
            {
                // N x C x H x W: global average pooling over H x W, one value per channel.
                const int channels = out.size[1], plane = out.size[2] * out.size[3];
                for (int c = 0; c < channels; c++)
                {
                    const float* p = out.ptr<float>(0, c);
                    double sum = 0;
                    for (int i = 0; i < plane; i++)
                        sum += p[i];
                    values.push_back((float)(sum / plane));
                }
            }
            else
            {
                const float* p = out.ptr<float>();
                values.insert(values.end(), p, p + out.total());
            }
        }
        Mat(1, (int)values.size(), CV_32F, values.data()).copyTo(embedding);
    }

    void setInputSize(Size size) CV_OVERRIDE
    {
        if (size.width < 0 || size.height < 0 || (size.width == 0) != (size.height == 0))
            CV_Error_(Error::StsBadArg, ("FeatureNetwork: 'inputSize' must be empty or positive, got %dx%d",
                                         size.width, size.height));
        inputSize_ = size;
    }
    Size getInputSize() const CV_OVERRIDE { return inputSize_; }

    void setMean(const Scalar& mean) CV_OVERRIDE
    {
        for (int c = 0; c < 3; c++)
            if (!std::isfinite(mean[c]))
                CV_Error(Error::StsBadArg, "FeatureNetwork::setMean: 'mean' must be finite");
        mean_ = mean;
    }
    Scalar getMean() const CV_OVERRIDE { return mean_; }

    void setStd(const Scalar& std) CV_OVERRIDE
    {
        for (int c = 0; c < 3; c++)
            if (!(std[c] > 0) || !std::isfinite(std[c]))
                CV_Error_(Error::StsBadArg, ("FeatureNetwork::setStd: every value of 'std' must be finite and > 0, "
                                             "got %g in channel %d", std[c], c));
        std_ = std;
    }
    Scalar getStd() const CV_OVERRIDE { return std_; }

    void setOutputNames(const std::vector<String>& names) CV_OVERRIDE
    {
        const std::vector<String> layers = net_.getLayerNames();
        for (const String& name : names)
            if (std::find(layers.begin(), layers.end(), name) == layers.end())
                CV_Error_(Error::StsBadArg, ("FeatureNetwork::setOutputNames: '%s' has no layer named '%s'",
                                             model_.c_str(), name.c_str()));
        outputNames_ = names;
    }
    std::vector<String> getOutputNames() const CV_OVERRIDE
    {
        return outputNames_.empty() ? net_.getUnconnectedOutLayersNames() : outputNames_;
    }

    String getDefaultName() const CV_OVERRIDE { return "inpainting.FeatureNetwork"; }

    // The network's input for one image, as documented in the header.
    Mat blobFor(const Mat& image) const
    {
        Mat unit = detail::unitColour(image, CV_32F);
        if (unit.channels() == 1)
            cvtColor(unit, unit, COLOR_GRAY2BGR);
        cvtColor(unit, unit, COLOR_BGR2RGB);
        if (!inputSize_.empty() && unit.size() != inputSize_)
        {
            const bool shrinking = inputSize_.width < unit.cols && inputSize_.height < unit.rows;
            resize(unit, unit, inputSize_, 0, 0, shrinking ? INTER_AREA : INTER_LINEAR);
        }
        subtract(unit, Scalar(mean_[0], mean_[1], mean_[2]), unit);
        divide(unit, Scalar(std_[0], std_[1], std_[2]), unit);
        return dnn::blobFromImage(unit);
    }

    void forward(const Mat& image, std::vector<Mat>& outputs)
    {
        const std::vector<String> names = getOutputNames();
        try
        {
            net_.setInput(blobFor(image));
            net_.forward(outputs, names);
        }
        catch (const cv::Exception& e)
        {
            CV_Error_(Error::StsBadArg, ("FeatureNetwork: '%s' does not run on a 1x3x%dx%d image (is it an image "
                                         "network?): %s", model_.c_str(), image.rows, image.cols, e.err.c_str()));
        }
        if (outputs.empty())
            CV_Error_(Error::StsBadArg, ("FeatureNetwork: '%s' gave no output", model_.c_str()));
        for (size_t i = 0; i < outputs.size(); i++)
        {
            if (outputs[i].empty() || outputs[i].depth() != CV_32F)
                CV_Error_(Error::StsBadArg, ("FeatureNetwork: output '%s' of '%s' is %s; the metrics need a non-empty "
                                             "float tensor", names[i].c_str(), model_.c_str(),
                                             outputs[i].empty() ? "empty" : depthToString(outputs[i].depth())));
            if (!outputs[i].isContinuous())
                outputs[i] = outputs[i].clone();
            Mat flat = outputs[i].reshape(1, 1);
            if (!checkRange(flat))
                CV_Error_(Error::StsBadArg, ("FeatureNetwork: output '%s' of '%s' holds NaN or Inf",
                                             names[i].c_str(), model_.c_str()));
        }
    }

    static Mat checkedImage(InputArray _image)
    {
        const Mat image = _image.getMat();
        detail::checkImage(image, "image");
        return image;
    }

private:
    String model_;
    dnn::Net net_;
    Size inputSize_;
    Scalar mean_, std_;
    std::vector<String> outputNames_;
};

// Sum of the square roots of the (clamped) eigenvalues of a symmetric matrix.
double traceSqrtOfSymmetric(const Mat& symmetric)
{
    Mat eigenvalues;
    eigen(symmetric, eigenvalues);
    double total = 0;
    for (int i = 0; i < eigenvalues.rows; i++)
        total += std::sqrt(std::max(0.0, eigenvalues.at<double>(i)));
    return total;
}

// The symmetric square root V diag(sqrt(max(l, 0))) V^T of a symmetric positive semi-definite matrix.
Mat sqrtOfSymmetric(const Mat& symmetric)
{
    Mat eigenvalues, eigenvectors;
    eigen(symmetric, eigenvalues, eigenvectors); // rows of eigenvectors are the eigenvectors
    Mat scaled = eigenvectors.clone();
    for (int i = 0; i < scaled.rows; i++)
        scaled.row(i) *= std::sqrt(std::max(0.0, eigenvalues.at<double>(i)));
    return eigenvectors.t() * scaled;
}

Mat checkedFeatures(InputArray _features, const char* arg)
{
    const Mat features = _features.getMat();
    if (features.empty())
        CV_Error_(Error::StsBadArg, ("frechetDistance: '%s' is empty", arg));
    if (features.dims != 2 || features.channels() != 1 || (features.depth() != CV_32F && features.depth() != CV_64F))
        CV_Error_(Error::StsBadArg, ("frechetDistance: '%s' must be a 2-D CV_32FC1 or CV_64FC1 matrix (one vector per "
                                     "row), got %s", arg, typeToString(features.type()).c_str()));
    if (!checkRange(features))
        CV_Error_(Error::StsBadArg, ("frechetDistance: '%s' holds NaN or Inf", arg));
    Mat wide;
    features.convertTo(wide, CV_64F);
    return wide;
}

} // namespace

Ptr<FeatureNetwork> FeatureNetwork::create(const String& model, Size inputSize, int normalization)
{
    return makePtr<FeatureNetworkImpl>(model, inputSize, normalization);
}

double frechetDistance(InputArray _features1, InputArray _features2)
{
    const Mat x1 = checkedFeatures(_features1, "features1"), x2 = checkedFeatures(_features2, "features2");
    if (x1.cols != x2.cols)
        CV_Error_(Error::StsBadArg, ("frechetDistance: 'features1' has %d dimensions and 'features2' %d; they must agree",
                                     x1.cols, x2.cols));
    if (x1.rows < 2 || x2.rows < 2)
    {
        CV_LOG_WARNING(NULL, "inpainting::frechetDistance: a set has fewer than 2 vectors (" << x1.rows << " and "
                                 << x2.rows << "); a covariance needs 2, the distance is NaN");
        return kNaN;
    }
    const int d = x1.cols;
    Mat mu1, mu2;
    reduce(x1, mu1, 0, REDUCE_AVG, CV_64F);
    reduce(x2, mu2, 0, REDUCE_AVG, CV_64F);
    const Mat c1 = x1 - repeat(mu1, x1.rows, 1), c2 = x2 - repeat(mu2, x2.rows, 1);
    const double n1 = x1.rows - 1.0, n2 = x2.rows - 1.0;
    const Mat diff = mu1 - mu2;
    const double meanTerm = diff.dot(diff);
    // Tr S = sum of squares of the centred values / (n - 1).
    const double trace1 = c1.dot(c1) / n1, trace2 = c2.dot(c2) / n2;

    double traceSqrt;
    if (std::min(x1.rows, x2.rows) <= d)
    {
        // Few vectors: the singular values of C1 C2^T / sqrt(n1 n2), one row and column per vector.
        Mat cross = c1 * c2.t() / std::sqrt(n1 * n2), singular;
        SVD::compute(cross, singular, SVD::NO_UV);
        traceSqrt = sum(singular)[0];
    }
    else
    {
        const Mat s1 = c1.t() * c1 / n1, s2 = c2.t() * c2 / n2;
        const Mat root1 = sqrtOfSymmetric(s1);
        Mat inner = root1 * s2 * root1;
        inner = (inner + inner.t()) * 0.5; // symmetric to the last bit, as eigen() requires
        traceSqrt = traceSqrtOfSymmetric(inner);
    }
    // Rounding can push a distance of ~0 slightly below it.
    return std::max(0.0, meanTerm + trace1 + trace2 - 2.0 * traceSqrt);
}

double perceptualDistance(const Ptr<FeatureNetwork>& network, InputArray _result, InputArray _truth)
{
    if (network.empty())
        CV_Error(Error::StsBadArg, "perceptualDistance: 'network' is empty (create it with FeatureNetwork::create)");
    const Mat result = _result.getMat(), truth = _truth.getMat();
    detail::checkSameSizeAndType(result, truth, "perceptualDistance", "result", "truth");
    std::vector<Mat> a, b;
    network->computeOutputs(result, a);
    network->computeOutputs(truth, b);
    double total = 0;
    for (size_t i = 0; i < a.size(); i++)
        total += norm(a[i].reshape(1, 1), b[i].reshape(1, 1), NORM_L1) / (double)a[i].total();
    return total / a.size();
}

}} // namespace cv::inpainting
