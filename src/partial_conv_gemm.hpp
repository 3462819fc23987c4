// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

// The matrix product of the fused layer's GEMM and Winograd engines: OpenBLAS when the build has
// it (INPAINTING_HAVE_OPENBLAS), cv::gemm otherwise, so the module builds without OpenBLAS as an
// OpenCV contrib module (slower, same results within float rounding).

#ifndef OPENCV_INPAINTING_PARTIAL_CONV_GEMM_HPP
#define OPENCV_INPAINTING_PARTIAL_CONV_GEMM_HPP

namespace cv {
namespace inpainting {
namespace detail {

/** C (M x N) = A (M x K) * B (K x N), all row-major float with leading dimensions @p lda, @p ldb,
@p ldc (elements between rows). Deterministic for a thread count: the same bytes on every run. */
void multiplyRowMajor(int M, int N, int K, const float* A, int lda, const float* B, int ldb, float* C, int ldc);

//! The same product with cv::gemm, whatever the build (the fallback, tested against OpenBLAS).
void multiplyRowMajorWithOpenCV(int M, int N, int K, const float* A, int lda, const float* B, int ldb, float* C,
                                int ldc);

//! Whether multiplyRowMajor() runs OpenBLAS in this build.
bool haveOpenBlas();

}}} // namespace cv::inpainting::detail

#endif
