#!/usr/bin/env bash
# Regenerates the pictures of tutorials/images from real runs of the built programs
# (run scripts/build.sh first). Needs opencv-doc's sample photos, Debian's python3-opencv, and for
# the screenshot xvfb, xdotool and x11-apps (xwd). Pictures are quantised to 6 bits per channel
# before PNG compression to stay small; at these sizes the difference is invisible.
#   scripts/make_doc_pictures.sh [BUILD_DIR]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="$(cd "${1:-$root/build}" && pwd)"
images="$root/tutorials/images"
data="${OPENCV_SAMPLES_DATA_PATH:-/usr/share/doc/opencv-doc/examples/data}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$images"

# 1. Every method of this build on one photo with free-form strokes (15% hole).
methods="${METHODS:-telea,ns,shiftmap,fsr_fast,fsr_best}"
"$build/bin/inpaint_compare" --image="$data/fruits.jpg" --generate=strokes --hole=0.15 --seed=3 \
    --methods="$methods" --output="$work/grid.png" --results="$work/results" | tee "$work/compare.txt"

# 2. The interactive demo under Xvfb: a scratch across the photo, filled with FSR (fast).
/usr/bin/python3 - "$data/fruits.jpg" "$work/photo.png" <<'PY'
import sys, cv2
img = cv2.imread(sys.argv[1])
cv2.imwrite(sys.argv[2], cv2.resize(img, (384, 360), interpolation=cv2.INTER_AREA))
PY
XWD_OUT="$work/demo.xwd" METHOD_KEY=4 \
STROKE="40,300 70,260 100,230 130,215 160,200 190,170 215,140 240,120 265,105 290,95 320,80 345,60" \
    "$root/test/xvfb_drive_interactive.sh" "$build/bin/inpaint_interactive" "$work/photo.png" "$work/demo"

/usr/bin/python3 - "$work" "$images" "$methods" <<'PY'
import os, sys, struct
import numpy as np, cv2
work, images, methods = sys.argv[1], sys.argv[2], sys.argv[3].split(',')

def save(path, img):
    q = (img // 4) * 4 + 2
    ok, buf = cv2.imencode('.png', q, [cv2.IMWRITE_PNG_COMPRESSION, 9])
    open(path, 'wb').write(buf.tobytes())
    print(path, img.shape[1], 'x', img.shape[0], len(buf) // 1024, 'KiB')

# Strip of labelled tiles: input with the hole in white, each method, the original.
truth = cv2.imread(os.path.join(work, 'results', 'mask.png'), cv2.IMREAD_GRAYSCALE)
photo = cv2.imread(os.environ.get('OPENCV_SAMPLES_DATA_PATH', '/usr/share/doc/opencv-doc/examples/data') + '/fruits.jpg')
shown = photo.copy(); shown[truth > 0] = 255
tiles = [('input', shown)] + [(m, cv2.imread(os.path.join(work, 'results', m + '.png'))) for m in methods] + [('original', photo)]
h = 176
row = []
for name, img in tiles:
    t = cv2.resize(img, (round(img.shape[1] * h / img.shape[0]), h), interpolation=cv2.INTER_AREA)
    cv2.rectangle(t, (0, 0), (8 + 9 * len(name), 20), (255, 255, 255), -1)
    cv2.putText(t, name, (4, 15), cv2.FONT_HERSHEY_SIMPLEX, 0.45, (0, 0, 0), 1, cv2.LINE_AA)
    row += [t, np.full((h, 3, 3), 255, np.uint8)]
save(os.path.join(images, 'compare_methods.png'), np.hstack(row[:-1]))

# xwd (X Window Dump): a header of big-endian 32-bit fields, the window name, a colour map, then
# the pixels; Xvfb's 24-bit TrueColor visual stores them as 32-bit words in the dump's byte order.
data = open(os.path.join(work, 'demo.xwd'), 'rb').read()
f = struct.unpack('>25I', data[:100])
header_size, width, height, byte_order, bpp, bytes_per_line, ncolors = f[0], f[4], f[5], f[7], f[11], f[12], f[19]
assert bpp == 32, 'expected a 32-bit xwd, got %d' % bpp
offset = header_size + 12 * ncolors
px = np.frombuffer(data, np.uint8, bytes_per_line * height, offset).reshape(height, bytes_per_line)[:, :4 * width]
px = px.reshape(height, width, 4)
bgr = px[:, :, :3] if byte_order == 0 else px[:, :, 3:0:-1]  # LSBFirst: B,G,R,x
save(os.path.join(images, 'interactive_demo.png'), np.ascontiguousarray(bgr))
PY
echo "compare table:"; cat "$work/compare.txt"

# 3. doc/images/video_vtest.jpg: a watermark drawn over opencv-doc's vtest.avi, filled per frame
#    (Telea) and by VideoInpainter (doc/video.md).
"$build/bin/inpaint_video_benchmark" --clip="$data/vtest.avi" --clip-frames=60 --size=640x480 \
    --picture="$root/doc/images/video_vtest.jpg"
