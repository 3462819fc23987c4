#!/usr/bin/env bash
# Builds Debian's OpenCV 4.6 source (with its contrib tarball) with this module inside it, which
# gives the Python bindings cv2.inpainting (OpenCV's own binding generator) and the module's
# accuracy tests on OpenCV's ts framework.
#
#   scripts/build_with_opencv.sh [--test] [--jobs N] [-- extra CMake arguments]
#
#   --test    also build and run opencv_test_inpainting (in-tree) and misc/python/test
#   --jobs N  parallel compile jobs (default: number of cores)
#
# The source download, the extracted tree and the build directory are cached between runs in
# $OPENCV_INPAINTING_CACHE (default /var/cache/opencv_inpainting when writable, otherwise
# ~/.cache/opencv_inpainting); a lock file serialises concurrent runs. The first run needs apt
# (a deb-src line is added for bookworm main if apt has none, which needs root); later runs only
# rebuild what changed in this checkout.
#
# Only the modules the bindings need are built (BUILD_LIST below), without OpenCV's own tests,
# apps, docs or optional codecs/backends: the point is cv2.inpainting, not a general OpenCV.
set -euo pipefail

usage() { sed -n '6,10p' "$0" | sed 's/^# \{0,1\}//'; }
die() { echo "build_with_opencv.sh: $*" >&2; exit 2; }

run_tests=0
jobs=$(nproc)
extra_cmake_args=()
while [ $# -gt 0 ]; do
    case "$1" in
        --test) run_tests=1 ;;
        --jobs) [ $# -ge 2 ] || die "--jobs needs a number"; jobs=$2; shift ;;
        --jobs=*) jobs=${1#--jobs=} ;;
        -h|--help) usage; exit 0 ;;
        --) shift; extra_cmake_args=("$@"); break ;;
        *) die "unknown argument '$1' (see --help)" ;;
    esac
    shift
done
[[ "$jobs" =~ ^[1-9][0-9]*$ ]] || die "--jobs expects a positive integer, got '$jobs'"

module_dir=$(cd "$(dirname "$0")/.." && pwd)
python=${PYTHON3:-/usr/bin/python3}   # Debian's interpreter: it has numpy for the bindings
for tool in cmake ninja rsync flock "$python"; do
    command -v "$tool" >/dev/null || die "'$tool' not found; run scripts/bootstrap.sh (as root) first"
done
"$python" -c 'import numpy' 2>/dev/null || die "$python has no numpy; run scripts/bootstrap.sh first"

# ---- cache and lock ---------------------------------------------------------------------------
cache=${OPENCV_INPAINTING_CACHE:-}
if [ -z "$cache" ]; then
    cache=/var/cache/opencv_inpainting
    if ! mkdir -p "$cache" 2>/dev/null || [ ! -w "$cache" ]; then
        cache=${XDG_CACHE_HOME:-$HOME/.cache}/opencv_inpainting
    fi
fi
mkdir -p "$cache" || die "cannot create the cache directory $cache"
exec 9>"$cache/lock"
if ! flock -n 9; then
    echo "-- waiting for another build_with_opencv.sh run (lock $cache/lock)"
    flock 9
fi

log() { echo "-- [$(date -u +%H:%M:%S)] $*"; }
start_time=$(date +%s)

# ---- OpenCV source: Debian's, the same version as the installed libopencv-dev -----------------
version=$(dpkg-query -W -f='${source:Version}' libopencv-dev 2>/dev/null || true)
[ -n "$version" ] || version=$(apt-cache showsrc opencv 2>/dev/null | sed -n 's/^Version: //p' | sort -V | tail -1)
[ -n "$version" ] || die "cannot tell which OpenCV source to get (no libopencv-dev, no deb-src); run scripts/bootstrap.sh"
src="$cache/opencv-$version"

if [ ! -f "$src/CMakeLists.txt" ]; then
    command -v dpkg-source >/dev/null || die "dpkg-source not found (package dpkg-dev); run scripts/bootstrap.sh"
    download="$cache/download"
    mkdir -p "$download"
    # apt's download sandbox user must be able to write here (otherwise apt warns and runs unsandboxed).
    chmod 0777 "$download" 2>/dev/null || true
    dsc=$(ls "$download"/opencv_*.dsc 2>/dev/null | grep -F "_${version#*:}.dsc" || true)
    if [ -z "$dsc" ]; then
        if ! apt-get source --print-uris "opencv=$version" >/dev/null 2>&1; then
            "$module_dir/scripts/ensure_deb_src.sh" \
                || die "apt has no deb-src for opencv; run scripts/bootstrap.sh (as root) once"
        fi
        log "downloading Debian's opencv $version source"
        (cd "$download" && apt-get source --download-only -q "opencv=$version")
        dsc=$(ls "$download"/opencv_*.dsc | grep -F "_${version#*:}.dsc")
    fi
    log "extracting $dsc"
    rm -rf "$src.tmp"
    dpkg-source --no-check -x "$dsc" "$src.tmp" >/dev/null
    [ -d "$src.tmp/contrib/modules/xphoto" ] || die "the extracted source has no contrib/modules/xphoto"
    mv "$src.tmp" "$src"
fi

# ---- this module as an extra module -----------------------------------------------------------
# A copy, not a symlink: several checkouts may share the cache, and rsync --checksum rewrites
# (with a new mtime) exactly the files whose contents differ, so Ninja rebuilds what changed even
# when switching to a checkout with older timestamps.
extra="$cache/modules/inpainting"
mkdir -p "$extra"
rsync -r --checksum --delete --exclude='/.git' --exclude='/build*/' --exclude='__pycache__' \
    "$module_dir/" "$extra/"

# ---- configure --------------------------------------------------------------------------------
build="$cache/build"
# opencv_ts (the accuracy-test framework of --test) needs videoio and highgui, built without
# backends. They are in the list with or without --test: when the module set changed between two
# runs on one cache, OpenCV regenerated the bindings' header list but not the generated binding
# code (its inputs, the headers, were unchanged), and cv2.cpp then failed to compile
# ('VideoCaptureAPIs' was not declared). One module set per cache avoids that. video: the
# optical flow of VideoInpainter.
modules=core,imgproc,imgcodecs,dnn,photo,xphoto,python3,inpainting,ts,videoio,highgui,video
build_tests=OFF
if [ "$run_tests" -eq 1 ]; then
    build_tests=ON
fi
cpu_args=()
if [ "$(uname -m)" = x86_64 ]; then
    # One dispatch level instead of six: a third fewer objects to compile, AVX2 kernels kept.
    cpu_args=(-DCPU_DISPATCH=AVX2)
fi
cmake_args=(
    -G Ninja -DCMAKE_BUILD_TYPE=Release
    -DOPENCV_EXTRA_MODULES_PATH="$src/contrib/modules/xphoto;$extra"
    -DBUILD_LIST="$modules"
    -DBUILD_TESTS=$build_tests -DBUILD_PERF_TESTS=OFF -DBUILD_EXAMPLES=OFF -DBUILD_DOCS=OFF
    -DBUILD_opencv_apps=OFF -DBUILD_JAVA=OFF -DBUILD_opencv_python2=OFF
    -DPYTHON3_EXECUTABLE="$python" -DPYTHON_DEFAULT_EXECUTABLE="$python"
    # Debian's source drops 3rdparty/: every dependency comes from the system or is off.
    -DBUILD_PROTOBUF=OFF -DPROTOBUF_UPDATE_FILES=ON -DWITH_PROTOBUF=ON
    -DBUILD_ZLIB=OFF -DBUILD_PNG=OFF -DBUILD_JPEG=OFF -DBUILD_TIFF=OFF -DBUILD_WEBP=OFF
    -DBUILD_OPENEXR=OFF -DBUILD_OPENJPEG=OFF -DBUILD_JASPER=OFF -DBUILD_ITT=OFF -DBUILD_IPP_IW=OFF
    -DWITH_IPP=OFF -DWITH_ITT=OFF -DWITH_CAROTENE=OFF -DWITH_ADE=OFF -DWITH_QUIRC=OFF
    -DWITH_JASPER=OFF -DWITH_OPENJPEG=OFF -DWITH_TIFF=OFF -DWITH_WEBP=OFF -DWITH_OPENEXR=OFF
    -DWITH_IMGCODEC_HDR=OFF -DWITH_IMGCODEC_SUNRASTER=OFF -DWITH_IMGCODEC_PXM=ON -DWITH_IMGCODEC_PFM=OFF
    -DWITH_GDAL=OFF -DWITH_GDCM=OFF -DWITH_VTK=OFF -DWITH_GSTREAMER=OFF -DWITH_FFMPEG=OFF
    -DWITH_V4L=OFF -DWITH_1394=OFF -DWITH_GPHOTO2=OFF -DWITH_PVAPI=OFF -DWITH_OBSENSOR=OFF
    -DWITH_GTK=OFF -DWITH_QT=OFF -DWITH_OPENGL=OFF -DWITH_VA=OFF -DWITH_VA_INTEL=OFF
    -DWITH_OPENCL=OFF -DWITH_CUDA=OFF -DWITH_OPENVX=OFF -DWITH_VULKAN=OFF -DWITH_HALIDE=OFF
    -DWITH_INF_ENGINE=OFF -DWITH_NGRAPH=OFF -DWITH_TIMVX=OFF
    -DWITH_EIGEN=OFF -DWITH_LAPACK=OFF -DWITH_TBB=OFF
    -DOPENCV_DOWNLOAD_TRIES_LIST= -DENABLE_PRECOMPILED_HEADERS=OFF -DOPENCV_GENERATE_PKGCONFIG=OFF
    "${cpu_args[@]}"
    "${extra_cmake_args[@]}"
)
# Re-run CMake only when the arguments or the module's file list changed (OpenCV globs sources
# once at configure time); edits to existing files are picked up by Ninja alone.
stamp=$( { printf '%s\n' "$src" "${cmake_args[@]}"; (cd "$extra" && find . -type f | LC_ALL=C sort); } \
         | sha256sum | cut -d' ' -f1)
if [ ! -f "$build/build.ninja" ] || [ "$(cat "$build/.inpainting_configure_stamp" 2>/dev/null)" != "$stamp" ]; then
    log "configuring OpenCV in $build"
    rm -f "$build/.inpainting_configure_stamp"
    cmake -S "$src" -B "$build" "${cmake_args[@]}" > "$build.configure.log" 2>&1 \
        || { tail -40 "$build.configure.log" >&2; die "CMake configure failed (log: $build.configure.log)"; }
    echo "$stamp" > "$build/.inpainting_configure_stamp"
fi

# ---- build ------------------------------------------------------------------------------------
targets=(opencv_python3)
[ "$run_tests" -eq 1 ] && targets+=(opencv_test_inpainting)
log "building ${targets[*]} (-j$jobs)"
ninja -C "$build" -j"$jobs" "${targets[@]}"
build_end=$(date +%s)
log "built in $((build_end - start_time)) s"

pythonpath="$build/python_loader"
cat <<EOF

cv2 with cv2.inpainting is built. Use it with Debian's python3:
    PYTHONPATH=$pythonpath $python -c 'import cv2; print(cv2.inpainting.INPAINT_TELEA)'
    PYTHONPATH=$pythonpath $python $module_dir/samples/python/inpaint.py --help
EOF

# ---- tests ------------------------------------------------------------------------------------
if [ "$run_tests" -eq 1 ]; then
    log "running opencv_test_inpainting (in-tree build)"
    "$build/bin/opencv_test_inpainting" --gtest_color=no
    log "running misc/python/test against the built cv2"
    # tests_common (OpenCV's NewOpenCVTests) lives in the OpenCV source.
    PYTHONPATH="$pythonpath:$src/modules/python/test" \
        "$python" -m unittest discover -v -s "$module_dir/misc/python/test" -p 'test_*.py'
    log "all in-tree tests passed in $(( $(date +%s) - start_time )) s"
fi
