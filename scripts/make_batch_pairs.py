#!/usr/bin/python3
# This file is part of the opencv_inpainting module.
# It is subject to the license terms in the LICENSE file found in the top-level directory.
#
# Pairs for the inpaint_batch example (doc/scale.md): the first N val photos and the freeform512 masks resized
# (nearest neighbour, masks stay binary) to each photo's size, named after the photo.
# Usage: /usr/bin/python3 scripts/make_batch_pairs.py PHOTOS MASKS OUT N  (Debian python3-opencv)
import cv2, os, sys, glob
photos, masks, out, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
os.makedirs(out + '/images', exist_ok=True); os.makedirs(out + '/masks', exist_ok=True)
mask_files = sorted(glob.glob(masks + '/*.png'))
for i, p in enumerate(sorted(glob.glob(photos + '/*.jpg'))[:n]):
    img = cv2.imread(p)
    m = cv2.imread(mask_files[i % len(mask_files)], cv2.IMREAD_GRAYSCALE)
    m = cv2.resize(m, (img.shape[1], img.shape[0]), interpolation=cv2.INTER_NEAREST)
    stem = os.path.splitext(os.path.basename(p))[0]
    os.symlink(os.path.abspath(p), out + '/images/' + stem + '.jpg')
    cv2.imwrite(out + '/masks/' + stem + '.png', (m > 0).astype('uint8') * 255)
