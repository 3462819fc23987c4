// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

// The default model, compiled into the library so that PartialConvInpainter::create() works from
// any working directory, installed or not, and from Python. cmake/default_model.cmake defines
// INPAINTING_DEFAULT_MODEL_FILE (the absolute path of models/pconv_default.onnx) when the file
// exists. The assembler's .incbin copies the file into .rodata at build time: a 10 MB model costs
// no compile time and no generated source, unlike a C array of a million hex literals.

#include "precomp.hpp"
#include "default_model.hpp"
#include "partial_conv_model.hpp"

#include <cstdlib>
#include <filesystem>
#include <string>

#if defined(INPAINTING_DEFAULT_MODEL_FILE) && (defined(__GNUC__) || defined(__clang__)) && defined(__ELF__)
#define INPAINTING_EMBEDS_DEFAULT_MODEL 1
// .hidden keeps the symbols out of the shared library's exports and lets the references below be
// PC-relative (no text relocations in a -fPIC library).
__asm__(".pushsection .rodata\n"
        ".balign 64\n"
        ".hidden opencv_inpainting_default_model_begin\n"
        ".hidden opencv_inpainting_default_model_end\n"
        "opencv_inpainting_default_model_begin:\n"
        ".incbin \"" INPAINTING_DEFAULT_MODEL_FILE "\"\n"
        "opencv_inpainting_default_model_end:\n"
        ".popsection\n");
extern "C" const unsigned char opencv_inpainting_default_model_begin[];
extern "C" const unsigned char opencv_inpainting_default_model_end[];
#endif

namespace cv {
namespace inpainting {
namespace detail {

namespace {

// The data-file routes of defaultModelBytes(): the environment's override, then the installed copy.
std::string defaultModelFile(bool& overridden)
{
    const char* env = std::getenv("OPENCV_INPAINTING_DEFAULT_MODEL");
    overridden = env && *env;
    if (overridden)
        return env;
#ifdef INPAINTING_DEFAULT_MODEL_INSTALLED
    return INPAINTING_DEFAULT_MODEL_INSTALLED;
#else
    return std::string();
#endif
}

} // namespace

size_t defaultModelSize()
{
    bool overridden = false;
    const std::string file = defaultModelFile(overridden);
#ifdef INPAINTING_EMBEDS_DEFAULT_MODEL
    if (!overridden)
        return (size_t)(opencv_inpainting_default_model_end - opencv_inpainting_default_model_begin);
#endif
    std::error_code ec;
    const uintmax_t size = file.empty() ? 0 : std::filesystem::file_size(file, ec);
    return ec || size == (uintmax_t)-1 ? 0 : (size_t)size;
}

std::vector<uchar> defaultModelBytes()
{
    bool overridden = false;
    const std::string file = defaultModelFile(overridden);
#ifdef INPAINTING_EMBEDS_DEFAULT_MODEL
    if (!overridden)
        return std::vector<uchar>(opencv_inpainting_default_model_begin, opencv_inpainting_default_model_end);
#endif
    if (file.empty() || defaultModelSize() == 0)
        return std::vector<uchar>();
    return readModelFile(file); // raises naming the file when it cannot be read
}

}}} // namespace cv::inpainting::detail
