// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

#ifndef OPENCV_INPAINTING_PARTIAL_CONV_HPP
#define OPENCV_INPAINTING_PARTIAL_CONV_HPP

#include "opencv2/core.hpp"

namespace cv {
namespace inpainting {

//! @addtogroup inpainting_methods
//! @{

/** @brief Registers the module's custom OpenCV DNN layers with cv::dnn::LayerFactory.

After this call cv::dnn::readNetFromONNX() reads models containing the ONNX op
`PartialConv2d` of domain `org.opencv.inpainting` (layer type
`org.opencv.inpainting.PartialConv2d`), whoever calls it. Idempotent and thread-safe;
PartialConvInpainter::create() calls it itself.
*/
CV_EXPORTS_W void registerLayers();

/** @brief How the fused PartialConv2d layer computes its convolution of X*M.

Both give the same result up to float rounding (the tests bound the difference); the choice is
about speed. Every choice is deterministic: same input, same thread count, same output bytes.
*/
enum PartialConvImplementation
{
    PCONV_IMPL_AUTO = 0,   //!< per layer shape: OpenCV for <= 4 input channels; Winograd for 3x3 stride 1 and 5x5 stride 2 with outputs of at least 16x16; GEMM otherwise
    PCONV_IMPL_GEMM = 1,   //!< im2col with the mask multiply folded in, then OpenBLAS sgemm
    PCONV_IMPL_OPENCV = 2  //!< an internal OpenCV Convolution layer run on X*M
};

/** @brief Where PartialConvInpainter runs the network on a large image. */
enum PartialConvStrategy
{
    PCONV_STRATEGY_CROPS = 0, //!< crops around the holes with context (time and memory follow the hole area)
    PCONV_STRATEGY_WHOLE = 1  //!< the whole image at once, downscaled to the working size if larger
};

/** @brief Fills holes with a U-Net of partial convolutions @cite Liu2018 run by OpenCV DNN.

The model is an ONNX file in the format of `doc/model_format.md` (what `pconv_train export`
writes). Usage:
@code
    Ptr<inpainting::PartialConvInpainter> pconv = inpainting::PartialConvInpainter::create("model.onnx");
    pconv->apply(image, mask, result);
@endcode
*/
class CV_EXPORTS_W PartialConvInpainter : public Algorithm
{
public:
    /** @brief Loads a model file; an empty path loads the default model: embedded in the library,
    or its installed data file (detail::defaultModelBytes() says which).

    Raises cv::Exception naming the file when it is missing, empty, truncated, not ONNX, or not
    an inpainting model (inputs `image`/`mask`, output `output`), and StsObjectNotFound when the
    path is empty and there is no default model.
    */
    CV_WRAP static Ptr<PartialConvInpainter> create(const String& model = String());

    /** @brief Loads a model from the bytes of an ONNX file (same checks as create()). */
    CV_WRAP static Ptr<PartialConvInpainter> createFromBuffer(const std::vector<uchar>& onnx);

    /** @brief Fills the holes of @p image.

    @param image `CV_8U`, `CV_16U` or `CV_32F` (any finite values), 1, 3 or 4 channels, any size.
    Gray is run as BGR and converted back; alpha is copied through untouched. The network sees the
    image's intensities mapped from networkIntensityRange() to [0, 1] and its fill is mapped back
    (so a 12-bit scan in a 16-bit image, or a float image in other units, is not seen as black).
    @param mask `CV_8UC1`, same size, non-zero = hole.
    @param result Same size and type as @p image; pixels outside the hole are bit-identical to
    @p image. An all-hole mask gives the type's mid-grey (as inpainting::inpaint()).

    Thread safety: apply() may be called from several threads on one instance; the network runs
    one call at a time (the calls are serialised). For parallel speed create one instance per
    thread; instances share nothing and give the same bytes as a serial run. Do not call the
    setters while another thread is in apply().
    */
    CV_WRAP virtual void apply(InputArray image, InputArray mask, OutputArray result) = 0;

    //! cv::dnn::Backend of the network (default DNN_BACKEND_OPENCV).
    CV_WRAP virtual void setPreferableBackend(int backend) = 0;
    //! cv::dnn::Target of the network (default DNN_TARGET_CPU). DNN_TARGET_CUDA / CUDA_FP16 (with
    //! backend DNN_BACKEND_CUDA) switches to a graph of standard OpenCV layers with the same weights
    //! (custom layers cannot run on CUDA); needs an OpenCV built with CUDA.
    CV_WRAP virtual void setPreferableTarget(int target) = 0;
    //! The value set by setPreferableBackend().
    CV_WRAP virtual int getPreferableBackend() const = 0;
    //! The value set by setPreferableTarget().
    CV_WRAP virtual int getPreferableTarget() const = 0;

    //! #PartialConvStrategy (default PCONV_STRATEGY_CROPS).
    CV_WRAP virtual void setStrategy(int strategy) = 0;
    //! The value set by setStrategy().
    CV_WRAP virtual int getStrategy() const = 0;

    //! Largest side (pixels) the network runs at; larger regions are downscaled and only the fill
    //! is upscaled. Default: twice the model's training size.
    CV_WRAP virtual void setWorkingSize(int size) = 0;
    //! The value set by setWorkingSize().
    CV_WRAP virtual int getWorkingSize() const = 0;

    //! Minimum context margin (pixels) around each hole's bounding box in the crops strategy;
    //! the margin used is max(context, half the box's larger side). Default 64.
    CV_WRAP virtual void setContext(int pixels) = 0;
    //! The value set by setContext().
    CV_WRAP virtual int getContext() const = 0;

    //! Thickest hole (pixels: the diameter of the largest disc inside a hole) the network is run
    //! at: a region whose thickest hole is thicker is downscaled until it is this thick (as far as
    //! 2^layers pixels allow), the net runs, and only the fill is upscaled. A net fills holes well
    //! up to the size it was trained on; larger ones it fills better at reduced scale. The scale is
    //! the smaller of this and the working size's. 0 turns it off. Default: 3/8 of the training size.
    CV_WRAP virtual void setHoleThickness(int pixels) = 0;
    //! The value set by setHoleThickness().
    CV_WRAP virtual int getHoleThickness() const = 0;

    //! Width (pixels) of the band along a hole's edge where the fill of a region the scale policy
    //! shrinks is blended with a fill computed at full resolution (at most twice the working size
    //! on the region's longer side). Upscaled, the low-resolution fill carries structure into a
    //! large hole but lacks the detail of the known pixels next to it, which shows as a seam; the
    //! full-resolution fill continues that detail. At distance d (pixels of the finer fill) from the
    //! nearest known pixel the low-resolution fill weighs min(1, d / pixels). Costs a second
    //! network run on such regions. 0 turns it off. Default: 24.
    CV_WRAP virtual void setEdgeRefinement(int pixels) = 0;
    //! The value set by setEdgeRefinement().
    CV_WRAP virtual int getEdgeRefinement() const = 0;

    //! Hole parts at most this many pixels across, plus one (scratches, hair lines, wires), are
    //! filled by Navier-Stokes diffusion (cv::INPAINT_NS) after the network has filled the rest,
    //! with the network's fill as their known neighbours where they touch it. A partial
    //! convolution loses holes that thin after its first layer and leaves them dark; diffusion
    //! interpolates them from the immediate neighbours (doc/partial_conv.md, "Thin holes", has
    //! the cause and the numbers). A region with only thin holes does not run the network.
    //! 0 turns it off (the network fills everything). Default: 3.
    CV_WRAP virtual void setThinHoleWidth(int pixels) = 0;
    //! The value set by setThinHoleWidth().
    CV_WRAP virtual int getThinHoleWidth() const = 0;

    //! Runs the network a second time on the mirrored (left-right) region and averages the two
    //! fills, mirrored back. About twice the inference time; the fill no longer depends on which
    //! side of the hole the net reads first, which lowers its error slightly (doc/quality.md has
    //! the numbers). Default: off.
    CV_WRAP virtual void setFlipAveraging(bool enable) = 0;
    //! The value set by setFlipAveraging().
    CV_WRAP virtual bool getFlipAveraging() const = 0;

    //! #PartialConvImplementation of every PartialConv2d layer of the network (default AUTO).
    CV_WRAP virtual void setLayerImplementation(int implementation) = 0;
    //! The value set by setLayerImplementation().
    CV_WRAP virtual int getLayerImplementation() const = 0;

    //! Encoder depth of the model: the network runs at multiples of 2^layers.
    CV_WRAP virtual int getLayers() const = 0;
    //! Crop size the model was trained at (metadata `inpainting.train_size`, 256 when missing).
    CV_WRAP virtual int getTrainSize() const = 0;
};

/** @brief The intensity range [lo, hi] that PartialConvInpainter maps to the network's [0, 1]
(returned as (lo, hi); the fill is mapped back from [0, 1] to [lo, hi]).

Only the known pixels (mask == 0) and the colour channels (not alpha) count:
- `CV_8U`: (0, 255).
- `CV_16U`: (0, 2^b - 1) for the smallest b of 8, 10, 12, 14, 16 whose range holds the largest
  known value: a 12-bit CT/MR scan or a 10/12/14-bit camera raw stored in 16 bits is read at its
  own bit depth. The offset stays 0: values keep their meaning (0 is black).
- `CV_32F`: (0, 1) when every known value lies in [0, 1] (the module's convention for float
  images); otherwise the robust range of the known values, (q(0.001), q(0.999)), where q(f) is
  the value of rank floor(f (n - 1)) (low end) or ceil(f (n - 1)) (high end) among the n known
  values sorted ascending (every known pixel's channels; images of more than 2^21 known values use
  every k-th known pixel in raster order, k the smallest step that keeps at most 2^21 values). A
  few outliers (a specular highlight, a metal implant in a CT) thus do not compress the rest to
  black. If lo == hi, the range is (lo - 0.5, lo + 0.5).

An image without known pixels gives the type's nominal range. The classical methods do not use
this: they work in the image's own units.

@param image `CV_8U`, `CV_16U` or `CV_32F`, 1, 3 or 4 channels.
@param mask `CV_8UC1` of the same size, non-zero = hole.
*/
CV_EXPORTS_W Vec2d networkIntensityRange(InputArray image, InputArray mask);

//! @}

namespace detail {
/** The default model (ONNX bytes), empty when there is none: the file named by the environment
variable OPENCV_INPAINTING_DEFAULT_MODEL when it is set, else the copy compiled into the library,
else the data file installed with the module (`share/opencv4/inpainting/pconv_default.onnx` under
the install prefix; builds for non-ELF platforms cannot embed it). PartialConvInpainter::create()
with an empty path loads it. */
CV_EXPORTS std::vector<uchar> defaultModelBytes();
} // namespace detail

}} // namespace cv::inpainting

#endif
