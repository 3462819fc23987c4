// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

#include "precomp.hpp"
#include "gradient_measures.hpp"

namespace cv {
namespace inpainting {

namespace {

const double kMaxPsnr = 100.0;

double psnrFromMse(double mse)
{
    return mse <= std::pow(10.0, -kMaxPsnr / 10.0) ? kMaxPsnr : 10.0 * std::log10(1.0 / mse);
}

// SSIM of one CV_64FC1 plane pair: mean over the "valid" windows (entirely inside the image).
double planeSsim(const Mat& x, const Mat& y)
{
    const int window = 11;
    const double sigma = 1.5, c1 = 0.01 * 0.01, c2 = 0.03 * 0.03;
    const Mat g = getGaussianKernel(window, sigma, CV_64F);
    auto blur = [&](const Mat& src) { Mat dst; sepFilter2D(src, dst, CV_64F, g, g, Point(-1, -1), 0, BORDER_REFLECT); return dst; };

    const Mat muX = blur(x), muY = blur(y);
    // (Co)variances as E[ab] - E[a]E[b] cancel catastrophically when the values are large next to
    // their spread (a float image far outside [0, 1]: SSIM came out as Inf). They do not change
    // when each image is shifted by a constant, so they are computed on the images minus their
    // own means, which is exact in theory and stable in practice; variances are clamped at 0
    // against the rounding that remains. Then the denominator is always > 0 and SSIM finite.
    const Mat xc = x - mean(x)[0], yc = y - mean(y)[0];
    const Mat muXc = blur(xc), muYc = blur(yc);
    const Mat sxx = max(blur(xc.mul(xc)) - muXc.mul(muXc), 0.0);
    const Mat syy = max(blur(yc.mul(yc)) - muYc.mul(muYc), 0.0);
    const Mat sxy = blur(xc.mul(yc)) - muXc.mul(muYc);
    const Mat num = (2 * muX.mul(muY) + c1).mul(2 * sxy + c2);
    const Mat den = (muX.mul(muX) + muY.mul(muY) + c1).mul(sxx + syy + c2);
    Mat map;
    divide(num, den, map);
    // Windows centred at least r pixels from the edge never read the border extension.
    const int r = window / 2;
    return mean(map(Rect(r, r, x.cols - 2 * r, x.rows - 2 * r)))[0];
}

double meanSsim(const Mat& x, const Mat& y) // CV_64F, same size and channels
{
    std::vector<Mat> xs, ys;
    split(x, xs);
    split(y, ys);
    double total = 0;
    for (size_t c = 0; c < xs.size(); c++)
        total += planeSsim(xs[c], ys[c]);
    return total / xs.size();
}

} // namespace

double ssim(InputArray _a, InputArray _b)
{
    Mat a = _a.getMat(), b = _b.getMat();
    detail::checkSameSizeAndType(a, b, "ssim", "a", "b");
    if (a.cols < 11 || a.rows < 11)
        CV_Error_(Error::StsBadSize, ("ssim: images must be at least 11x11 (the window), got %dx%d", a.cols, a.rows));
    const int depth = a.depth();
    if (depth != CV_8U && depth != CV_16U && depth != CV_32F)
        CV_Error_(Error::StsUnsupportedFormat, ("ssim: images must be CV_8U, CV_16U or CV_32F, got %s", depthToString(depth)));
    if (a.channels() != 1 && a.channels() != 3 && a.channels() != 4)
        CV_Error_(Error::StsUnsupportedFormat, ("ssim: images must have 1, 3 or 4 channels, got %d", a.channels()));
    detail::checkFinite(a, "ssim", "a");
    detail::checkFinite(b, "ssim", "b");
    return meanSsim(detail::unitColour(a), detail::unitColour(b));
}

InpaintingMetrics evaluate(InputArray _result, InputArray _truth, InputArray _mask)
{
    Mat result = _result.getMat(), truth = _truth.getMat(), mask = _mask.getMat();
    detail::checkSameSizeAndType(result, truth, "evaluate", "result", "truth");
    detail::checkImageAndMask(truth, mask, "truth", "mask");
    detail::checkFinite(result, "evaluate", "result");

    const Mat x = detail::unitColour(result), y = detail::unitColour(truth);
    const Mat hole = detail::binaryHoleMask(mask);
    const int cn = x.channels();

    Mat diff;
    absdiff(x, y, diff);
    const Mat sq = diff.mul(diff);

    auto channelMean = [cn](const Scalar& perChannel) {
        double total = 0;
        for (int c = 0; c < cn; c++)
            total += perChannel[c];
        return total / cn;
    };
    InpaintingMetrics m;
    m.mse = channelMean(mean(sq));
    m.psnr = psnrFromMse(m.mse);
    const bool hasHole = countNonZero(hole) > 0;
    if (hasHole)
    {
        m.l1Hole = channelMean(mean(diff, hole));
        m.mseHole = channelMean(mean(sq, hole));
    }
    // Undefined without a hole; gradientRatio() and detailError() would log a warning for every such call.
    m.gradientRatio = m.detailError = std::numeric_limits<double>::quiet_NaN();
    if (hasHole)
        detail::gradientMeasures(x, y, hole, m.gradientRatio, m.detailError);
    m.psnrHole = psnrFromMse(m.mseHole);
    // SSIM's 11x11 window does not fit smaller images: the metric is undefined there.
    m.ssim = (x.cols >= 11 && x.rows >= 11) ? meanSsim(x, y) : std::numeric_limits<double>::quiet_NaN();
    return m;
}

}} // namespace cv::inpainting
