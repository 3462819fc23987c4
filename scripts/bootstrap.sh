#!/usr/bin/env bash
# Installs every Debian package the project needs (Debian 12 "bookworm", run as root).
# Idempotent: apt-get skips what is already installed.
set -euo pipefail

packages=(
    # toolchain
    build-essential cmake pkg-config git
    # the module: OpenCV 4.6 with contrib (xphoto, highgui) and its sample photos
    libopencv-dev libopencv-contrib-dev opencv-doc
    # Debian's reference BLAS is ~20x slower than OpenBLAS here; OpenCV DNN and LibTorch both gain
    libopenblas0-pthread libopenblas-dev
    # tests and benchmarks
    libgtest-dev libgmock-dev libbenchmark-dev
    # fuzzers (libFuzzer comes with clang's runtime libraries, a "recommends" of clang)
    clang libclang-rt-14-dev
    # training tool: LibTorch, ONNX writer/checker, CLI11
    libtorch-dev libonnx-dev libprotobuf-dev protobuf-compiler libcli11-dev
    # data-parallel training: the Gloo headers that LibTorch's c10d/ProcessGroupGloo.hpp includes
    libgloo-dev
    # independent references in tests (Debian's python3 owns these modules)
    python3-opencv python3-numpy python3-torch python3-onnx
    # the feature networks of the perceptual metrics (scripts/export_feature_networks.py and its test)
    python3-torchvision
    # the interactive demo's test (virtual X server, synthetic mouse/keys, xwd for screenshots)
    xvfb xdotool x11-apps
    # API reference and its warning check; doxygen's \cite runs bibtex (texlive-binaries) and perl
    doxygen texlive-binaries
    # cv2.inpainting: scripts/build_with_opencv.sh builds Debian's OpenCV source with the module
    dpkg-dev ninja-build rsync python3-dev zlib1g-dev libpng-dev libjpeg-dev
)

if [ "$(id -u)" -ne 0 ]; then
    echo "bootstrap.sh: run as root (it installs Debian packages with apt-get)" >&2
    exit 2
fi

export DEBIAN_FRONTEND=noninteractive
# `apt-get source opencv` (scripts/build_with_opencv.sh) needs a deb-src entry.
"$(dirname "$0")/ensure_deb_src.sh"
apt-get update -q
apt-get install -y -q --no-install-recommends "${packages[@]}"
