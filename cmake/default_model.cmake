# The default model (models/pconv_default.onnx) is compiled into the library by
# src/default_model.cpp. Shared by both build modes; call after the library's sources are known.
set(INPAINTING_DEFAULT_MODEL_FILE "${CMAKE_CURRENT_LIST_DIR}/../models/pconv_default.onnx")
get_filename_component(INPAINTING_DEFAULT_MODEL_FILE "${INPAINTING_DEFAULT_MODEL_FILE}" ABSOLUTE)
if(EXISTS "${INPAINTING_DEFAULT_MODEL_FILE}")
    set_source_files_properties("${CMAKE_CURRENT_LIST_DIR}/../src/default_model.cpp" PROPERTIES
        COMPILE_DEFINITIONS "INPAINTING_DEFAULT_MODEL_FILE=\"${INPAINTING_DEFAULT_MODEL_FILE}\""
        OBJECT_DEPENDS "${INPAINTING_DEFAULT_MODEL_FILE}")
    message(STATUS "opencv_inpainting: embedding the default model ${INPAINTING_DEFAULT_MODEL_FILE}")
else()
    message(STATUS "opencv_inpainting: no models/pconv_default.onnx, PartialConvInpainter::create() needs a path")
endif()
