// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

// Files the programs write appear whole or not at all: written under a temporary name in the same
// folder, flushed to the disk, then renamed into place (tools/common, internal).

#ifndef INPAINTING_TOOLS_ATOMIC_WRITE_HPP
#define INPAINTING_TOOLS_ATOMIC_WRITE_HPP

#include <functional>
#include <string>

#include "opencv2/core.hpp"

namespace inpainting_tools {

/** The temporary name of @p path: `.tmp.<pid>.<file name>` in the same folder, so the rename cannot
cross file systems and the extension (by which imwrite and VideoWriter choose the format) is kept. */
std::string temporaryName(const std::string& path);

/** Writes @p path through @p writer (which writes the file it is given), atomically. A missing or
read-only folder raises BadInput before @p writer runs; any failure removes the temporary file and
raises naming @p path ("cannot write '<path>': ..."). */
void writeAtomic(const std::string& path, const std::function<void(const std::string& tmp)>& writer);

//! writeAtomic() of a text.
void writeTextAtomic(const std::string& path, const std::string& text);

//! writeAtomic() of an image (format by the extension; an unknown one raises BadInput).
void writeImageAtomic(const std::string& path, const cv::Mat& image);

/** Removes the temporary files that killed processes left in @p dir (their targets are intact:
the rename never happened); returns how many. Files of live processes are kept. */
int removeStaleTemporaries(const std::string& dir);

} // namespace inpainting_tools

#endif
