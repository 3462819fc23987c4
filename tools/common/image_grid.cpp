// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

#include "image_grid.hpp"

#include <algorithm>

#include "opencv2/imgproc.hpp"

namespace inpainting_tools {

namespace {

cv::Mat toDisplay(const cv::Mat& image, int tileHeight, int tileWidth)
{
    cv::Mat bgr8 = image;
    if (image.depth() != CV_8U)
        image.convertTo(bgr8, CV_8U, image.depth() == CV_16U ? 1.0 / 257 : 255.0);
    if (bgr8.channels() == 1)
        cv::cvtColor(bgr8, bgr8, cv::COLOR_GRAY2BGR);
    else if (bgr8.channels() == 4)
        cv::cvtColor(bgr8, bgr8, cv::COLOR_BGRA2BGR);
    cv::Size size = tileWidth > 0 ? cv::Size(tileWidth, std::max(1, cvRound(bgr8.rows * (double)tileWidth / bgr8.cols)))
                                  : cv::Size(std::max(1, cvRound(bgr8.cols * (double)tileHeight / bgr8.rows)), tileHeight);
    cv::Mat resized;
    cv::resize(bgr8, resized, size, 0, 0, cv::INTER_AREA);
    return resized;
}

} // namespace

cv::Mat makeGrid(const std::vector<std::vector<cv::Mat>>& rows, const std::vector<std::string>& header,
                 int tileHeight, int tileWidth, int gap)
{
    const int headerHeight = header.empty() ? 0 : 28;
    std::vector<int> columnWidths, rowHeights;
    std::vector<std::vector<cv::Mat>> tiles;
    for (const auto& row : rows)
    {
        std::vector<cv::Mat> shown;
        int rowHeight = tileWidth > 0 ? 1 : tileHeight;
        for (size_t c = 0; c < row.size(); c++)
        {
            shown.push_back(toDisplay(row[c], tileHeight, tileWidth));
            if (columnWidths.size() <= c)
                columnWidths.push_back(0);
            columnWidths[c] = std::max(columnWidths[c], shown.back().cols);
            rowHeight = std::max(rowHeight, shown.back().rows);
        }
        tiles.push_back(shown);
        rowHeights.push_back(rowHeight);
    }
    for (size_t c = 0; c < header.size(); c++)
    {
        if (columnWidths.size() <= c)
            columnWidths.push_back(0);
        columnWidths[c] = std::max(columnWidths[c], 8 * (int)header[c].size() + 8);
    }
    int width = gap;
    for (int w : columnWidths)
        width += w + gap;
    int height = headerHeight + (header.empty() ? 0 : gap);
    for (int h : rowHeights)
        height += h + gap;
    cv::Mat grid(height, width, CV_8UC3, cv::Scalar::all(255));
    int x = gap;
    for (size_t c = 0; c < columnWidths.size(); c++)
    {
        if (c < header.size())
            cv::putText(grid, header[c], cv::Point(x, headerHeight - 9), cv::FONT_HERSHEY_SIMPLEX, 0.5,
                        cv::Scalar::all(0), 1, cv::LINE_AA);
        int y = header.empty() ? gap : headerHeight;
        for (size_t r = 0; r < tiles.size(); r++)
        {
            if (c < tiles[r].size())
                tiles[r][c].copyTo(grid(cv::Rect(x, y, tiles[r][c].cols, tiles[r][c].rows)));
            y += rowHeights[r] + gap;
        }
        x += columnWidths[c] + gap;
    }
    return grid;
}

} // namespace inpainting_tools
