# The default model (models/pconv_default.onnx): compiled into the library by src/default_model.cpp
# where the platform allows (the assembler's .incbin: ELF), and installed as a data file either way,
# which the library reads when it embeds none (detail::defaultModelBytes()). Its half-precision
# weights are widened on load with or without ONNX (src/onnx_wire_format.hpp). Shared by both build modes; include after pconv_deps.cmake,
# once the library's sources are known.
include(GNUInstallDirs)
set(INPAINTING_DEFAULT_MODEL_FILE "${CMAKE_CURRENT_LIST_DIR}/../models/pconv_default.onnx")
get_filename_component(INPAINTING_DEFAULT_MODEL_FILE "${INPAINTING_DEFAULT_MODEL_FILE}" ABSOLUTE)
set(inpainting_default_model_source "${CMAKE_CURRENT_LIST_DIR}/../src/default_model.cpp")
if(DEFINED OPENCV_OTHER_INSTALL_PATH)
    set(INPAINTING_MODEL_INSTALL_DIR "${OPENCV_OTHER_INSTALL_PATH}/inpainting") # inside an OpenCV build
else()
    set(INPAINTING_MODEL_INSTALL_DIR "${CMAKE_INSTALL_DATADIR}/opencv4/inpainting")
endif()
if(EXISTS "${INPAINTING_DEFAULT_MODEL_FILE}")
    install(FILES "${INPAINTING_DEFAULT_MODEL_FILE}" DESTINATION "${INPAINTING_MODEL_INSTALL_DIR}")
    set_property(SOURCE "${inpainting_default_model_source}" APPEND PROPERTY COMPILE_DEFINITIONS
                 "INPAINTING_DEFAULT_MODEL_INSTALLED=\"${CMAKE_INSTALL_PREFIX}/${INPAINTING_MODEL_INSTALL_DIR}/pconv_default.onnx\"")
    set_property(SOURCE "${inpainting_default_model_source}" APPEND PROPERTY COMPILE_DEFINITIONS
                 "INPAINTING_DEFAULT_MODEL_FILE=\"${INPAINTING_DEFAULT_MODEL_FILE}\"")
    set_property(SOURCE "${inpainting_default_model_source}" APPEND PROPERTY OBJECT_DEPENDS
                 "${INPAINTING_DEFAULT_MODEL_FILE}")
    message(STATUS "opencv_inpainting: embedding the default model ${INPAINTING_DEFAULT_MODEL_FILE} "
                   "(ELF platforms; also installed to ${INPAINTING_MODEL_INSTALL_DIR})")
else()
    message(STATUS "opencv_inpainting: no models/pconv_default.onnx, PartialConvInpainter::create() needs a path")
endif()
