// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

// inpaint_video's image-sequence patterns (--video, --masks, --output): they reach printf-style
// formatting, so every pattern the check accepts must format one int safely. Under ASan/UBSan a
// pattern that slipped through with %s, %n or a second conversion would read or write memory; the
// checks below also catch one that formats without printing the index.

#include <climits>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "opencv2/core.hpp"
#include "frame_pattern.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const std::string pattern(reinterpret_cast<const char*>(data), size);
    if (!inpainting_samples::isValidFramePattern(pattern))
        return 0;
    if (!inpainting_samples::isFramePattern(pattern))
        std::abort(); // accepted patterns hold a conversion, so a '%'
    for (int index : { 0, 7, 4321, INT_MAX, INT_MIN })
    {
        const std::string name = cv::format(pattern.c_str(), index);
        // The one conversion prints the index: its decimal digits appear (for %u of a negative
        // index, those of the unsigned value).
        const std::string digits = index >= 0 ? std::to_string(index) : std::to_string((unsigned)index);
        if (name.find(digits) == std::string::npos && name.find(std::to_string(index)) == std::string::npos)
            std::abort();
    }
    return 0;
}
