# Included by the top-level CMakeLists.txt in the normal (gcc) build: CTest builds the fuzzers
# with clang in a build folder of their own (fixture Inpainting_Fuzz.build), then runs each one
# for a short fixed time from its committed seed corpus (test/scripts/fuzz_run.sh).
set(INPAINTING_FUZZ_SECONDS 20 CACHE STRING "Seconds each fuzzer runs in ctest")
set(inpainting_fuzz_build ${CMAKE_BINARY_DIR}/fuzz)
add_test(NAME Inpainting_Fuzz.build
         COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/test/scripts/fuzz_build.sh
                 ${CMAKE_CURRENT_SOURCE_DIR} ${inpainting_fuzz_build} ${INPAINTING_CLANGXX})
set_tests_properties(Inpainting_Fuzz.build PROPERTIES FIXTURES_SETUP inpainting_fuzz TIMEOUT 1800 PROCESSORS 2
                     LABELS fuzz)
file(GLOB inpainting_fuzz_targets CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/fuzz/fuzz_*.cpp)
foreach(src ${inpainting_fuzz_targets})
    get_filename_component(name ${src} NAME_WE)
    string(REGEX REPLACE "^fuzz_" "" short ${name})
    add_test(NAME Inpainting_Fuzz.${short}
             COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/test/scripts/fuzz_run.sh ${inpainting_fuzz_build}/bin/${name}
                     ${CMAKE_CURRENT_SOURCE_DIR}/fuzz/corpus/${short} ${INPAINTING_FUZZ_SECONDS})
    set_tests_properties(Inpainting_Fuzz.${short} PROPERTIES FIXTURES_REQUIRED inpainting_fuzz
                         TIMEOUT 600 LABELS fuzz)
endforeach()
