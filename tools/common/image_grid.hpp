// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

// Pictures of labelled tiles: the samples' comparison pictures and the trainer's validation grid
// (tools/common, internal).

#ifndef INPAINTING_TOOLS_IMAGE_GRID_HPP
#define INPAINTING_TOOLS_IMAGE_GRID_HPP

#include <string>
#include <vector>

#include "opencv2/core.hpp"

namespace inpainting_tools {

/** A picture of rows of tiles, columns labelled by @p header (no header band when it is empty),
@p gap white pixels between and around the tiles. Every tile is shown as 8-bit BGR (16U divided by
257, 32F multiplied by 255). With tileWidth = 0 all tiles are scaled to @p tileHeight; with
tileWidth > 0 they are scaled to that width instead and each row is as tall as its tallest tile,
so that portrait and landscape photos in one picture both fill their columns. */
cv::Mat makeGrid(const std::vector<std::vector<cv::Mat>>& rows, const std::vector<std::string>& header,
                 int tileHeight, int tileWidth = 0, int gap = 4);

} // namespace inpainting_tools

#endif
