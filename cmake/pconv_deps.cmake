# Optional dependencies of the partial-convolution code (src/partial_conv_*), shared by both build
# modes, so that the module drops into an OpenCV tree that has neither:
#  * OpenBLAS (INPAINTING_WITH_OPENBLAS): the fused layer's GEMM. Without it cv::gemm does the
#    products (src/partial_conv_gemm.hpp: same results within float rounding, slower). Debian's
#    reference BLAS is ~20x slower than OpenBLAS, so only OpenBLAS is looked for (pkg-config, then
#    find_library).
#  * ONNX's protobuf classes (INPAINTING_WITH_ONNX, Debian libonnx-dev): the model loader validates
#    and rewrites ModelProto before OpenCV's importer sees it. Without them the loader reads only
#    the metadata and leaves the rest to OpenCV's importer (src/partial_conv_model_without_onnx.cpp):
#    no half-precision weights, no standard-layer (CUDA) route, no Concat/activation fusion.
# Each is used when found; OFF leaves it out even when installed. The result is printed and
# INPAINTING_HAVE_OPENBLAS / INPAINTING_HAVE_ONNX are set for the caller.
# Defines the function inpainting_link_pconv_deps(<target> <PRIVATE|PUBLIC>).

option(INPAINTING_WITH_OPENBLAS "Use OpenBLAS for the fused layer's matrix products when found" ON)
option(INPAINTING_WITH_ONNX "Use ONNX's protobuf classes (libonnx-dev) to check and rewrite models when found" ON)

set(INPAINTING_HAVE_OPENBLAS OFF)
if(INPAINTING_WITH_OPENBLAS)
    find_package(PkgConfig QUIET)
    if(PkgConfig_FOUND AND NOT TARGET PkgConfig::INPAINTING_OPENBLAS)
        pkg_check_modules(INPAINTING_OPENBLAS QUIET IMPORTED_TARGET openblas)
    endif()
    if(TARGET PkgConfig::INPAINTING_OPENBLAS)
        set(INPAINTING_HAVE_OPENBLAS ON)
    else()
        find_library(INPAINTING_OPENBLAS_LIBRARY NAMES openblas)
        find_path(INPAINTING_OPENBLAS_INCLUDE_DIR NAMES cblas.h
                  PATH_SUFFIXES openblas x86_64-linux-gnu/openblas-pthread openblas-pthread)
        if(INPAINTING_OPENBLAS_LIBRARY AND INPAINTING_OPENBLAS_INCLUDE_DIR)
            set(INPAINTING_HAVE_OPENBLAS ON)
        endif()
    endif()
endif()

set(INPAINTING_HAVE_ONNX OFF)
if(INPAINTING_WITH_ONNX)
    find_package(Protobuf QUIET)
    find_package(ONNX QUIET) # Debian: libonnx-dev; gives onnx_proto with ONNX_NAMESPACE=onnx, ONNX_ML=1
    if(Protobuf_FOUND AND ONNX_FOUND AND TARGET onnx_proto)
        set(INPAINTING_HAVE_ONNX ON)
    endif()
endif()
message(STATUS "opencv_inpainting: OpenBLAS: ${INPAINTING_HAVE_OPENBLAS}, ONNX model checks: ${INPAINTING_HAVE_ONNX}")

function(inpainting_link_pconv_deps target scope)
    if(INPAINTING_HAVE_OPENBLAS)
        target_compile_definitions(${target} ${scope} INPAINTING_HAVE_OPENBLAS=1)
        if(TARGET PkgConfig::INPAINTING_OPENBLAS)
            target_link_libraries(${target} ${scope} PkgConfig::INPAINTING_OPENBLAS)
        else()
            target_include_directories(${target} ${scope} ${INPAINTING_OPENBLAS_INCLUDE_DIR})
            target_link_libraries(${target} ${scope} ${INPAINTING_OPENBLAS_LIBRARY})
        endif()
    endif()
    if(INPAINTING_HAVE_ONNX)
        target_compile_definitions(${target} ${scope} INPAINTING_HAVE_ONNX=1)
        target_link_libraries(${target} ${scope} onnx_proto protobuf::libprotobuf)
    endif()
endfunction()
