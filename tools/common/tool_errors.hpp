// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

// How the command-line programs (samples/ and tools/train) report bad input: one line on stderr,
// exit code 2. Part of the internal tool library (tools/common), which the module never uses.

#ifndef INPAINTING_TOOLS_TOOL_ERRORS_HPP
#define INPAINTING_TOOLS_TOOL_ERRORS_HPP

#include <functional>
#include <stdexcept>
#include <string>

namespace inpainting_tools {

//! Exit code of every program for bad input (arguments, files, data).
const int kExitBadInput = 2;

//! Bad input by the user: reported on one line, exit code kExitBadInput.
struct BadInput : std::runtime_error
{
    explicit BadInput(const std::string& message) : std::runtime_error(message) {}
};

//! Raises BadInput with @p message.
[[noreturn]] void fail(const std::string& message);

/** Runs @p body; a cv::Exception or std::exception becomes one line `<program>: error: <message>`
on stderr and exit code kExitBadInput. */
int runGuarded(const char* program, const std::function<int()>& body);

} // namespace inpainting_tools

#endif
