#!/usr/bin/env bash
# The library as an OpenCV contrib module may find it: configured and built without OpenBLAS and
# without ONNX (INPAINTING_WITH_OPENBLAS=OFF, INPAINTING_WITH_ONNX=OFF), library only, in its own
# build folder; then checks that the result links neither. ctest runs it as
# Inpainting_Build.library_without_openblas_and_onnx (label build).
#   test/scripts/minimal_library_build.sh <source dir> <build dir> [extra cmake args...]
set -euo pipefail
src=$1 build=$2
shift 2
launcher=()
if command -v ccache >/dev/null; then
    launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
fi
cmake -S "$src" -B "$build" -DCMAKE_BUILD_TYPE=Release "${launcher[@]}" \
    -DINPAINTING_WITH_OPENBLAS=OFF -DINPAINTING_WITH_ONNX=OFF \
    -DINPAINTING_BUILD_TESTS=OFF -DINPAINTING_BUILD_PERF=OFF -DINPAINTING_BUILD_SAMPLES=OFF \
    -DINPAINTING_BUILD_TRAIN=OFF "$@" > "$build.configure.log" 2>&1 ||
    { cat "$build.configure.log"; exit 1; }
grep -q "OpenBLAS: OFF, ONNX model checks: OFF" "$build.configure.log" ||
    { echo "FAIL: the configure step did not turn both off:"; grep "opencv_inpainting:" "$build.configure.log"; exit 1; }
cmake --build "$build" --target opencv_inpainting -j"$(nproc)"
lib=$(find "$build/lib" -name 'libopencv_inpainting.so*' -type f | head -1)
[ -n "$lib" ] || { echo "FAIL: no libopencv_inpainting.so in $build/lib"; exit 1; }
needed=$(readelf -d "$lib" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
echo "$lib needs: $(echo $needed)"
if echo "$needed" | grep -Eq 'openblas|blas|onnx|protobuf'; then
    echo "FAIL: the library still links OpenBLAS or ONNX/protobuf"
    exit 1
fi
echo "OK: built without OpenBLAS and ONNX"
