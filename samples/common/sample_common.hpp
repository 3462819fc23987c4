// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

// What the command-line samples share: error handling with exit code 2, atomic image and text
// output, listing image folders, and the side-by-side comparison picture.

#ifndef OPENCV_INPAINTING_SAMPLE_COMMON_HPP
#define OPENCV_INPAINTING_SAMPLE_COMMON_HPP

#include <functional>
#include <string>
#include <vector>

#include "opencv2/core.hpp"

namespace inpainting_samples {

//! Exit code of every sample for bad input (arguments, files, data).
const int kExitBadInput = 2;

//! Runs `body`; a cv::Exception or std::exception becomes one line on stderr and exit code 2.
int runGuarded(const char* program, const std::function<int()>& body);

//! Raises std::runtime_error with `message` (caught by runGuarded).
[[noreturn]] void fail(const std::string& message);

//! Reads an image with the given imread flags or fails naming the argument and the path.
cv::Mat readImage(const std::string& path, int flags, const char* what);

/** Reads a hole mask of any depth as CV_8UC1 0/255 (non-zero = hole). Reading 16-bit masks as
8-bit gray would scale 1..255 down to 0 and silently lose those holes. */
cv::Mat readMask(const std::string& path, const char* what);

//! A temporary name next to `path` that keeps the extension (imwrite and VideoWriter choose the
//! format by it): the folder's `.<stem>.tmp<pid><ext>`.
std::string temporaryName(const std::string& path);

//! Writes an image under a temporary name in the same folder, then renames it into place.
void writeImageAtomic(const std::string& path, const cv::Mat& image);

//! Writes a text file the same way.
void writeTextAtomic(const std::string& path, const std::string& text);

//! Image files (by extension) of a folder, sorted by file name; fails if there are none.
std::vector<std::string> listImages(const std::string& dir, const char* what);

//! Parses a comma-separated method list ("telea,ns") into method ids.
std::vector<int> parseMethods(const std::string& list);

//! Methods that can run in this build, in their enum order (PConv only when a model is given
//! or embedded).
std::vector<int> availableMethods(bool haveModel);

//! The input as the user sees the hole: hole pixels painted white.
cv::Mat showHole(const cv::Mat& image, const cv::Mat& mask);

/** A picture of rows of labelled tiles; `header` labels the columns. Every tile is shown as 8-bit
BGR. With tileWidth = 0 all tiles are scaled to `tileHeight`; with tileWidth > 0 they are scaled to
that width instead and each row is as tall as its tallest tile, so that portrait and landscape
photos in one picture both fill their columns (no blank bands beside the portrait ones). */
cv::Mat makeGrid(const std::vector<std::vector<cv::Mat>>& rows, const std::vector<std::string>& header,
                 int tileHeight, int tileWidth = 0);

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
