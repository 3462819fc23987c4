#!/usr/bin/env python3
"""Fills the holes of one image with cv2.inpainting: the Python twin of the `inpaint` program.

    inpaint.py --image photo.jpg --mask mask.png --output result.png [--method telea] [--model model.onnx]

Needs an OpenCV build that contains the module (see doc/python.md), for example:
    PYTHONPATH=/var/cache/opencv_inpainting/build/python_loader python3 samples/python/inpaint.py ...
Bad input prints one line on stderr and exits with code 2; the output is written atomically.
"""

import argparse
import os
import sys

import cv2 as cv

EXIT_BAD_INPUT = 2
METHODS = 'telea, ns, shiftmap, fsr_fast, fsr_best, pconv, patchmatch, pconv_patch or criminisi'


class Failure(Exception):
    """A problem with the user's input, reported as one line."""


class Parser(argparse.ArgumentParser):
    def error(self, message):  # argparse would print the usage block; keep it to one line
        raise Failure('%s (see --help)' % message)


def read_image(path, flags, what):
    if not path:
        raise Failure('--%s is required' % what)
    if not os.path.exists(path):
        raise Failure('--%s: file not found: %s' % (what, path))
    image = cv.imread(path, flags)
    if image is None:
        raise Failure('--%s: cannot decode image: %s' % (what, path))
    return image


def write_image_atomic(path, image):
    """Writes to a temporary name next to `path` (same extension: it picks the format), then renames."""
    folder, name = os.path.split(path)
    stem, ext = os.path.splitext(name)
    tmp = os.path.join(folder, '.%s.tmp%d%s' % (stem, os.getpid(), ext))
    try:
        written = cv.imwrite(tmp, image)
    except cv.error:
        written = False
    try:
        if not written:
            raise Failure('cannot write image %s (unwritable folder or unknown extension)' % path)
        try:
            os.replace(tmp, path)
        except OSError as e:
            raise Failure('cannot write %s: %s' % (path, e.strerror))
    except Failure:
        if os.path.exists(tmp):
            os.remove(tmp)
        raise


def run_method(method, image, mask, model):
    ip = cv.inpainting
    if model:
        if method != ip.INPAINT_PCONV:
            raise Failure('--model only applies to --method=pconv')
        if not hasattr(ip, 'PartialConvInpainter_create'):
            raise Failure('--model: this build has no PartialConvInpainter')
        return ip.PartialConvInpainter_create(model).apply(image, mask)
    return ip.inpaint(image, mask, method)


def main(argv=None):
    parser = Parser(description='Fills the holes of an image with one of the opencv_inpainting methods.')
    parser.add_argument('--image', default='', help='input image (8/16-bit or float, gray, BGR or BGRA)')
    parser.add_argument('--mask', default='', help='hole mask, same size; non-zero = hole')
    parser.add_argument('--output', default='', help='where to write the result (format from the extension)')
    parser.add_argument('--method', default='telea', help=METHODS)
    parser.add_argument('--model', default='', help='ONNX model for --method=pconv (default: the embedded model)')
    try:
        args = parser.parse_args(argv)
        if not hasattr(cv, 'inpainting'):
            raise Failure('this cv2 (%s) has no inpainting module; build it with scripts/build_with_opencv.sh'
                          % cv.__file__)
        if not args.output:
            raise Failure('--output is required')
        method = cv.inpainting.methodFromName(args.method)
        if args.model and method != cv.inpainting.INPAINT_PCONV:
            raise Failure('--model only applies to --method=pconv')
        image = read_image(args.image, cv.IMREAD_UNCHANGED, 'image')
        mask = read_image(args.mask, cv.IMREAD_GRAYSCALE, 'mask')
        result = run_method(method, image, mask, args.model)
        write_image_atomic(args.output, result)
        print('wrote %s (%s, hole %.1f%%)' % (args.output, cv.inpainting.methodName(method),
                                               100.0 * cv.inpainting.holeRatio(mask)))
        return 0
    except cv.error as e:
        message = e.err if getattr(e, 'err', '') else str(e).strip().splitlines()[-1]
    except Failure as e:
        message = str(e)
    print('inpaint: error: %s' % message, file=sys.stderr)
    return EXIT_BAD_INPUT


if __name__ == '__main__':
    sys.exit(main())
