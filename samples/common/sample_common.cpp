// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

#include "sample_common.hpp"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <stdexcept>
#include <unistd.h>

#include "opencv2/imgcodecs.hpp"
#include "opencv2/imgproc.hpp"
#include "opencv2/inpainting.hpp"

namespace fs = std::filesystem;

namespace inpainting_samples {

int runGuarded(const char* program, const std::function<int()>& body)
{
    try
    {
        return body();
    }
    catch (const cv::Exception& e)
    {
        std::cerr << program << ": error: " << (e.err.empty() ? e.what() : e.err) << std::endl;
    }
    catch (const std::exception& e)
    {
        std::cerr << program << ": error: " << e.what() << std::endl;
    }
    return kExitBadInput;
}

void fail(const std::string& message)
{
    throw std::runtime_error(message);
}

namespace {

// Debian's OpenCV also reads DICOM (through GDCM), chosen by the "DICM" marker after a 128-byte
// preamble whatever the file's name, and GDCM abort()s the whole process on a corrupt one (found by
// fuzz/fuzz_train_data). These programs read photos: a file with that marker is refused.
bool hasDicomMarker(const std::string& path)
{
    std::ifstream f(path, std::ios::binary);
    char head[132] = {};
    f.read(head, sizeof(head));
    return f.gcount() == (std::streamsize)sizeof(head) && std::memcmp(head + 128, "DICM", 4) == 0;
}

} // namespace

cv::Mat readImage(const std::string& path, int flags, const char* what)
{
    if (path.empty())
        fail(std::string("--") + what + " is required");
    if (!fs::exists(path))
        fail(std::string("--") + what + ": file not found: " + path);
    if (hasDicomMarker(path))
        fail(std::string("--") + what + ": DICOM files are not supported: " + path);
    cv::Mat image = cv::imread(path, flags);
    if (image.empty())
        fail(std::string("--") + what + ": cannot decode image: " + path);
    return image;
}

cv::Mat readMask(const std::string& path, const char* what)
{
    const cv::Mat mask = readImage(path, cv::IMREAD_GRAYSCALE | cv::IMREAD_ANYDEPTH, what);
    return mask != 0;
}

std::string temporaryName(const std::string& path)
{
    const fs::path p(path);
    const fs::path tmp = p.parent_path() / ("." + p.stem().string() + ".tmp" + std::to_string(::getpid()) +
                                            p.extension().string());
    return tmp.string();
}

namespace {

void renameIntoPlace(const std::string& tmp, const std::string& path)
{
    std::error_code ec;
    fs::rename(tmp, path, ec);
    if (ec)
    {
        fs::remove(tmp, ec);
        fail("cannot write " + path + ": " + ec.message());
    }
}

} // namespace

void writeImageAtomic(const std::string& path, const cv::Mat& image)
{
    if (path.empty())
        fail("output path is empty");
    const std::string tmp = temporaryName(path);
    bool written = false;
    try
    {
        written = cv::imwrite(tmp, image);
    }
    catch (const cv::Exception&)
    {
        written = false;
    }
    if (!written)
    {
        std::error_code ec;
        fs::remove(tmp, ec);
        fail("cannot write image " + path + " (unwritable folder or unknown extension)");
    }
    renameIntoPlace(tmp, path);
}

void writeTextAtomic(const std::string& path, const std::string& text)
{
    const std::string tmp = temporaryName(path);
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        out << text;
        out.flush();
        if (!out)
        {
            std::error_code ec;
            fs::remove(tmp, ec);
            fail("cannot write " + path);
        }
    }
    renameIntoPlace(tmp, path);
}

std::vector<std::string> listImages(const std::string& dir, const char* what)
{
    if (dir.empty())
        fail(std::string("--") + what + " is required");
    std::error_code ec;
    if (!fs::is_directory(dir, ec))
        fail(std::string("--") + what + ": not a folder: " + dir);
    static const char* const extensions[] = { ".png", ".jpg", ".jpeg", ".bmp", ".tif", ".tiff", ".webp", ".ppm", ".pgm" };
    std::vector<std::string> files;
    for (const fs::directory_entry& entry : fs::directory_iterator(dir))
    {
        if (!entry.is_regular_file())
            continue;
        std::string ext = entry.path().extension().string();
        std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return (char)std::tolower(c); });
        if (std::find_if(std::begin(extensions), std::end(extensions), [&](const char* e) { return ext == e; }) != std::end(extensions))
            files.push_back(entry.path().string());
    }
    std::sort(files.begin(), files.end());
    if (files.empty())
        fail(std::string("--") + what + ": no images in " + dir);
    return files;
}

std::vector<int> parseMethods(const std::string& list)
{
    std::vector<int> methods;
    size_t start = 0;
    while (start <= list.size())
    {
        const size_t end = std::min(list.find(',', start), list.size());
        const std::string name = list.substr(start, end - start);
        if (!name.empty())
            methods.push_back(cv::inpainting::methodFromName(name));
        start = end + 1;
    }
    if (methods.empty())
        fail("--methods: no method given");
    return methods;
}

std::vector<int> availableMethods(bool haveModel)
{
    std::vector<int> methods;
    for (int m = cv::inpainting::INPAINT_TELEA; m <= cv::inpainting::INPAINT_CRIMINISI; m++)
        if (cv::inpainting::isMethodAvailable(m) ||
            ((m == cv::inpainting::INPAINT_PCONV || m == cv::inpainting::INPAINT_PCONV_PATCH) && haveModel))
            methods.push_back(m);
    return methods;
}

cv::Mat showHole(const cv::Mat& image, const cv::Mat& mask)
{
    cv::Mat shown = image.clone();
    shown.setTo(cv::Scalar::all(image.depth() == CV_8U ? 255 : image.depth() == CV_16U ? 65535 : 1), mask);
    return shown;
}

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
                 int tileHeight, int tileWidth)
{
    const int gap = 4, headerHeight = 28;
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
    int height = headerHeight + gap;
    for (int h : rowHeights)
        height += h + gap;
    cv::Mat grid(height, width, CV_8UC3, cv::Scalar::all(255));
    int x = gap;
    for (size_t c = 0; c < columnWidths.size(); c++)
    {
        if (c < header.size())
            cv::putText(grid, header[c], cv::Point(x, headerHeight - 9), cv::FONT_HERSHEY_SIMPLEX, 0.5,
                        cv::Scalar::all(0), 1, cv::LINE_AA);
        int y = headerHeight;
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

MethodRunner::MethodRunner(const std::string& model) : model_(model)
{
}

void MethodRunner::loadModel()
{
    if (!model_.empty() && !pconv_)
        pconv_ = cv::inpainting::PartialConvInpainter::create(model_);
}

void MethodRunner::configurePconv(const PconvOptions& options)
{
    if (!options.strategy.empty() && options.strategy != "crops" && options.strategy != "whole")
        fail("unknown PConv strategy '" + options.strategy + "' (expected crops or whole)");
    if (options.flipAveraging != -1 && options.flipAveraging != 0 && options.flipAveraging != 1)
        fail("PConv flip averaging must be 0 or 1, got " + std::to_string(options.flipAveraging));
    cv::Ptr<cv::inpainting::PartialConvInpainter> pconv = cv::inpainting::PartialConvInpainter::create(model_);
    if (!options.strategy.empty())
        pconv->setStrategy(options.strategy == "crops" ? cv::inpainting::PCONV_STRATEGY_CROPS
                                                       : cv::inpainting::PCONV_STRATEGY_WHOLE);
    if (options.workingSize != -1)
        pconv->setWorkingSize(options.workingSize);
    if (options.context != -1)
        pconv->setContext(options.context);
    if (options.holeThickness != -1)
        pconv->setHoleThickness(options.holeThickness);
    if (options.flipAveraging != -1)
        pconv->setFlipAveraging(options.flipAveraging == 1);
    if (options.edgeRefinement != -1)
        pconv->setEdgeRefinement(options.edgeRefinement);
    if (options.thinHoleWidth != -1)
        pconv->setThinHoleWidth(options.thinHoleWidth);
    pconv_ = pconv;
}

void MethodRunner::run(int method, const cv::Mat& image, const cv::Mat& mask, cv::Mat& result)
{
    if (method == cv::inpainting::INPAINT_PCONV && (!model_.empty() || pconv_))
    {
        loadModel();
        pconv_.dynamicCast<cv::inpainting::PartialConvInpainter>()->apply(image, mask, result);
        return;
    }
    if (method == cv::inpainting::INPAINT_PCONV_PATCH && !model_.empty())
    {
        if (!pconvPatch_)
            pconvPatch_ = cv::inpainting::PconvPatchInpainter::create(model_);
        pconvPatch_.dynamicCast<cv::inpainting::PconvPatchInpainter>()->apply(image, mask, result);
        return;
    }
    cv::inpainting::inpaint(image, mask, result, method);
}

} // namespace inpainting_samples
