#!/usr/bin/env bash
# Configures and builds the standalone project (library, tests, samples, benchmarks, tools/train)
# into ./build. Extra arguments go to the CMake configure step.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release "$@"
cmake --build build -j"$(nproc)"
