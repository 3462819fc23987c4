// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

#include "plot.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include <opencv2/imgproc.hpp>

#include "image_grid.hpp"

namespace pconv {

namespace {

std::string fmt(double v)
{
    char b[32];
    std::snprintf(b, sizeof(b), std::fabs(v) >= 100 || v == 0 ? "%.0f" : (std::fabs(v) >= 1 ? "%.2f" : "%.3g"), v);
    return b;
}

void drawPanel(cv::Mat& img, cv::Rect area, const std::vector<Series>& series, const std::string& title, bool logY)
{
    const int left = 70, right = 15, top = 28, bottom = 30;
    cv::Rect plot(area.x + left, area.y + top, area.width - left - right, area.height - top - bottom);
    cv::rectangle(img, plot, cv::Scalar(0, 0, 0), 1);
    cv::putText(img, title, cv::Point(area.x + left, area.y + 18), cv::FONT_HERSHEY_SIMPLEX, 0.5, cv::Scalar(0, 0, 0), 1,
                cv::LINE_AA);
    double x0 = INFINITY, x1 = -INFINITY, y0 = INFINITY, y1 = -INFINITY;
    auto ty = [&](double y) { return logY ? std::log10(y) : y; };
    for (const auto& s : series)
        for (size_t i = 0; i < s.x.size(); i++)
        {
            const double y = ty(s.y[i]);
            if (!std::isfinite(y) || !std::isfinite(s.x[i]))
                continue;
            x0 = std::min(x0, s.x[i]);
            x1 = std::max(x1, s.x[i]);
            y0 = std::min(y0, y);
            y1 = std::max(y1, y);
        }
    if (!(x1 >= x0))
        return;
    if (x1 == x0)
        x1 = x0 + 1;
    if (y1 - y0 < 1e-9)
    {
        y0 -= 0.5;
        y1 += 0.5;
    }
    const double pad = 0.05 * (y1 - y0);
    y0 -= pad;
    y1 += pad;
    auto px = [&](double x, double y) {
        return cv::Point(plot.x + (int)std::lround((x - x0) / (x1 - x0) * (plot.width - 1)),
                         plot.y + plot.height - 1 - (int)std::lround((ty(y) - y0) / (y1 - y0) * (plot.height - 1)));
    };
    for (int k = 0; k <= 4; k++)
    {
        const double yv = y0 + (y1 - y0) * k / 4;
        const int yy = plot.y + plot.height - 1 - (int)std::lround((double)k / 4 * (plot.height - 1));
        cv::line(img, cv::Point(plot.x, yy), cv::Point(plot.x + plot.width - 1, yy), cv::Scalar(225, 225, 225), 1);
        cv::putText(img, fmt(logY ? std::pow(10.0, yv) : yv), cv::Point(area.x + 4, yy + 4), cv::FONT_HERSHEY_SIMPLEX,
                    0.4, cv::Scalar(60, 60, 60), 1, cv::LINE_AA);
        const double xv = x0 + (x1 - x0) * k / 4;
        const int xx = plot.x + (int)std::lround((double)k / 4 * (plot.width - 1));
        cv::putText(img, fmt(xv), cv::Point(std::max(area.x, xx - 20), plot.y + plot.height + 18),
                    cv::FONT_HERSHEY_SIMPLEX, 0.4, cv::Scalar(60, 60, 60), 1, cv::LINE_AA);
    }
    int legendY = plot.y + 16;
    for (const auto& s : series)
    {
        std::vector<cv::Point> pts;
        for (size_t i = 0; i < s.x.size(); i++)
            if (std::isfinite(ty(s.y[i])))
                pts.push_back(px(s.x[i], s.y[i]));
        if (pts.size() == 1)
            cv::circle(img, pts[0], 3, s.color, cv::FILLED, cv::LINE_AA);
        else if (!pts.empty())
            cv::polylines(img, pts, false, s.color, 1, cv::LINE_AA);
        cv::putText(img, s.name, cv::Point(plot.x + plot.width - 180, legendY), cv::FONT_HERSHEY_SIMPLEX, 0.45,
                    s.color, 1, cv::LINE_AA);
        legendY += 18;
    }
}

} // namespace

cv::Mat plotPanels(const std::vector<std::vector<Series>>& panels, const std::vector<std::string>& titles,
                   const std::vector<bool>& logY, int width, int panelHeight)
{
    cv::Mat img((int)panels.size() * panelHeight, width, CV_8UC3, cv::Scalar(255, 255, 255));
    for (size_t i = 0; i < panels.size(); i++)
        drawPanel(img, cv::Rect(0, (int)i * panelHeight, width, panelHeight), panels[i],
                  i < titles.size() ? titles[i] : "", i < logY.size() && logY[i]);
    return img;
}

cv::Mat makeGrid(const std::vector<cv::Mat>& truth, const std::vector<cv::Mat>& holes, const std::vector<cv::Mat>& output)
{
    std::vector<std::vector<cv::Mat>> rows;
    for (size_t i = 0; i < truth.size(); i++)
    {
        cv::Mat input = truth[i].clone(), comp = truth[i].clone(), out;
        input.setTo(cv::Scalar::all(1.0), holes[i]);
        cv::min(cv::max(output[i], 0.0), 1.0, out);
        out.copyTo(comp, holes[i]);
        rows.push_back({ input, out, comp, truth[i] });
    }
    // Tiles at their own size, edge to edge (the tools' grid, without labels or gaps).
    return rows.empty() ? cv::Mat() : inpainting_tools::makeGrid(rows, {}, truth[0].rows, 0, 0);
}

} // namespace pconv
