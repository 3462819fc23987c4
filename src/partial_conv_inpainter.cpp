// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

// PartialConvInpainter: the model around OpenCV DNN. Pipeline per region (a crop around holes,
// or the whole image): to float BGR in [0, 1] -> downscale as the scale policy says (working
// size, hole thickness: partial_conv_scale.hpp) -> reflect-pad to a multiple of 2^layers -> net
// -> un-pad -> upscale the fill -> (a downscaled region: blend with a full-resolution fill along
// the hole's edge) -> composite the fill over the hole pixels only, in the input's type. Only the
// regions are ever converted to float, so memory and time follow the hole area, not the image
// area.

#include "precomp.hpp"
#include "opencv2/dnn.hpp"
#include "partial_conv_layer.hpp"
#include "partial_conv_model.hpp"
#include "partial_conv_scale.hpp"
#include "hole_regions.hpp"
#include "diffusion_fill.hpp"
#include "thin_holes.hpp"
#include "opencv2/photo.hpp"

#include <mutex>

namespace cv {
namespace inpainting {

namespace {

// Thickest hole the network runs at by default: 3/8 of the training crop, i.e. about the
// thickness of the large training holes of the module's mask generator at that size (its strokes
// and boxes scale with the image), 48 px for 128 px crops.
int defaultHoleThickness(int trainSize)
{
    return std::max(1, trainSize * 3 / 8);
}

bool isCudaTarget(int target)
{
    return target == dnn::DNN_TARGET_CUDA || target == dnn::DNN_TARGET_CUDA_FP16;
}

class PartialConvInpainterImpl CV_FINAL : public PartialConvInpainter
{
public:
    PartialConvInpainterImpl(const std::vector<uchar>& bytes, const std::string& source)
        : bytes_(detail::widenHalfInitializers(bytes)), source_(source)
    {
        net_ = detail::readModelNet(bytes_, source_, info_);
        workingSize_ = 2 * info_.trainSize;
        holeThickness_ = defaultHoleThickness(info_.trainSize);
        configureNet();
    }

    void apply(InputArray image, InputArray mask, OutputArray result) CV_OVERRIDE;

    void setPreferableBackend(int backend) CV_OVERRIDE
    {
        backend_ = backend;
        configureNet();
    }
    void setPreferableTarget(int target) CV_OVERRIDE
    {
        const bool rebuild = isCudaTarget(target) != isCudaTarget(target_);
        target_ = target;
        if (rebuild)
        {
            if (isCudaTarget(target_))
            {
                // OpenCV runs custom layers on the CPU only; on CUDA the same weights run as a
                // graph of standard layers (tested equal to the fused layer on the CPU).
                const std::vector<uchar> standard = detail::rewriteWithStandardOps(bytes_);
                net_ = dnn::readNetFromONNX(reinterpret_cast<const char*>(standard.data()), standard.size());
            }
            else
                net_ = detail::readModelNet(bytes_, source_, info_);
        }
        configureNet();
    }
    int getPreferableBackend() const CV_OVERRIDE { return backend_; }
    int getPreferableTarget() const CV_OVERRIDE { return target_; }

    void setStrategy(int strategy) CV_OVERRIDE
    {
        if (strategy != PCONV_STRATEGY_CROPS && strategy != PCONV_STRATEGY_WHOLE)
            CV_Error_(Error::StsBadArg, ("PartialConvInpainter::setStrategy: 'strategy' must be PCONV_STRATEGY_CROPS (0) or "
                                         "PCONV_STRATEGY_WHOLE (1), got %d", strategy));
        strategy_ = strategy;
    }
    int getStrategy() const CV_OVERRIDE { return strategy_; }

    void setWorkingSize(int size) CV_OVERRIDE
    {
        const int minSize = 1 << info_.layers;
        if (size < minSize || size > 16384)
            CV_Error_(Error::StsBadArg, ("PartialConvInpainter::setWorkingSize: 'size' must be in [%d, 16384] (2^layers "
                                         "of the model at least), got %d", minSize, size));
        workingSize_ = size;
    }
    int getWorkingSize() const CV_OVERRIDE { return workingSize_; }

    void setContext(int pixels) CV_OVERRIDE
    {
        if (pixels < 0)
            CV_Error_(Error::StsBadArg, ("PartialConvInpainter::setContext: 'pixels' must be >= 0, got %d", pixels));
        context_ = pixels;
    }
    int getContext() const CV_OVERRIDE { return context_; }

    void setHoleThickness(int pixels) CV_OVERRIDE
    {
        if (pixels < 0)
            CV_Error_(Error::StsBadArg, ("PartialConvInpainter::setHoleThickness: 'pixels' must be >= 0 (0 = off), got %d",
                                         pixels));
        holeThickness_ = pixels;
    }
    int getHoleThickness() const CV_OVERRIDE { return holeThickness_; }

    void setEdgeRefinement(int pixels) CV_OVERRIDE
    {
        if (pixels < 0)
            CV_Error_(Error::StsBadArg, ("PartialConvInpainter::setEdgeRefinement: 'pixels' must be >= 0 (0 = off), got %d",
                                         pixels));
        edgeRefinement_ = pixels;
    }
    int getEdgeRefinement() const CV_OVERRIDE { return edgeRefinement_; }

    void setThinHoleWidth(int pixels) CV_OVERRIDE
    {
        if (pixels < 0)
            CV_Error_(Error::StsBadArg, ("PartialConvInpainter::setThinHoleWidth: 'pixels' must be >= 0 (0 = off), got %d",
                                         pixels));
        thinHoleWidth_ = pixels;
    }
    int getThinHoleWidth() const CV_OVERRIDE { return thinHoleWidth_; }

    void setFlipAveraging(bool enable) CV_OVERRIDE { flipAveraging_ = enable; }
    bool getFlipAveraging() const CV_OVERRIDE { return flipAveraging_; }

    void setLayerImplementation(int implementation) CV_OVERRIDE
    {
        if (implementation < PCONV_IMPL_AUTO || implementation > PCONV_IMPL_OPENCV)
            CV_Error_(Error::StsBadArg, ("PartialConvInpainter::setLayerImplementation: 'implementation' must be a "
                                         "PartialConvImplementation (0..2), got %d", implementation));
        implementation_ = implementation;
        configureNet();
    }
    int getLayerImplementation() const CV_OVERRIDE { return implementation_; }

    int getLayers() const CV_OVERRIDE { return info_.layers; }
    int getTrainSize() const CV_OVERRIDE { return info_.trainSize; }

private:
    void configureNet()
    {
        net_.setPreferableBackend(backend_);
        net_.setPreferableTarget(target_);
        for (const String& name : net_.getLayerNames())
        {
            Ptr<dnn::Layer> layer = net_.getLayer(net_.getLayerId(name));
            if (detail::PartialConvLayer* pconv = dynamic_cast<detail::PartialConvLayer*>(layer.get()))
                pconv->setImplementation(implementation_);
        }
    }

    Mat runNet(const Mat& bgr, const Mat& hole);
    Mat predictAtScale(const Mat& colour, const Mat& hole, double scale, const Vec2d& range, Mat* scaledHole = nullptr);
    void fillRegion(const Mat& image, const Mat& mask, const Rect& region, const Vec2d& range, Mat& result);
    void fillWithNet(const Mat& image, const Mat& holeCrop, const Rect& region, const Mat& netPixels, const Vec2d& range,
                     Mat& result);

    std::vector<uchar> bytes_;
    std::string source_;
    detail::PartialConvModelInfo info_;
    dnn::Net net_;
    // dnn::Net keeps its inputs, blobs and the fused layers' work buffers inside: one forward at a
    // time. apply() from several threads on one instance is safe and serialised here; for
    // parallel speed use one instance per thread (tested: same bytes as serial runs).
    std::mutex netMutex_;
    int backend_ = dnn::DNN_BACKEND_OPENCV, target_ = dnn::DNN_TARGET_CPU;
    int strategy_ = PCONV_STRATEGY_CROPS, workingSize_ = 512, context_ = 64, implementation_ = PCONV_IMPL_AUTO;
    int holeThickness_ = 0, edgeRefinement_ = 24, thinHoleWidth_ = 3;
    bool flipAveraging_ = false;
};

// Runs the network on a float BGR image in [0, 1] whose hole pixels are zero; returns the
// prediction (CV_32FC3, same size, clamped to [0, 1]).
Mat PartialConvInpainterImpl::runNet(const Mat& bgr, const Mat& hole)
{
    std::lock_guard<std::mutex> lock(netMutex_);
    const int unit = 1 << info_.layers;
    const int H = std::max(unit, (bgr.rows + unit - 1) / unit * unit);
    const int W = std::max(unit, (bgr.cols + unit - 1) / unit * unit);
    // Padding: the image is mirrored (BORDER_REFLECT) and so is its mask, so a pad pixel is valid
    // exactly when the pixel it mirrors is known. Marking the whole pad as hole would make the
    // net invent a border it then conditions the real fill on, and marking it all valid would
    // present the zeros mirrored out of the hole as real content; mirrored known pixels are real
    // image statistics next to the border, which is the context the network was trained on.
    Mat padded, valid, paddedValid;
    copyMakeBorder(bgr, padded, 0, H - bgr.rows, 0, W - bgr.cols, BORDER_REFLECT);
    bitwise_not(hole, valid);
    copyMakeBorder(valid, paddedValid, 0, H - bgr.rows, 0, W - bgr.cols, BORDER_REFLECT);

    const int ishape[] = { 1, 3, H, W }, mshape[] = { 1, 1, H, W };
    Mat imageBlob(4, ishape, CV_32F), maskBlob(4, mshape, CV_32F);
    std::vector<Mat> planes;
    for (int c = 0; c < 3; c++)
        planes.emplace_back(H, W, CV_32F, imageBlob.ptr<float>(0, c));
    split(padded, planes);
    Mat maskPlane(H, W, CV_32F, maskBlob.ptr<float>());
    paddedValid.convertTo(maskPlane, CV_32F, 1.0 / 255.0);

    net_.setInput(imageBlob, "image");
    net_.setInput(maskBlob, "mask");
    Mat out = net_.forward("output");
    if (out.dims != 4 || out.size[0] != 1 || out.size[1] != 3 || out.size[2] != H || out.size[3] != W)
        CV_Error_(Error::StsBadSize, ("inpainting model '%s': output must be (1, 3, %d, %d) for a (1, 3, %d, %d) input",
                                      source_.c_str(), H, W, H, W));
    std::vector<Mat> outPlanes;
    for (int c = 0; c < 3; c++)
        outPlanes.push_back(Mat(H, W, CV_32F, out.ptr<float>(0, c))(Rect(0, 0, bgr.cols, bgr.rows)));
    Mat prediction;
    merge(outPlanes, prediction);
    // A NaN (a broken model) must not reach the caller's image; max/min drop it to 0.
    prediction = max(min(prediction, 1.0), 0.0);
    patchNaNs(prediction, 0.0);
    return prediction;
}

// The network's fill of a region (`colour`: the region in the image's type, BGR or gray; `hole`:
// its mask) run at `scale` (<= 1), at that scale's size: CV_32FC3 in [0, 1]; `scaledHole`, when
// given, receives the hole at that size.
//
// A scale below 1 downscales in the image's own type before anything else (a whole 24-megapixel
// image never exists as float): the image by area averaging, the mask so that a low-resolution
// pixel is a hole when any pixel it covers is (area average > 0). The mask stays binary, the net
// fills everything the full-resolution hole touches, and the hole's content cannot leak into the
// fill: every low-resolution pixel it reaches is a hole.
Mat PartialConvInpainterImpl::predictAtScale(const Mat& colour, const Mat& hole, double scale, const Vec2d& range,
                                             Mat* scaledHole)
{
    const bool downscale = scale < 1.0;
    Mat work = colour, workHole = hole;
    if (downscale)
    {
        const Size small(std::max(1, cvRound(colour.cols * scale)), std::max(1, cvRound(colour.rows * scale)));
        resize(colour, work, small, 0, 0, INTER_AREA);
        resize(hole, workHole, small, 0, 0, INTER_AREA);
        threshold(workHole, workHole, 0, 255, THRESH_BINARY);
    }
    Mat bgr;
    const double span = range[1] - range[0];
    work.convertTo(bgr, CV_32F, 1.0 / span, -range[0] / span); // networkIntensityRange() -> [0, 1]
    if (bgr.channels() == 1)
        cvtColor(bgr, bgr, COLOR_GRAY2BGR);
    bgr.setTo(Scalar::all(0), workHole); // the fill never depends on what the hole held
    Mat prediction = runNet(bgr, workHole);
    if (flipAveraging_)
    {
        Mat mirroredImage, mirroredHole;
        flip(bgr, mirroredImage, 1);
        flip(workHole, mirroredHole, 1);
        Mat mirrored = runNet(mirroredImage, mirroredHole);
        flip(mirrored, mirrored, 1);
        addWeighted(prediction, 0.5, mirrored, 0.5, 0.0, prediction);
    }
    if (scaledHole)
        *scaledHole = workHole;
    return prediction;
}

// Fills the hole pixels of `result` (a copy of `image`) inside `region`: the network fills the
// hole, and its thin parts (thin_holes.hpp) are then filled again by diffusion, which reads the
// network's fill where they touch it. A region whose hole is thin throughout skips the network.
void PartialConvInpainterImpl::fillRegion(const Mat& image, const Mat& mask, const Rect& region, const Vec2d& range,
                                          Mat& result)
{
    Mat holeCrop;
    compare(mask(region), 0, holeCrop, CMP_NE);
    Mat thin;
    if (thinHoleWidth_ > 0)
        thin = detail::thinHoleParts(holeCrop, thinHoleWidth_);
    const int thinCount = thin.empty() ? 0 : countNonZero(thin);
    if (thinCount < countNonZero(holeCrop))
        fillWithNet(image, holeCrop, region, thinCount > 0 ? holeCrop - thin : holeCrop, range, result);
    if (thinCount == 0)
        return;
    Mat dst = result(region), colour = dst, filled;
    if (dst.channels() == 4)
        cvtColor(dst, colour, COLOR_BGRA2BGR); // alpha is never inpainted
    detail::diffusionFill(colour, thin, filled, cv::INPAINT_NS);
    if (dst.channels() == 4)
    {
        Mat filled4 = dst.clone();
        const int fromTo[] = { 0, 0, 1, 1, 2, 2 };
        mixChannels(&filled, 1, &filled4, 1, fromTo, 3);
        filled = filled4;
    }
    filled.copyTo(dst, thin);
}

// Writes the network's prediction for the hole `holeCrop` of `region` into the `netPixels` (a
// subset of the hole) of `result`. Only this region is converted, scaled and run.
void PartialConvInpainterImpl::fillWithNet(const Mat& image, const Mat& holeCrop, const Rect& region,
                                           const Mat& netPixels, const Vec2d& range, Mat& result)
{
    Mat colour = image(region);
    if (image.channels() == 4)
        cvtColor(colour, colour, COLOR_BGRA2BGR); // alpha is never inpainted

    const double scale = detail::regionScale(holeCrop, workingSize_, holeThickness_, 1 << info_.layers);
    Mat prediction = predictAtScale(colour, holeCrop, scale, range);
    // Next to the hole's edge an upscaled low-resolution fill lacks the known pixels' detail (a
    // seam that costs SSIM there); a fill at full resolution continues it but carries less
    // structure deep into a large hole. Both are kept where each is better (doc/partial_conv.md).
    // The finer fill runs at full resolution up to twice the working size; the blend happens at
    // its resolution, so only one region-sized float image ever exists (the final upscale).
    const double fineScale = std::min(1.0, 2.0 * workingSize_ / std::max(region.width, region.height));
    if (edgeRefinement_ > 0 && fineScale > scale && countNonZero(holeCrop) < (int)holeCrop.total())
    {
        Mat fineHole;
        const Mat fine = predictAtScale(colour, holeCrop, fineScale, range, &fineHole);
        resize(prediction, prediction, fine.size(), 0, 0, INTER_LINEAR);
        Mat distance;
        distanceTransform(fineHole, distance, DIST_L2, DIST_MASK_PRECISE); // to the nearest known pixel
        // The band is measured in pixels of the finer fill: the seam is as wide as the net's pixels.
        const float perPixel = 1.f / edgeRefinement_;
        parallel_for_(Range(0, prediction.rows), [&](const Range& rows) {
            for (int y = rows.start; y < rows.end; y++)
            {
                const float* d = distance.ptr<float>(y);
                const Vec3f* f = fine.ptr<Vec3f>(y);
                Vec3f* p = prediction.ptr<Vec3f>(y);
                for (int x = 0; x < prediction.cols; x++)
                {
                    const float coarseWeight = d[x] * perPixel; // 0 on known pixels: not composited
                    if (coarseWeight < 1.f)
                        p[x] = f[x] + coarseWeight * (p[x] - f[x]);
                }
            }
        });
    }
    if (prediction.size() != region.size())
        resize(prediction, prediction, region.size(), 0, 0, INTER_LINEAR); // only the fill is upscaled

    if (image.channels() == 1)
        cvtColor(prediction, prediction, COLOR_BGR2GRAY);
    Mat fill;
    // [0, 1] -> networkIntensityRange(); integer types round and saturate.
    prediction.convertTo(fill, CV_MAKETYPE(image.depth(), prediction.channels()), range[1] - range[0], range[0]);
    Mat dst = result(region);
    if (image.channels() == 4)
    {
        Mat fill4 = dst.clone();
        const int fromTo[] = { 0, 0, 1, 1, 2, 2 };
        mixChannels(&fill, 1, &fill4, 1, fromTo, 3);
        fill = fill4;
    }
    fill.copyTo(dst, netPixels);
}

void PartialConvInpainterImpl::apply(InputArray _image, InputArray _mask, OutputArray _result)
{
    Mat image = _image.getMat();
    const Mat mask = _mask.getMat();
    detail::checkImageAndMask(image, mask, "image", "mask");
    if (detail::fillTrivialMask(image, mask, _result))
        return; // no hole, or nothing known to condition on: as every method
    // The output is the input with its holes filled. Writing into the caller's buffer (reused
    // across calls, no new pages) keeps the full-image cost to one copy; in-place is safe because
    // every region clears its hole pixels before reading them. The rest of the shared contract
    // (detail::fillHolesKeepingKnown) is kept per region: alpha copied through, hole content
    // never read, known pixels untouched.
    _result.create(image.size(), image.type());
    Mat result = _result.getMat();
    if (result.data != image.data)
        parallel_for_(Range(0, image.rows), [&](const Range& r) {
            Mat dst = result.rowRange(r.start, r.end); // a view: copyTo writes into it
            image.rowRange(r.start, r.end).copyTo(dst);
        });
    else
        image = result;

    const Mat coarse = detail::coarseHoleMap(mask);
    // One range for the whole image (its known pixels), so that neighbouring regions agree.
    const Vec2d range = networkIntensityRange(image, mask);
    if (strategy_ == PCONV_STRATEGY_WHOLE)
        fillRegion(image, mask, Rect(0, 0, image.cols, image.rows), range, result);
    else
        for (const Rect& region : detail::holeRegions(mask, coarse, context_))
            fillRegion(image, mask, region, range, result);
}

} // namespace

Ptr<PartialConvInpainter> PartialConvInpainter::create(const String& model)
{
    if (model.empty())
    {
        const std::vector<uchar> bytes = detail::defaultModelBytes();
        if (bytes.empty())
            CV_Error(Error::StsObjectNotFound, "PartialConvInpainter::create: no default model (none embedded in this build, no "
                                               "installed data file, or OPENCV_INPAINTING_DEFAULT_MODEL names a missing "
                                               "file); pass a model path ('model', an ONNX file in the format of doc/model_format.md)");
        return makePtr<PartialConvInpainterImpl>(bytes, "<embedded default model>");
    }
    return makePtr<PartialConvInpainterImpl>(detail::readModelFile(model), model);
}

Ptr<PartialConvInpainter> PartialConvInpainter::createFromBuffer(const std::vector<uchar>& onnx)
{
    return makePtr<PartialConvInpainterImpl>(onnx, "<buffer>");
}

}} // namespace cv::inpainting
