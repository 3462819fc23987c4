#!/usr/bin/env bash
# The library as an OpenCV contrib module may find it: configured and built without OpenBLAS and
# without ONNX (INPAINTING_WITH_OPENBLAS=OFF, INPAINTING_WITH_ONNX=OFF), library only, in its own
# build folder; then checks that the result links neither and, given the full build's `inpaint`
# tool, that its default model (half-precision weights) fills a photo as the full build does.
# ctest runs it as Inpainting_Build.library_without_openblas_and_onnx (label build).
#   test/scripts/minimal_library_build.sh <source dir> <build dir> [<full build's inpaint> [extra cmake args...]]
set -euo pipefail
src=$1 build=$2 reference_tool=${3:-}
shift 2
[ $# -gt 0 ] && shift
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
[ -n "$reference_tool" ] || exit 0

# The default model in this build: the library's fill of a photo against the full build's.
photo=/usr/share/doc/opencv-doc/examples/data/fruits.jpg
[ -f "$photo" ] || { echo "FAIL: $photo missing (opencv-doc)"; exit 1; }
work="$build/default_model_check"
mkdir -p "$work"
/usr/bin/python3 - "$photo" "$work/mask.png" <<'PY'
import sys, cv2 as cv, numpy as np
img = cv.imread(sys.argv[1])
mask = np.zeros(img.shape[:2], np.uint8)
h, w = mask.shape
cv.rectangle(mask, (w // 3, h // 3), (w // 3 + w // 5, h // 3 + h // 6), 255, -1)
cv.line(mask, (w // 8, h - h // 5), (w - w // 6, h // 6), 255, 9)
cv.imwrite(sys.argv[2], mask)
PY
"$reference_tool" --image="$photo" --mask="$work/mask.png" --method=pconv --output="$work/reference.png"
c++ -O2 -std=c++17 "$src/test/scripts/minimal_default_model_check.cpp" -o "$work/check" \
    -I"$src/include" $(pkg-config --cflags opencv4) -L"$(dirname "$lib")" -lopencv_inpainting \
    -Wl,-rpath,"$(dirname "$lib")" -lopencv_imgcodecs -lopencv_imgproc -lopencv_core
"$work/check" "$photo" "$work/mask.png" "$work/reference.png"
echo "OK: the default model loads and fills without ONNX"
