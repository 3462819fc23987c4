// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

// The intensity range the partial-convolution network sees as [0, 1] (networkIntensityRange()).

#include "precomp.hpp"

namespace cv {
namespace inpainting {

namespace {

// Sampled known values are capped at this many (2^21) so that a 24-megapixel float image costs
// one pass and a few megabytes.
const size_t kMaxSamples = size_t(1) << 21;

// The colour channels of the known pixels, as float, every `step`-th known pixel in raster order.
template <typename T>
std::vector<float> knownValues(const Mat& image, const Mat& mask, int colourChannels, size_t step)
{
    std::vector<float> values;
    const int cn = image.channels();
    size_t index = 0;
    for (int y = 0; y < image.rows; y++)
    {
        const T* row = image.ptr<T>(y);
        const uchar* m = mask.ptr<uchar>(y);
        for (int x = 0; x < image.cols; x++)
        {
            if (m[x])
                continue;
            if (index++ % step == 0)
                for (int c = 0; c < colourChannels; c++)
                    values.push_back((float)row[x * cn + c]);
        }
    }
    return values;
}

} // namespace

Vec2d networkIntensityRange(InputArray _image, InputArray _mask)
{
    const Mat image = _image.getMat(), mask = _mask.getMat();
    detail::checkImageAndMask(image, mask, "image", "mask");
    const int depth = image.depth();
    if (depth == CV_8U)
        return Vec2d(0, 255);
    const int known = (int)mask.total() - countNonZero(mask);
    if (known == 0)
        return Vec2d(0, detail::depthRange(depth));
    const int colourChannels = image.channels() == 4 ? 3 : image.channels();

    if (depth == CV_16U)
    {
        const int cn = image.channels();
        int maxValue = 0;
        for (int y = 0; y < image.rows; y++)
        {
            const ushort* row = image.ptr<ushort>(y);
            const uchar* m = mask.ptr<uchar>(y);
            for (int x = 0; x < image.cols; x++)
                if (!m[x])
                    for (int c = 0; c < colourChannels; c++)
                        maxValue = std::max(maxValue, (int)row[x * cn + c]);
        }
        for (int bits : { 8, 10, 12, 14 })
            if (maxValue <= (1 << bits) - 1)
                return Vec2d(0, (1 << bits) - 1);
        return Vec2d(0, 65535);
    }

    CV_Assert(depth == CV_32F);
    const size_t step = ((size_t)known * colourChannels + kMaxSamples - 1) / kMaxSamples;
    std::vector<float> values = knownValues<float>(image, mask, colourChannels, std::max<size_t>(1, step));
    const auto extremes = std::minmax_element(values.begin(), values.end());
    if (*extremes.first >= 0.f && *extremes.second <= 1.f)
        return Vec2d(0, 1);
    const size_t n = values.size();
    const size_t loRank = (size_t)std::floor(0.001 * (double)(n - 1));
    const size_t hiRank = (size_t)std::ceil(0.999 * (double)(n - 1));
    std::nth_element(values.begin(), values.begin() + loRank, values.end());
    const double lo = values[loRank];
    std::nth_element(values.begin(), values.begin() + hiRank, values.end());
    const double hi = values[hiRank];
    if (!(hi > lo))
        return Vec2d(lo - 0.5, lo + 0.5);
    return Vec2d(lo, hi);
}

}} // namespace cv::inpainting
