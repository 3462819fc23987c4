#!/usr/bin/env bash
# Runs the whole test suite again in a build with AddressSanitizer (+LeakSanitizer) and
# UndefinedBehaviorSanitizer, and fails on any sanitizer report, including reports from the
# command-line programs that the tests start as child processes (their exit codes alone could be
# swallowed, so every report is also written to a log folder that must stay empty).
#
#   sanitize_suite.sh SOURCE_DIR BUILD_DIR [extra cmake arguments...]
#
# Called by the CTest test Inpainting_Sanitizers.whole_suite of the normal build.
set -euo pipefail

src=$(cd "$1" && pwd)
build=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)
jobs=${INPAINTING_SANITIZE_JOBS:-2}

mkdir -p "$build"
build=$(cd "$build" && pwd)
logs=$build/sanitizer-logs
rm -rf "$logs"
mkdir -p "$logs"

start=$(date +%s)
# Benchmarks and fuzzers are not part of ctest; leaving them out saves build time. The Python
# test builds OpenCV without sanitizers anyway: the normal build runs it once.
# tools/train (pconv_train and its tests) is left out too: nearly all it executes is LibTorch
# (libtorch_cpu, oneDNN, OpenMP), which Debian does not build with sanitizers, so ASan would watch
# only the thin layer of our code on top, for the price of compiling the LibTorch-heavy units again
# with instrumentation. Its input decoding runs under ASan/UBSan in fuzz/fuzz_train_data, the tests
# that run pconv_train skip when it is not built, and the normal build runs them. (A probe of
# LibTorch under these options - conv forward/backward, Adam, torch::save, 2 threads - gave no
# report, so -DINPAINTING_BUILD_TRAIN=ON here is an option.)
cmake -S "$src" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DINPAINTING_SANITIZE=ON \
      -DINPAINTING_BUILD_PERF=OFF -DINPAINTING_BUILD_FUZZERS=OFF -DINPAINTING_PYTHON_TESTS=OFF \
      -DINPAINTING_BUILD_TRAIN=OFF "$@" > "$build/configure.log" \
    || { cat "$build/configure.log"; exit 1; }
cmake --build "$build" -j"$jobs" > "$build/build.log" 2>&1 || { tail -50 "$build/build.log"; exit 1; }
built=$(date +%s)

# detect_leaks: LeakSanitizer is on by default on x86-64 Linux; said here so that it stays on.
# log_path: one file per process that reports anything; the folder must stay empty.
export ASAN_OPTIONS="suppressions=$here/asan.supp:detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=1:check_initialization_order=1:log_path=$logs/asan"
export LSAN_OPTIONS="suppressions=$here/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:log_path=$logs/ubsan"

status=0
ctest --test-dir "$build" --output-on-failure -j"$jobs" || status=$?
done_at=$(date +%s)

reports=$(find "$logs" -type f | sort)
if [ -n "$reports" ]; then
    echo "sanitizer reports:"
    for f in $reports; do
        echo "---- $f"
        cat "$f"
    done
    status=1
fi
echo "sanitized build: $((built - start)) s, sanitized ctest: $((done_at - built)) s, reports: $(echo -n "$reports" | grep -c . || true)"
exit $status
