# Dependencies of the partial-convolution code (src/partial_conv_*), shared by both build modes:
#  * OpenBLAS: the fused layer's GEMM (Debian's reference BLAS is ~20x slower, so only OpenBLAS
#    is accepted; it is found through pkg-config or, failing that, find_library).
#  * ONNX's protobuf classes (libonnx-dev): the model loader validates and rewrites ModelProto
#    before OpenCV's importer sees it.
# Defines the function inpainting_link_pconv_deps(<target> <PRIVATE|PUBLIC>).

find_package(PkgConfig QUIET)
if(PkgConfig_FOUND AND NOT TARGET PkgConfig::INPAINTING_OPENBLAS)
    pkg_check_modules(INPAINTING_OPENBLAS QUIET IMPORTED_TARGET openblas)
endif()
if(NOT TARGET PkgConfig::INPAINTING_OPENBLAS)
    find_library(INPAINTING_OPENBLAS_LIBRARY NAMES openblas)
    find_path(INPAINTING_OPENBLAS_INCLUDE_DIR NAMES cblas.h
              PATH_SUFFIXES openblas x86_64-linux-gnu/openblas-pthread openblas-pthread)
    if(NOT INPAINTING_OPENBLAS_LIBRARY OR NOT INPAINTING_OPENBLAS_INCLUDE_DIR)
        message(FATAL_ERROR "opencv_inpainting needs OpenBLAS (Debian: libopenblas-dev)")
    endif()
endif()

find_package(Protobuf REQUIRED)
find_package(ONNX REQUIRED) # Debian: libonnx-dev; gives onnx_proto with ONNX_NAMESPACE=onnx, ONNX_ML=1

function(inpainting_link_pconv_deps target scope)
    if(TARGET PkgConfig::INPAINTING_OPENBLAS)
        target_link_libraries(${target} ${scope} PkgConfig::INPAINTING_OPENBLAS)
    else()
        target_include_directories(${target} ${scope} ${INPAINTING_OPENBLAS_INCLUDE_DIR})
        target_link_libraries(${target} ${scope} ${INPAINTING_OPENBLAS_LIBRARY})
    endif()
    target_link_libraries(${target} ${scope} onnx_proto protobuf::libprotobuf)
endfunction()
