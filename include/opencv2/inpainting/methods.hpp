// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

#ifndef OPENCV_INPAINTING_METHODS_HPP
#define OPENCV_INPAINTING_METHODS_HPP

#include "opencv2/core.hpp"

namespace cv {
namespace inpainting {

//! @addtogroup inpainting_methods
//! @{

/** @brief The methods of inpainting::inpaint().

The names carry the `INPAINT_` prefix of OpenCV's photo module; they live in cv::inpainting,
so code that writes `using namespace cv;` keeps `cv::INPAINT_TELEA` for cv::inpaint() and
spells these `inpainting::INPAINT_TELEA`.

The values start at 16 so that a constant of photo or xphoto passed by mistake can never select
another method. Those modules number their methods from 0 and disagree with each other: 0 is
photo's cv::INPAINT_NS and xphoto's cv::xphoto::INPAINT_SHIFTMAP, 1 is cv::INPAINT_TELEA and
cv::xphoto::INPAINT_FSR_BEST, 2 is cv::xphoto::INPAINT_FSR_FAST. 0 and 1 are ambiguous, so no
mapping can be right for both callers; inpaint(), methodName() and VideoInpainter refuse 0, 1 and
2 with a cv::Exception (StsBadArg) that names the photo/xphoto constants the value stands for and
the cv::inpainting constants to use instead. 2 is refused too although it is unambiguous: one rule
for all of photo's and xphoto's values is easier to remember than one exception to it, and it
keeps a single id per method (methodName(), the CSV columns, the Python constants).
*/
enum InpaintMethods
{
    INPAINT_TELEA = 16,       //!< Fast marching method @cite Telea2004 (photo module)
    INPAINT_NS = 17,          //!< Navier-Stokes based method @cite Bertalmio2001 (photo module)
    INPAINT_SHIFTMAP = 18,    //!< Shift-map graph-cut method @cite He2012 (xphoto module)
    INPAINT_FSR_FAST = 19,    //!< Frequency selective reconstruction, fast preset @cite Seiler2015 (xphoto)
    INPAINT_FSR_BEST = 20,    //!< Frequency selective reconstruction, best preset @cite Seiler2015 (xphoto)
    INPAINT_PCONV = 21,       //!< Partial-convolution U-Net @cite Liu2018 with the embedded default model
    INPAINT_PATCHMATCH = 22,  //!< Multi-scale patch synthesis @cite Wexler2007 with PatchMatch @cite Barnes2009
    INPAINT_PCONV_PATCH = 23, //!< INPAINT_PCONV's fill guiding the patch synthesis of INPAINT_PATCHMATCH (PconvPatchInpainter)
    INPAINT_CRIMINISI = 24    //!< Exemplar-based filling by priority @cite Criminisi2004 (CriminisiInpainter)
};

/** @brief Fills the holes of an image with one of the module's methods.

@param src Input image: `CV_8U`, `CV_16U` or `CV_32F`, with 1, 3 or 4 channels (the 4th channel,
alpha, is copied through untouched). Methods that only take 8-bit input internally (FSR) get a
converted copy; the result is converted back, so every method accepts every supported type.
@param mask `CV_8UC1`, same size as @p src; non-zero marks a hole pixel (values other than 0
and 255 are thresholded: > 0 is a hole).
@param dst Output of the same size and type as @p src. Pixels outside the hole are
bit-identical to @p src. A mask without holes gives a copy of @p src. An all-hole mask leaves
nothing to propagate from: the result is filled with the mid-grey of the type (0.5 of its range)
whatever the method.
@param method One of #InpaintMethods. photo's and xphoto's constants (0, 1, 2) are refused with
a message naming the cv::inpainting constant to use (see #InpaintMethods).

The fill never depends on the values inside the hole (they are cleared before any method runs;
OpenCV's own Telea otherwise reads them where a hole touches the image border).

Raises cv::Exception (StsBadArg / StsBadSize / StsUnsupportedFormat / StsNotImplemented) naming
the argument when the input is empty, sizes differ, the mask is not `CV_8UC1`, the depth or
channel count is unsupported, or the method is unknown or not available in this build.
*/
CV_EXPORTS_W void inpaint(InputArray src, InputArray mask, OutputArray dst, int method);

/** @brief Returns whether @p method can run in this build (ShiftMap and FSR need opencv_xphoto;
INPAINT_PCONV and INPAINT_PCONV_PATCH need a default model embedded in the library, see
PartialConvInpainter::create()).
 */
CV_EXPORTS_W bool isMethodAvailable(int method);

/** @brief Parses a method's command-line name (`telea`, `ns`, `shiftmap`, `fsr_fast`, `fsr_best`,
`pconv`, `patchmatch`, `pconv_patch`, `criminisi`) into #InpaintMethods; raises StsBadArg listing the valid names otherwise.
 */
CV_EXPORTS_W int methodFromName(const String& name);

/** @brief The command-line name of a method (inverse of methodFromName()); raises StsBadArg for
an unknown id, with the cv::inpainting constants to use for photo's and xphoto's values 0, 1, 2. */
CV_EXPORTS_W String methodName(int method);

//! @}

}} // namespace cv::inpainting

#endif
