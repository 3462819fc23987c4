// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

#include "precomp.hpp"
#include "hole_regions.hpp"

namespace cv {
namespace inpainting {
namespace detail {

namespace {

const int kCell = 8; // side of a cell of the coarse hole map

} // namespace

// 255 where an 8x8 cell of the mask holds a hole pixel. Reads the mask once and writes 1/64 of
// its size: on a 24-megapixel image this is the only full-image pass besides the output copy.
Mat coarseHoleMap(const Mat& mask)
{
    const Size coarse((mask.cols + kCell - 1) / kCell, (mask.rows + kCell - 1) / kCell);
    Mat map(coarse, CV_8U);
    parallel_for_(Range(0, coarse.height), [&](const Range& r) {
        std::vector<uchar> any(mask.cols);
        for (int cy = r.start; cy < r.end; cy++)
        {
            std::fill(any.begin(), any.end(), (uchar)0);
            for (int y = cy * kCell; y < std::min(mask.rows, (cy + 1) * kCell); y++)
            {
                const uchar* row = mask.ptr<uchar>(y);
                for (int x = 0; x < mask.cols; x++)
                    any[x] |= row[x];
            }
            uchar* dst = map.ptr<uchar>(cy);
            for (int cx = 0; cx < coarse.width; cx++)
            {
                uchar v = 0;
                for (int x = cx * kCell; x < std::min(mask.cols, (cx + 1) * kCell); x++)
                    v |= any[x];
                dst[cx] = v ? 255 : 0;
            }
        }
    });
    return map;
}

// Regions of the crops strategy: each hole's exact bounding box (holes in touching cells count
// as one) grown by its context margin; regions that overlap (or nearly touch, at cell
// resolution) are merged into their union, repeatedly. Grouping works on the coarse map, so
// thousands of small holes cost no quadratic pairing; a region is the union of exact boxes, so
// a hole far from all others gets the same region, hence the same fill, as when it is alone.
std::vector<Rect> holeRegions(const Mat& mask, const Mat& coarse, int context)
{
    const Rect image(0, 0, mask.cols, mask.rows);
    Mat labels, stats, centroids;
    const int count = connectedComponentsWithStats(coarse, labels, stats, centroids, 8, CV_32S);
    std::vector<Rect> boxes;
    for (int i = 1; i < count; i++)
    {
        const Rect cells(stats.at<int>(i, CC_STAT_LEFT), stats.at<int>(i, CC_STAT_TOP), stats.at<int>(i, CC_STAT_WIDTH),
                         stats.at<int>(i, CC_STAT_HEIGHT));
        const Rect area = Rect(cells.x * kCell, cells.y * kCell, cells.width * kCell, cells.height * kCell) & image;
        Rect b = boundingRect(mask(area)); // exact box of the non-zero pixels
        b += area.tl();
        const int margin = std::max(context, std::max(b.width, b.height) / 2);
        boxes.push_back(Rect(b.x - margin, b.y - margin, b.width + 2 * margin, b.height + 2 * margin) & image);
    }
    while (boxes.size() > 1)
    {
        Mat coverage = Mat::zeros(coarse.size(), CV_8U);
        for (const Rect& b : boxes)
            rectangle(coverage, Point(b.x / kCell, b.y / kCell), Point((b.br().x - 1) / kCell, (b.br().y - 1) / kCell),
                      Scalar(255), FILLED);
        Mat groups;
        const int n = connectedComponents(coverage, groups, 8, CV_32S);
        std::vector<Rect> merged(n);
        for (const Rect& b : boxes)
        {
            Rect& m = merged[groups.at<int>(b.y / kCell, b.x / kCell)];
            m = m.empty() ? b : (m | b);
        }
        std::vector<Rect> next;
        for (const Rect& m : merged)
            if (!m.empty())
                next.push_back(m);
        const bool stable = next.size() == boxes.size();
        boxes.swap(next);
        if (stable)
            break;
    }
    std::sort(boxes.begin(), boxes.end(), [](const Rect& a, const Rect& b) {
        return a.y != b.y ? a.y < b.y : a.x < b.x;
    });
    return boxes;
}

}}} // namespace cv::inpainting::detail
