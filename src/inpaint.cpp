// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

// The one entry point of the module's methods. The classical baselines come from OpenCV's photo
// and xphoto modules; this file gives them one mask convention and one set of accepted types.

#include "precomp.hpp"
#include "default_model.hpp"
#include "diffusion_fill.hpp"
#include "opencv2/photo.hpp"

#ifdef INPAINTING_HAVE_XPHOTO
#include "opencv2/xphoto/inpainting.hpp"
#endif

namespace cv {
namespace inpainting {

namespace {

struct MethodName { int method; const char* name; };
const MethodName kMethodNames[] = {
    { INPAINT_TELEA, "telea" }, { INPAINT_NS, "ns" }, { INPAINT_SHIFTMAP, "shiftmap" },
    { INPAINT_FSR_FAST, "fsr_fast" }, { INPAINT_FSR_BEST, "fsr_best" }, { INPAINT_PCONV, "pconv" },
    { INPAINT_PATCHMATCH, "patchmatch" }, { INPAINT_PCONV_PATCH, "pconv_patch" },
    { INPAINT_CRIMINISI, "criminisi" },
};

#ifdef INPAINTING_HAVE_XPHOTO
// xphoto's methods run on 8-bit data here: FSR in OpenCV 4.6 only accepts 8-bit input, and
// ShiftMap's patch distances are tuned for 8-bit Lab. Other depths are scaled to 8 bits and the
// fill is scaled back (only hole pixels are used, so known pixels keep their full precision).
Mat to8bit(const Mat& colour)
{
    if (colour.depth() == CV_8U)
        return colour;
    Mat out;
    colour.convertTo(out, CV_8U, 255.0 / detail::depthRange(colour.depth()));
    return out;
}

Mat from8bit(const Mat& colour8, int depth)
{
    if (depth == CV_8U)
        return colour8;
    Mat out;
    colour8.convertTo(out, depth, detail::depthRange(depth) / 255.0);
    return out;
}

void inpaintXphoto(const Mat& colour, const Mat& hole, Mat& filled, int xphotoMethod)
{
    Mat src8 = to8bit(colour);
    Mat valid;
    bitwise_not(hole, valid); // xphoto: non-zero = valid, zero = missing
    Mat out8;
    if (xphotoMethod == xphoto::INPAINT_SHIFTMAP && src8.channels() == 3)
    {
        // ShiftMap compares patches assuming an intensity channel first and two colour channels.
        Mat lab, labOut;
        cvtColor(src8, lab, COLOR_BGR2Lab);
        xphoto::inpaint(lab, valid, labOut, xphotoMethod);
        cvtColor(labOut, out8, COLOR_Lab2BGR);
    }
    else
    {
        xphoto::inpaint(src8, valid, out8, xphotoMethod);
    }
    filled = from8bit(out8, colour.depth());
}
#endif

// The process's one instance of a model-based inpainter with the default model. A failed create()
// (no embedded model) throws out of the initialisation, which is then retried on the next call.
template <typename Inpainter>
const Ptr<Inpainter>& sharedInstance()
{
    static const Ptr<Inpainter> instance = Inpainter::create();
    return instance;
}

// Fills `colour` (1 or 3 channels) where `hole` is 255; only hole pixels of `filled` are used.
void fillHoles(const Mat& colour, const Mat& hole, Mat& filled, int method)
{
    switch (method)
    {
    case INPAINT_TELEA: detail::diffusionFill(colour, hole, filled, cv::INPAINT_TELEA); return;
    case INPAINT_NS: detail::diffusionFill(colour, hole, filled, cv::INPAINT_NS); return;
#ifdef INPAINTING_HAVE_XPHOTO
    case INPAINT_SHIFTMAP: inpaintXphoto(colour, hole, filled, xphoto::INPAINT_SHIFTMAP); return;
    case INPAINT_FSR_FAST: inpaintXphoto(colour, hole, filled, xphoto::INPAINT_FSR_FAST); return;
    case INPAINT_FSR_BEST: inpaintXphoto(colour, hole, filled, xphoto::INPAINT_FSR_BEST); return;
#endif
    case INPAINT_PCONV:
        // One inpainter for the process (loading the model per call would dominate the time),
        // created once under C++11's thread-safe static initialisation. Its apply() may be
        // called from several threads (partial_conv.hpp): it serialises its network runs itself.
        sharedInstance<PartialConvInpainter>()->apply(colour, hole, filled);
        return;
    case INPAINT_PATCHMATCH: PatchMatchInpainter::create()->apply(colour, hole, filled); return;
    case INPAINT_CRIMINISI: CriminisiInpainter::create()->apply(colour, hole, filled); return;
    case INPAINT_PCONV_PATCH: sharedInstance<PconvPatchInpainter>()->apply(colour, hole, filled); return;
    default: break;
    }
    CV_Error_(Error::StsNotImplemented,
              ("inpainting::inpaint: method '%s' is not available in this build", methodName(method).c_str()));
}

} // namespace

bool isMethodAvailable(int method)
{
    switch (method)
    {
    case INPAINT_TELEA:
    case INPAINT_NS:
    case INPAINT_PATCHMATCH:
    case INPAINT_CRIMINISI:
        return true;
    case INPAINT_SHIFTMAP:
    case INPAINT_FSR_FAST:
    case INPAINT_FSR_BEST:
#ifdef INPAINTING_HAVE_XPHOTO
        return true;
#else
        return false;
#endif
    case INPAINT_PCONV:
    case INPAINT_PCONV_PATCH:
        return detail::defaultModelSize() > 0;
    default:
        return false;
    }
}

int methodFromName(const String& name)
{
    String valid;
    for (const MethodName& m : kMethodNames)
    {
        if (name == m.name)
            return m.method;
        valid += valid.empty() ? String(m.name) : String(", ") + m.name;
    }
    CV_Error_(Error::StsBadArg, ("inpainting: unknown method '%s' (expected one of: %s)", name.c_str(), valid.c_str()));
}

String methodName(int method)
{
    for (const MethodName& m : kMethodNames)
        if (m.method == method)
            return m.name;
    // photo's and xphoto's constants, passed where a cv::inpainting one belongs (methods.hpp
    // says why they are refused rather than mapped).
    switch (method)
    {
    case 0:
        CV_Error(Error::StsBadArg, "inpainting: method id 0 is cv::INPAINT_NS (photo) or cv::xphoto::INPAINT_SHIFTMAP "
                                   "(xphoto), not a cv::inpainting method: use cv::inpainting::INPAINT_NS or "
                                   "cv::inpainting::INPAINT_SHIFTMAP");
    case 1:
        CV_Error(Error::StsBadArg, "inpainting: method id 1 is cv::INPAINT_TELEA (photo) or cv::xphoto::INPAINT_FSR_BEST "
                                   "(xphoto), not a cv::inpainting method: use cv::inpainting::INPAINT_TELEA or "
                                   "cv::inpainting::INPAINT_FSR_BEST");
    case 2:
        CV_Error(Error::StsBadArg, "inpainting: method id 2 is cv::xphoto::INPAINT_FSR_FAST (xphoto), not a "
                                   "cv::inpainting method: use cv::inpainting::INPAINT_FSR_FAST");
    default:
        break;
    }
    CV_Error_(Error::StsBadArg, ("inpainting: unknown method id %d", method));
}

void inpaint(InputArray _src, InputArray _mask, OutputArray _dst, int method)
{
    methodName(method); // rejects unknown ids before any work
    Mat src = _src.getMat(), mask = _mask.getMat();
    detail::checkImageAndMask(src, mask, "src", "mask");
    if ((method == INPAINT_PCONV || method == INPAINT_PCONV_PATCH) && !isMethodAvailable(method))
        CV_Error_(Error::StsNotImplemented,
                  ("inpainting::inpaint: method '%s' is not available in this build: it embeds no default model (use "
                   "%s::create(modelPath))", methodName(method).c_str(),
                   method == INPAINT_PCONV ? "PartialConvInpainter" : "PconvPatchInpainter"));
    if (!isMethodAvailable(method))
        CV_Error_(Error::StsNotImplemented,
                  ("inpainting::inpaint: method '%s' is not available in this build", methodName(method).c_str()));

    detail::fillHolesKeepingKnown(src, mask, _dst, [method](const Mat& cleared, const Mat& hole, Mat& filled) {
        fillHoles(cleared, hole, filled, method);
    });
}

}} // namespace cv::inpainting
