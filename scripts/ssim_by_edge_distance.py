#!/usr/bin/python3
"""Where inpainting methods win or lose SSIM: the mean of the SSIM map in bands of distance to the
hole's edge (negative: known pixels outside the hole, which SSIM windows straddling the edge also
score).

Masks follow inpaint_benchmark's --generate=mixed --seed=0 --masks-per-image=K scheme (photo i,
sorted by name, gets masks i*K+j; mask n aims at bucket n mod 6 with seed n). The SSIM map is the
benchmark's definition (11x11 Gaussian window, sigma 1.5, per channel, intensities in [0, 1]),
averaged over channels, and only windows inside the image are kept.

Needs cv2 with the inpainting module (the in-tree build of scripts/build_with_opencv.sh):
    PYTHONPATH=/var/cache/opencv_inpainting/build/lib/python3 /usr/bin/python3 \\
        scripts/ssim_by_edge_distance.py --photos $VAL --limit 30
"""
import argparse
import glob
import os
import sys

import cv2 as cv
import numpy as np

BANDS = [(-10**6, -6), (-6, -3), (-3, 0), (0, 3), (3, 6), (6, 12), (12, 24), (24, 10**6)]


def generated_mask(n, seed, size):
    bucket = n % 6
    lo = 0.02 if bucket == 0 else bucket / 10 + 0.005
    gen = cv.inpainting.MaskGenerator_create(cv.inpainting.MASK_MIXED, lo, (bucket + 1) / 10, seed + n)
    return gen.generate(size)


def ssim_map(a, b):
    a = a.astype(np.float64) / 255
    b = b.astype(np.float64) / 255
    c1, c2 = 0.01 ** 2, 0.03 ** 2
    blur = lambda x: cv.GaussianBlur(x, (11, 11), 1.5)
    ma, mb = blur(a), blur(b)
    va, vb, cab = blur(a * a) - ma * ma, blur(b * b) - mb * mb, blur(a * b) - ma * mb
    m = ((2 * ma * mb + c1) * (2 * cab + c2)) / ((ma * ma + mb * mb + c1) * (va + vb + c2))
    return m.mean(axis=2)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--photos', required=True)
    parser.add_argument('--model', default='', help='ONNX model (default: the embedded one)')
    parser.add_argument('--limit', type=int, default=30)
    parser.add_argument('--masks-per-image', type=int, default=8)
    parser.add_argument('--seed', type=int, default=0)
    parser.add_argument('--methods', default='pconv,pconv_off,pconv_full,telea',
                        help='comma-separated: pconv, pconv_off (edge refinement off), pconv_full (full '
                             'resolution, no scale policy), telea, ns, fsr_fast')
    args = parser.parse_args()
    if not hasattr(cv, 'inpainting'):
        sys.exit('ssim_by_edge_distance.py: this cv2 has no inpainting module (see the docstring)')
    files = sorted(f for f in glob.glob(os.path.join(args.photos, '*')) if cv.haveImageReader(f))[:args.limit]
    if not files:
        sys.exit('ssim_by_edge_distance.py: no photos in ' + args.photos)

    def pconv(refinement=None, full_resolution=False):
        p = cv.inpainting.PartialConvInpainter_create(args.model)
        if refinement is not None:
            p.setEdgeRefinement(refinement)
        if full_resolution:
            p.setWorkingSize(16384)
            p.setHoleThickness(0)
        return p.apply

    def classical(method):
        return lambda img, mask: cv.inpainting.inpaint(img, mask, method)

    known = {
        'pconv': lambda: pconv(),
        'pconv_off': lambda: pconv(0),
        'pconv_full': lambda: pconv(0, True),
        'telea': lambda: classical(cv.inpainting.INPAINT_TELEA),
        'ns': lambda: classical(cv.inpainting.INPAINT_NS),
        'fsr_fast': lambda: classical(cv.inpainting.INPAINT_FSR_FAST),
    }
    names = [m.strip() for m in args.methods.split(',') if m.strip()]
    unknown = [m for m in names if m not in known]
    if unknown or not names:
        sys.exit('ssim_by_edge_distance.py: unknown method(s) %s; known: %s' % (unknown, ', '.join(known)))
    methods = {m: known[m]() for m in names}
    sums = {m: np.zeros(len(BANDS)) for m in methods}
    counts = np.zeros(len(BANDS))
    k = args.masks_per_image
    for i, f in enumerate(files):
        img = cv.imread(f, cv.IMREAD_COLOR)
        for j in range(k):
            mask = generated_mask(i * k + j, args.seed, (img.shape[1], img.shape[0]))
            hole = (mask > 0).astype(np.uint8)
            inside = cv.distanceTransform(hole, cv.DIST_L2, cv.DIST_MASK_PRECISE)
            outside = cv.distanceTransform(1 - hole, cv.DIST_L2, cv.DIST_MASK_PRECISE)
            signed = np.where(hole > 0, inside, -outside)[5:-5, 5:-5]
            band_of = [(signed > lo) & (signed <= hi) for lo, hi in BANDS]
            counts += [b.sum() for b in band_of]
            for name, run in methods.items():
                m = ssim_map(run(img, mask), img)[5:-5, 5:-5]
                sums[name] += [m[b].sum() for b in band_of]
        print('%d/%d %s' % (i + 1, len(files), os.path.basename(f)), file=sys.stderr)
    print('| distance to the hole edge (px; < 0 outside) | pixels | ' + ' | '.join(methods) + ' |')
    print('| --- | ---: |' + ' ---: |' * len(methods))
    for b, (lo, hi) in enumerate(BANDS):
        label = '(%s, %s]' % (lo if lo > -10**6 else '-inf', hi if hi < 10**6 else 'inf')
        means = ['%.4f' % (sums[m][b] / counts[b]) if counts[b] else '-' for m in methods]
        print('| %s | %d | ' % (label, counts[b]) + ' | '.join(means) + ' |')


if __name__ == '__main__':
    main()
