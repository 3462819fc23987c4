// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

// Pictures of a training run drawn with OpenCV: loss curves and the validation grid.

#ifndef PCONV_TRAIN_PLOT_HPP
#define PCONV_TRAIN_PLOT_HPP

#include <string>
#include <vector>

#include <opencv2/core.hpp>

namespace pconv {

struct Series
{
    std::string name;
    cv::Scalar color;
    std::vector<double> x, y;
};

/** One panel per entry of `panels` (stacked vertically), each with its own y range; `logY[i]`
draws panel i on a log10 axis. Non-finite points are skipped. */
cv::Mat plotPanels(const std::vector<std::vector<Series>>& panels, const std::vector<std::string>& titles,
                   const std::vector<bool>& logY, int width = 900, int panelHeight = 300);

/** Rows of (input with the hole painted white | output | composite | truth), 8-bit BGR. All inputs are
32F BGR in [0,1] except the hole masks (8U, non-zero = hole). */
cv::Mat makeGrid(const std::vector<cv::Mat>& truth, const std::vector<cv::Mat>& holes,
                 const std::vector<cv::Mat>& output);

} // namespace pconv

#endif
