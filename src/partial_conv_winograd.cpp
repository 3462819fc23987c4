// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

// Winograd F(4x4, 3x3) (Lavin & Gray 2016) for the 3x3 stride-1 partial convolutions. With 6x6
// input tiles and 4x4 output tiles, a 3x3 convolution over C channels costs 36 multiply-adds per
// tile and channel pair instead of 144: the work is 36 independent GEMMs (O x C) * (C x tiles),
// which OpenBLAS runs near its peak, plus transforms that are linear in C and O.
//
// The partial convolution's own parts stay exact and outside the transforms: the mask window sums
// and the renormalisation are computed by the layer (box sums in double); this engine only
// computes conv(X*M), with the mask multiply folded into the input transform's first read, and
// applies the layer's epilogue (ratio, bias, update, activation) as the inverse transform writes
// each output row. Only conv(X*M) carries the Winograd rounding error (bound: doc/partial_conv.md).
//
// Blocking: the tiles are processed in blocks of whole tile rows, sized so that the transformed
// input and the GEMM output of a block (36 * (C + O) floats per tile) stay near kBlockBytes, i.e.
// in the shared L3 with room to spare, while every GEMM still gets a wide N (kMinBlockTiles).

#include "precomp.hpp"
#include "partial_conv_winograd.hpp"
#include "partial_conv_gemm.hpp"


namespace cv {
namespace inpainting {
namespace detail {

namespace {

const int kTile = 4;         // output tile side (m)
const int kInTile = 6;       // input tile side (m + r - 1)
const int kPoints = kInTile * kInTile;
// Bytes of transformed input plus GEMM output per block of tiles, and the fewest tiles a block
// has whatever its bytes: each of the 36 GEMMs packs its (O x C) weights again per block, so deep
// layers (C + O >= 1024, a few tiles per row) need wide blocks to amortise that (measured on the
// layer benchmark's shapes, doc/partial_conv.md: 4 MB / 256 tiles beat 4 MB / 64 by up to 2.5x on
// deep layers and 8 or 16 MB gained nothing).
const size_t kBlockBytes = (size_t)4 << 20;
const int kMinBlockTiles = 256;

// B^T of F(4, 3) applied to d0..d5, written as the sums the points 0, +-1, +-2 give; the same
// six expressions serve the column and the row pass.
#define WINOGRAD_BT(d0, d1, d2, d3, d4, d5, o0, o1, o2, o3, o4, o5)                   \
    {                                                                                  \
        o0 = 4.f * (d0) - 5.f * (d2) + (d4);                                           \
        o1 = -4.f * ((d1) + (d2)) + ((d3) + (d4));                                     \
        o2 = 4.f * ((d1) - (d2)) + ((d4) - (d3));                                      \
        o3 = 2.f * ((d3) - (d1)) + ((d4) - (d2));                                      \
        o4 = 2.f * ((d1) - (d3)) + ((d4) - (d2));                                      \
        o5 = 4.f * (d1) - 5.f * (d3) + (d5);                                           \
    }

// A^T of F(4, 3): four outputs from six points.
#define WINOGRAD_AT(a0, a1, a2, a3, a4, a5, o0, o1, o2, o3)                            \
    {                                                                                  \
        const float p12 = (a1) + (a2), m12 = (a1) - (a2);                              \
        const float p34 = (a3) + (a4), m34 = (a3) - (a4);                              \
        o0 = (a0) + p12 + p34;                                                         \
        o1 = m12 + 2.f * m34;                                                          \
        o2 = p12 + 4.f * p34;                                                          \
        o3 = m12 + 8.f * m34 + (a5);                                                   \
    }

// The transforms are a few adds per value over wide rows: compiled for AVX2 + FMA as well as the
// baseline, the CPU picking the clone at load time (GCC ifunc), since the library itself is built
// for the baseline x86-64. FMA contraction makes the two clones' low bits differ, which is fine:
// determinism is per machine and thread count.
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && defined(__linux__)
#define INPAINTING_TRANSFORM_CLONES __attribute__((target_clones("arch=x86-64-v3", "default")))
#else
#define INPAINTING_TRANSFORM_CLONES
#endif

// The transform loops read 6 rows and write 6 (or 4) others: more pointer pairs than the
// vectoriser's runtime alias checks cover, so they are told that the rows do not overlap.
#if defined(__GNUC__) && !defined(__clang__)
#define INPAINTING_NO_ALIAS _Pragma("GCC ivdep")
#else
#define INPAINTING_NO_ALIAS
#endif

// G of F(4, 3) (6x3), in double for the one-time weight transform.
const double kG[kInTile][3] = {
    { 1.0 / 4, 0, 0 },
    { -1.0 / 6, -1.0 / 6, -1.0 / 6 },
    { -1.0 / 6, 1.0 / 6, -1.0 / 6 },
    { 1.0 / 24, 1.0 / 12, 1.0 / 6 },
    { 1.0 / 24, -1.0 / 12, 1.0 / 6 },
    { 0, 0, 1 },
};

// Transformed input of one channel over one tile row: V[point][tile] for the row's tw tiles.
// rows holds the 6 masked input rows of wp = 4 * (tw + 1) floats (zero-padded to whole groups of
// 4); with reuseTop its first two rows already hold the previous tile row's last two (tile rows
// overlap by 2 input rows), so only 4 are read. tmp is scratch of 6 * wp floats.
INPAINTING_TRANSFORM_CLONES
void inputTileRow(const float* xp, const float* mp, int H, int W, int iy0, int padLeft, int tw, bool reuseTop,
                  float* rows, float* tmp, float* v, size_t pointStride)
{
    const int wp = kTile * (tw + 1);
    if (reuseTop)
        std::memcpy(rows, rows + 4 * wp, 2 * wp * sizeof(float));
    // The masked, zero-padded input rows; the mask multiply is folded into this first read.
    const int xlo = std::min(std::max(padLeft, 0), wp), xhi = std::max(xlo, std::min(wp, padLeft + W));
    for (int i = reuseTop ? 2 : 0; i < kInTile; i++)
    {
        float* r = rows + i * wp;
        const int iy = iy0 + i;
        if (iy < 0 || iy >= H)
        {
            std::fill(r, r + wp, 0.f);
            continue;
        }
        const float* xr = xp + (size_t)iy * W - padLeft;
        const float* mr = mp + (size_t)iy * W - padLeft;
        std::fill(r, r + xlo, 0.f);
        for (int x = xlo; x < xhi; x++)
            r[x] = xr[x] * mr[x];
        std::fill(r + xhi, r + wp, 0.f);
    }
    // Column pass (B^T along y), contiguous in x.
    const float *r0 = rows, *r1 = rows + wp, *r2 = rows + 2 * wp, *r3 = rows + 3 * wp, *r4 = rows + 4 * wp,
                *r5 = rows + 5 * wp;
    INPAINTING_NO_ALIAS
    for (int x = 0; x < wp; x++)
        WINOGRAD_BT(r0[x], r1[x], r2[x], r3[x], r4[x], r5[x], tmp[x], tmp[wp + x], tmp[2 * wp + x], tmp[3 * wp + x],
                    tmp[4 * wp + x], tmp[5 * wp + x]);
    // Row pass (B^T along x). Tile tx reads x = 4tx .. 4tx+5: the row is first split into its 4
    // phases (a complete interleaved group, which compilers vectorise; the overlapping 6-wide
    // windows are not), then every tile's transform is a contiguous loop over tx.
    // Point (k, l) of tile tx goes to v[(6k + l) * pointStride + tx].
    float* e0 = rows + kInTile * wp; // 4 phases of tw + 1 values after the rows
    float *e1 = e0 + (tw + 1), *e2 = e1 + (tw + 1), *e3 = e2 + (tw + 1);
    for (int k = 0; k < kInTile; k++)
    {
        const float* t = tmp + k * wp;
        for (int g = 0; g <= tw; g++)
        {
            e0[g] = t[4 * g];
            e1[g] = t[4 * g + 1];
            e2[g] = t[4 * g + 2];
            e3[g] = t[4 * g + 3];
        }
        float* v0 = v + (size_t)(k * kInTile) * pointStride;
        float *v1 = v0 + pointStride, *v2 = v1 + pointStride, *v3 = v2 + pointStride, *v4 = v3 + pointStride,
              *v5 = v4 + pointStride;
        INPAINTING_NO_ALIAS
        for (int tx = 0; tx < tw; tx++)
            WINOGRAD_BT(e0[tx], e1[tx], e2[tx], e3[tx], e0[tx + 1], e1[tx + 1], v0[tx], v1[tx], v2[tx], v3[tx], v4[tx],
                        v5[tx]);
    }
}

// Inverse transform of one output channel over one tile row, then the epilogue into y's rows.
// m[(6k + l) * pointStride + tx] holds the GEMM output of point (k, l) of tile tx.
INPAINTING_TRANSFORM_CLONES
void outputTileRow(const float* m, size_t pointStride, int tw, int oy0, Size out, float bias,
                   const PartialConvEpilogue& e, float* s, float* rowBuf, float* y)
{
    // Column pass: s[(i * 6 + l) * tw + tx], i < 4, contiguous in tx.
    for (int l = 0; l < kInTile; l++)
    {
        const float* a = m + (size_t)l * pointStride;
        float* s0 = s + (0 * kInTile + l) * tw;
        float* s1 = s + (1 * kInTile + l) * tw;
        float* s2 = s + (2 * kInTile + l) * tw;
        float* s3 = s + (3 * kInTile + l) * tw;
        const size_t st = (size_t)kInTile * pointStride;
        INPAINTING_NO_ALIAS
        for (int tx = 0; tx < tw; tx++)
            WINOGRAD_AT(a[tx], a[st + tx], a[2 * st + tx], a[3 * st + tx], a[4 * st + tx], a[5 * st + tx],
                        s0[tx], s1[tx], s2[tx], s3[tx]);
    }
    // Row pass per output row i, interleaved into the row's pixel order, then the epilogue.
    const int rowsHere = std::min(kTile, out.height - oy0);
    for (int i = 0; i < rowsHere; i++)
    {
        const float* b = s + i * kInTile * tw;
        INPAINTING_NO_ALIAS
        for (int tx = 0; tx < tw; tx++)
        {
            float* r = rowBuf + kTile * tx;
            WINOGRAD_AT(b[tx], b[tw + tx], b[2 * tw + tx], b[3 * tw + tx], b[4 * tw + tx], b[5 * tw + tx], r[0],
                        r[1], r[2], r[3]);
        }
        const size_t p0 = (size_t)(oy0 + i) * out.width;
        const float* ratio = e.ratio + p0;
        const float* upd = e.upd + p0;
        float* yr = y + p0;
        switch (e.activation.kind)
        {
        case PartialConvActivation::NONE:
            for (int x = 0; x < out.width; x++)
                yr[x] = (rowBuf[x] * ratio[x] + bias) * upd[x];
            break;
        case PartialConvActivation::RELU:
            for (int x = 0; x < out.width; x++)
                yr[x] = std::max((rowBuf[x] * ratio[x] + bias) * upd[x], 0.f);
            break;
        default:
        {
            const float slope = e.activation.slope;
            for (int x = 0; x < out.width; x++)
            {
                // max(v, 0) + slope * min(v, 0): v or slope * v exactly, in a form that vectorises.
                const float v = (rowBuf[x] * ratio[x] + bias) * upd[x];
                yr[x] = std::max(v, 0.f) + slope * std::min(v, 0.f);
            }
        }
        }
    }
}

} // namespace

bool PartialConvWinograd::applicable(int kernelH, int kernelW, int strideH, int strideW, int dilationH, int dilationW)
{
    return kernelH == 3 && kernelW == 3 && strideH == 1 && strideW == 1 && dilationH == 1 && dilationW == 1;
}

void PartialConvWinograd::setWeights(const Mat& weights, int outChannels, int inChannels)
{
    CV_Assert(weights.type() == CV_32F && weights.rows == outChannels && weights.cols == inChannels * 9);
    outChannels_ = outChannels;
    inChannels_ = inChannels;
    u_.assign((size_t)kPoints * outChannels * inChannels, 0.f);
    const size_t pointStride = (size_t)outChannels * inChannels;
    for (int o = 0; o < outChannels; o++)
        for (int c = 0; c < inChannels; c++)
        {
            const float* g = weights.ptr<float>(o) + c * 9;
            // U = G g G^T in double, rounded once to float.
            double gt[kInTile][3];
            for (int a = 0; a < kInTile; a++)
                for (int j = 0; j < 3; j++)
                    gt[a][j] = kG[a][0] * g[j] + kG[a][1] * g[3 + j] + kG[a][2] * g[6 + j];
            for (int a = 0; a < kInTile; a++)
                for (int b = 0; b < kInTile; b++)
                {
                    const double v = gt[a][0] * kG[b][0] + gt[a][1] * kG[b][1] + gt[a][2] * kG[b][2];
                    u_[(size_t)(a * kInTile + b) * pointStride + (size_t)o * inChannels + c] = (float)v;
                }
        }
}

void PartialConvWinograd::run(const std::vector<const float*>& xPlanes, const std::vector<const float*>& mPlanes,
                              int H, int W, int padTop, int padLeft, Size out, const PartialConvEpilogue& epilogue,
                              float* y)
{
    const int C = inChannels_, O = outChannels_;
    CV_Assert(!u_.empty() && (int)xPlanes.size() == C && (int)mPlanes.size() == C);
    const int tw = (out.width + kTile - 1) / kTile, th = (out.height + kTile - 1) / kTile;
    const size_t bytesPerTileRow = (size_t)tw * kPoints * (C + O) * sizeof(float);
    const int rowsForMin = (kMinBlockTiles + tw - 1) / tw;
    const int rowsPerBlock = (int)std::min<size_t>(th, std::max<size_t>(rowsForMin, kBlockBytes / bytesPerTileRow));
    const size_t maxTiles = (size_t)rowsPerBlock * tw;
    v_.resize((size_t)kPoints * C * maxTiles);
    m_.resize((size_t)kPoints * O * maxTiles);
    const int wp = kTile * (tw + 1);

    for (int ty0 = 0; ty0 < th; ty0 += rowsPerBlock)
    {
        const int rows = std::min(rowsPerBlock, th - ty0);
        const int tiles = rows * tw;
        // V[point][c][tile] of this block; work items are (channel, tile row) pairs.
        float* v = v_.data();
        const size_t vPointStride = (size_t)C * tiles;
        parallel_for_(Range(0, C * rows), [&](const Range& r) {
            // rows (6 * wp), the row pass's phases (4 * (tw + 1)), tmp (6 * wp)
            std::vector<float> scratch((size_t)12 * wp + 4 * (tw + 1));
            float* rowBuf = scratch.data();
            float* tmp = rowBuf + 6 * wp + 4 * (tw + 1);
            for (int item = r.start; item < r.end; item++)
            {
                const int c = item / rows, row = item % rows;
                const bool reuseTop = item > r.start && row > 0; // the previous item was row - 1 of c
                inputTileRow(xPlanes[c], mPlanes[c], H, W, (ty0 + row) * kTile - padTop, padLeft, tw, reuseTop, rowBuf,
                             tmp, v + (size_t)c * tiles + (size_t)row * tw, vPointStride);
            }
        });
        // M[point] (O x tiles) = U[point] (O x C) * V[point] (C x tiles). OpenBLAS (or cv::gemm) threads
        // inside each product and partitions the output statically: the bytes do not depend on timing.
        float* m = m_.data();
        const size_t mPointStride = (size_t)O * tiles;
        for (int p = 0; p < kPoints; p++)
            multiplyRowMajor(O, tiles, C, u_.data() + (size_t)p * O * C, C, v + p * vPointStride, tiles,
                             m + p * mPointStride, tiles);
        // Inverse transform and epilogue; work items are (output channel, tile row) pairs.
        parallel_for_(Range(0, O * rows), [&](const Range& r) {
            std::vector<float> scratch((size_t)kTile * kInTile * tw + (size_t)kTile * tw);
            for (int item = r.start; item < r.end; item++)
            {
                const int o = item / rows, row = item % rows;
                outputTileRow(m + (size_t)o * tiles + (size_t)row * tw, mPointStride, tw, (ty0 + row) * kTile, out,
                              epilogue.bias[o], epilogue, scratch.data(), scratch.data() + kTile * kInTile * tw,
                              y + (size_t)o * out.area());
            }
        });
    }
}

}}} // namespace cv::inpainting::detail
