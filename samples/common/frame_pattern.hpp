// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

// File-name patterns of image sequences (frames/%04d.png), as inpaint_video takes them. Header-only:
// the fuzzer fuzz/fuzz_frame_pattern.cpp includes it without the samples' library.

#ifndef OPENCV_INPAINTING_FRAME_PATTERN_HPP
#define OPENCV_INPAINTING_FRAME_PATTERN_HPP

#include <cctype>
#include <string>

namespace inpainting_samples {

//! Whether a path is meant as an image-sequence pattern (it holds a '%').
inline bool isFramePattern(const std::string& path) { return path.find('%') != std::string::npos; }

/** Whether @p pattern may be handed to printf-style formatting with one int: exactly one integer
conversion (%d, %04d, %5i, %u; an optional 0 flag and a width of at most 2 digits) and nothing else
printf would read ("%%" is a literal %). "%s" or "%n" from the command line would read or write
memory, a second conversion would read an argument that is not there. */
inline bool isValidFramePattern(const std::string& pattern)
{
    int conversions = 0;
    for (size_t i = 0; i < pattern.size(); i++)
    {
        if (pattern[i] != '%')
            continue;
        if (i + 1 < pattern.size() && pattern[i + 1] == '%')
        {
            i++;
            continue;
        }
        size_t j = i + 1;
        if (j < pattern.size() && pattern[j] == '0')
            j++;
        for (int digits = 0; j < pattern.size() && digits < 2 && std::isdigit((unsigned char)pattern[j]); digits++)
            j++;
        if (j >= pattern.size() || (pattern[j] != 'd' && pattern[j] != 'i' && pattern[j] != 'u'))
            return false;
        conversions++;
        i = j;
    }
    // A NUL byte would end the C string printf sees before the part that was checked.
    return conversions == 1 && pattern.find('\0') == std::string::npos;
}

} // namespace inpainting_samples

#endif
