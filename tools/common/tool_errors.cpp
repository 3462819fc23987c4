// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

#include "tool_errors.hpp"

#include <iostream>

#include "opencv2/core.hpp"

namespace inpainting_tools {

void fail(const std::string& message)
{
    throw BadInput(message);
}

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

} // namespace inpainting_tools
