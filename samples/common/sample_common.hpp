// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

// What the command-line samples share beyond tools/common (errors with exit code 2, atomic output,
// image folders, picture grids): reading images and masks, method lists, running any method.

#ifndef OPENCV_INPAINTING_SAMPLE_COMMON_HPP
#define OPENCV_INPAINTING_SAMPLE_COMMON_HPP

#include <functional>
#include <string>
#include <vector>

#include "opencv2/core.hpp"

#include "atomic_write.hpp"
#include "image_files.hpp"
#include "image_grid.hpp"
#include "tool_errors.hpp"

namespace inpainting_samples {

// The programs' shared helpers (tools/common), under the names the samples use.
using inpainting_tools::fail;
using inpainting_tools::kExitBadInput;
using inpainting_tools::listImages;
using inpainting_tools::makeGrid;
using inpainting_tools::runGuarded;
using inpainting_tools::temporaryName;
using inpainting_tools::writeImageAtomic;
using inpainting_tools::writeTextAtomic;

/** Reads an image with the given imread flags or fails naming the argument (`--<what>`) and the
path; files that are not a photo format, or carry a DICOM or DTED marker, are refused before any
decoder sees them (inpainting_tools::imageBytesProblem()). */
cv::Mat readImage(const std::string& path, int flags, const char* what);

/** Reads a hole mask of any depth as CV_8UC1 0/255 (non-zero = hole). Reading 16-bit masks as
8-bit gray would scale 1..255 down to 0 and silently lose those holes. */
cv::Mat readMask(const std::string& path, const char* what);

//! Parses a comma-separated method list ("telea,ns") into method ids.
std::vector<int> parseMethods(const std::string& list);

//! Methods that can run in this build, in their enum order (PConv only when a model is given
//! or embedded).
std::vector<int> availableMethods(bool haveModel);

//! The input as the user sees the hole: hole pixels painted white.
cv::Mat showHole(const cv::Mat& image, const cv::Mat& mask);

/** Settings of PartialConvInpainter's inference policy for the samples: -1 (or an empty
strategy) keeps the library's default; any other value is passed on, and checked by the library. */
struct PconvOptions
{
    std::string strategy;   //!< "crops" or "whole"
    int workingSize = -1;   //!< PartialConvInpainter::setWorkingSize()
    int context = -1;       //!< PartialConvInpainter::setContext()
    int holeThickness = -1; //!< PartialConvInpainter::setHoleThickness()
    int flipAveraging = -1; //!< PartialConvInpainter::setFlipAveraging(): 0 or 1
    int edgeRefinement = -1; //!< PartialConvInpainter::setEdgeRefinement()
    int thinHoleWidth = -1;  //!< PartialConvInpainter::setThinHoleWidth()

    //! True when any setting differs from the library's default.
    bool any() const
    {
        return !strategy.empty() || workingSize != -1 || context != -1 || holeThickness != -1 || flipAveraging != -1 ||
               edgeRefinement != -1 || thinHoleWidth != -1;
    }
};

//! Settings of PconvPatchInpainter; a negative value (or -1) keeps the library's default.
struct PconvPatchOptions
{
    double guidanceWeight = -1; //!< PconvPatchInpainter::setGuidanceWeight()
    int sharpVote = -1;         //!< PconvPatchInpainter::setSharpVote(): 0 or 1
    double structureSigma = -1; //!< PconvPatchInpainter::setStructureSigma()
    double guideSigma = -1;     //!< PconvPatchInpainter::setGuideSigma()
    double detailWeight = -1;   //!< PconvPatchInpainter::setDetailWeight()
    int selfValidation = -1;    //!< PconvPatchInpainter::setSelfValidation(): 0 or 1
    int levels = -1;            //!< PconvPatchInpainter::setLevels()
    int iterations = -1;        //!< PconvPatchInpainter::setIterations()
    int patchSize = -1;         //!< PconvPatchInpainter::setPatchSize()

    //! True when any setting differs from the library's default.
    bool any() const
    {
        return guidanceWeight != -1 || sharpVote != -1 || structureSigma != -1 || guideSigma != -1 || detailWeight != -1 ||
               selfValidation != -1 || levels != -1 ||
               iterations != -1 || patchSize != -1;
    }
};

/** Runs any method of the module on images; for INPAINT_PCONV with a model path (or with
PconvOptions) it keeps one PartialConvInpainter for all calls (loading a model per image would
dominate the time). */
class MethodRunner
{
public:
    explicit MethodRunner(const std::string& model = std::string());
    /** Loads the model now (the given path, or the embedded one when empty) and applies @p options;
    a bad model or setting raises here, before any image is read. */
    void configurePconv(const PconvOptions& options);
    /** Creates the PconvPatchInpainter now (the given model, or the embedded one) with @p options;
    a bad setting raises here. */
    void configurePconvPatch(const PconvPatchOptions& options);
    void run(int method, const cv::Mat& image, const cv::Mat& mask, cv::Mat& result);
    bool hasModel() const { return !model_.empty(); }
    //! Loads the model now (if one was given), so that a bad model is reported before any work.
    void loadModel();

private:
    std::string model_;
    cv::Ptr<cv::Algorithm> pconv_;
    cv::Ptr<cv::Algorithm> pconvPatch_; //!< PconvPatchInpainter for INPAINT_PCONV_PATCH with a model path
};

} // namespace inpainting_samples

#endif
