#!/usr/bin/env bash
# Builds the libFuzzer targets of fuzz/ with clang in their own build folder (the library is
# instrumented for coverage, ASan and UBSan there, so it cannot share objects with the main build).
#
#   fuzz_build.sh SOURCE_DIR BUILD_DIR CLANGXX [extra cmake arguments...]
set -euo pipefail
src=$1 build=$2 cxx=$3
shift 3
mkdir -p "$build"
start=$(date +%s)
cmake -S "$src" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER="$cxx" \
      -DINPAINTING_BUILD_FUZZERS=ON -DINPAINTING_BUILD_TESTS=OFF -DINPAINTING_BUILD_PERF=OFF \
      -DINPAINTING_BUILD_SAMPLES=OFF -DINPAINTING_BUILD_TRAIN=OFF "$@" > "$build/configure.log" \
    || { cat "$build/configure.log"; exit 1; }
cmake --build "$build" -j"${INPAINTING_FUZZ_JOBS:-2}" > "$build/build.log" 2>&1 || { tail -50 "$build/build.log"; exit 1; }
echo "fuzzers built in $(( $(date +%s) - start )) s: $(cd "$build/bin" && ls fuzz_* | tr '\n' ' ')"
