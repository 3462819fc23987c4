// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

#include "image_files.hpp"
#include "tool_errors.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <iterator>

namespace fs = std::filesystem;

namespace inpainting_tools {

namespace {

// Whether the bytes start like one of the formats listImages() accepts by name.
bool imageSignature(const std::vector<uchar>& b)
{
    auto at = [&](size_t offset, std::initializer_list<int> sig) {
        if (b.size() < offset + sig.size())
            return false;
        size_t i = offset;
        for (int c : sig)
            if (b[i++] != (uchar)c)
                return false;
        return true;
    };
    return at(0, { 0xFF, 0xD8, 0xFF }) ||                                     // JPEG
           at(0, { 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A }) ||         // PNG
           at(0, { 'B', 'M' }) ||                                             // BMP
           at(0, { 'I', 'I', 42, 0 }) || at(0, { 'M', 'M', 0, 42 }) ||       // TIFF
           (at(0, { 'R', 'I', 'F', 'F' }) && at(8, { 'W', 'E', 'B', 'P' })) || // WebP
           (b.size() >= 2 && b[0] == 'P' &&
            ((b[1] >= '1' && b[1] <= '7') || b[1] == 'F' || b[1] == 'f')) || // PBM/PGM/PPM/PAM/PFM
           at(0, { 0, 0, 0, 0x0C, 'j', 'P', ' ', ' ' }) || at(0, { 0xFF, 0x4F, 0xFF, 0x51 }); // JPEG 2000
}

// OpenCV picks the first reader whose check accepts a file, and two readers outside the photo
// formats accept files by a marker deep in them: GDCM (DICOM, "DICM" at byte 128), which abort()s
// the process on a corrupt file, and GDAL (DTED elevation data, "DTED" at byte 140). GDCM comes
// before JPEG 2000 in the list, and imageSignature() is looser than OpenCV's own checks for PNM,
// PAM and WebP ("P1" not followed by a space, say), so a file could pass it and still reach them
// (found by fuzz/fuzz_train_data; seeds regress_dicom_after_*).
const char* foreignReaderMarker(const std::vector<uchar>& b)
{
    auto has = [&](size_t offset, const char* marker) {
        return b.size() >= offset + 4 && std::equal(marker, marker + 4, b.begin() + offset);
    };
    if (has(128, "DICM"))
        return "has a DICOM marker (\"DICM\" at byte 128), which OpenCV would decode with GDCM";
    if (has(140, "DTED"))
        return "has a DTED marker (\"DTED\" at byte 140), which OpenCV would decode with GDAL";
    return nullptr;
}

} // namespace

std::vector<std::string> listImages(const std::string& dir, const char* what)
{
    if (dir.empty())
        fail(std::string(what) + " is required");
    std::error_code ec;
    if (!fs::is_directory(dir, ec))
        fail(std::string(what) + ": '" + dir + "' is not a folder");
    static const char* const extensions[] = { ".jpg", ".jpeg", ".png", ".bmp", ".tif", ".tiff", ".webp",
                                              ".ppm", ".pgm", ".pbm", ".pnm", ".pam", ".pfm", ".jp2" };
    std::vector<std::string> files;
    for (const auto& e : fs::directory_iterator(dir, ec))
    {
        std::error_code typeError;
        if (!e.is_regular_file(typeError))
            continue;
        std::string ext = e.path().extension().string();
        std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return (char)std::tolower(c); });
        if (std::find_if(std::begin(extensions), std::end(extensions), [&](const char* x) { return ext == x; }) !=
            std::end(extensions))
            files.push_back(e.path().string());
    }
    if (ec)
        fail(std::string(what) + ": cannot read folder '" + dir + "': " + ec.message());
    if (files.empty())
        fail(std::string(what) + ": folder '" + dir + "' holds no image files");
    std::sort(files.begin(), files.end());
    return files;
}

std::string imageBytesProblem(const std::vector<uchar>& bytes)
{
    if (bytes.empty())
        return "empty file";
    if (!imageSignature(bytes))
        return "not a JPEG, PNG, BMP, TIFF, WebP, PNM/PAM/PFM or JPEG 2000 file";
    if (const char* foreign = foreignReaderMarker(bytes))
        return foreign;
    return std::string();
}

bool readFileBytes(const std::string& path, std::vector<uchar>& bytes)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return false;
    bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    return !in.bad();
}

} // namespace inpainting_tools
