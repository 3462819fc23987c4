// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

#include "precomp.hpp"
#include "partial_conv_gemm.hpp"

#ifdef INPAINTING_HAVE_OPENBLAS
#include <cblas.h>
#endif

namespace cv {
namespace inpainting {
namespace detail {

void multiplyRowMajorWithOpenCV(int M, int N, int K, const float* A, int lda, const float* B, int ldb, float* C,
                                int ldc)
{
    // Headers over the caller's buffers: cv::gemm writes into C in place (same size and type).
    const Mat a(M, K, CV_32F, const_cast<float*>(A), (size_t)lda * sizeof(float));
    const Mat b(K, N, CV_32F, const_cast<float*>(B), (size_t)ldb * sizeof(float));
    Mat c(M, N, CV_32F, C, (size_t)ldc * sizeof(float));
    gemm(a, b, 1.0, noArray(), 0.0, c);
    CV_Assert(c.data == reinterpret_cast<uchar*>(C)); // never reallocated
}

void multiplyRowMajor(int M, int N, int K, const float* A, int lda, const float* B, int ldb, float* C, int ldc)
{
#ifdef INPAINTING_HAVE_OPENBLAS
    // OpenBLAS runs this on its own thread pool, sized by OPENBLAS_NUM_THREADS or
    // openblas_set_num_threads() (default: all cores); the module never changes it, since that
    // setting is process-wide. sgemm partitions the output, not K, statically, so the same thread
    // count gives the same bytes.
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, M, N, K, 1.f, A, lda, B, ldb, 0.f, C, ldc);
#else
    multiplyRowMajorWithOpenCV(M, N, K, A, lda, B, ldb, C, ldc);
#endif
}

bool haveOpenBlas()
{
#ifdef INPAINTING_HAVE_OPENBLAS
    return true;
#else
    return false;
#endif
}

}}} // namespace cv::inpainting::detail
