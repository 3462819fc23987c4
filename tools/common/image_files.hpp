// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

// Which files the programs read as photos and masks: image folders listed by extension, and the
// bytes checked before any OpenCV decoder sees them (tools/common, internal).

#ifndef INPAINTING_TOOLS_IMAGE_FILES_HPP
#define INPAINTING_TOOLS_IMAGE_FILES_HPP

#include <string>
#include <vector>

#include "opencv2/core.hpp"

namespace inpainting_tools {

/** The image files of folder @p dir (by extension: JPEG, PNG, BMP, TIFF, WebP, PNM/PAM/PFM, JPEG
2000), sorted by name. Raises BadInput naming the argument @p what (e.g. "--images") when the
folder is missing or holds none. */
std::vector<std::string> listImages(const std::string& dir, const char* what);

/** Why the bytes of a file must not be decoded as a photo or mask, or an empty string if they may.
OpenCV picks a decoder by content, not by name, and Debian's build also has DICOM (GDCM) and GDAL
readers: GDCM abort()s the whole process on a corrupt file. So the bytes must start like one of
the formats listImages() accepts, and carry neither the DICOM nor the DTED marker. */
std::string imageBytesProblem(const std::vector<uchar>& bytes);

//! The bytes of a file; false when it cannot be read.
bool readFileBytes(const std::string& path, std::vector<uchar>& bytes);

} // namespace inpainting_tools

#endif
