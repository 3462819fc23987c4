// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

// What the fuzz targets share: reading typed fields from the fuzzer's bytes, building images of
// arbitrary type and size from them, and quiet OpenCV settings.

#ifndef OPENCV_INPAINTING_FUZZ_INPUT_HPP
#define OPENCV_INPAINTING_FUZZ_INPUT_HPP

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <cstdio>

#include "opencv2/core.hpp"
#include "opencv2/core/utils/logger.hpp"

namespace inpainting_fuzz {

//! Reads fields from the front of the input; past the end every field reads as 0.
class ByteReader
{
public:
    ByteReader(const uint8_t* data, size_t size) : data_(data), size_(size) {}

    uint8_t byte() { return pos_ < size_ ? data_[pos_++] : 0; }
    //! A value in [lo, hi] (inclusive) from one byte.
    int range(int lo, int hi) { return lo + (int)(byte() % (unsigned)(hi - lo + 1)); }

    //! The bytes that remain (used as pixel data).
    const uint8_t* rest() const { return data_ + pos_; }
    size_t restSize() const { return size_ - pos_; }

    //! Fills `m` with the remaining bytes, repeated cyclically (zeros if none are left), so that
    //! float images get every bit pattern: NaN, Inf, denormals.
    void fill(cv::Mat& m)
    {
        const size_t n = restSize();
        for (int y = 0; y < m.rows; y++)
        {
            uint8_t* row = m.ptr<uint8_t>(y);
            const size_t rowBytes = m.cols * m.elemSize();
            for (size_t i = 0; i < rowBytes; i++)
                row[i] = n ? rest()[(y * rowBytes + i) % n] : 0;
        }
    }

private:
    const uint8_t* data_;
    size_t size_;
    size_t pos_ = 0;
};

//! A Mat of any OpenCV depth (0..7) and 1..5 channels; empty when rows or cols is 0.
inline cv::Mat arbitraryImage(ByteReader& in, int maxSide)
{
    const int depth = in.range(0, 7);
    const int cn = in.range(1, 5);
    const int rows = in.range(0, maxSide), cols = in.range(0, maxSide);
    if (rows == 0 || cols == 0)
        return cv::Mat();
    cv::Mat m(rows, cols, CV_MAKETYPE(depth, cn));
    in.fill(m);
    return m;
}

//! Called once per process: one thread (reproducible runs, fewer false timeouts), no log noise.
inline void quietOpenCV()
{
    cv::setNumThreads(1);
    cv::utils::logging::setLogLevel(cv::utils::logging::LOG_LEVEL_SILENT);
}

//! A violated invariant: print it and abort, so that libFuzzer saves the input as a crash.
[[noreturn]] inline void invariantFailed(const char* what)
{
    std::fprintf(stderr, "fuzz invariant violated: %s\n", what);
    std::abort();
}

} // namespace inpainting_fuzz

#endif
