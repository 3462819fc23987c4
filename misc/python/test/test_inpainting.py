#!/usr/bin/env python
"""Tests of cv2.inpainting, the module's Python bindings (OpenCV's own binding generator).

Run against an OpenCV build that contains the module (scripts/build_with_opencv.sh --test does):
    PYTHONPATH=<build>/python_loader:<opencv>/modules/python/test python3 -m unittest -v test_inpainting
They check what the bindings add on top of the C++ tests: that arrays, sizes, constants, structs
and errors cross the boundary correctly. Numbers are checked against references computed here in
NumPy or through other modules' bindings (cv2.inpaint, cv2.xphoto), never against stored values.
"""

import os
import subprocess
import sys
import tempfile
import unittest

import numpy as np
import cv2 as cv

try:  # OpenCV's test base class when OpenCV's modules/python/test is on the path
    from tests_common import NewOpenCVTests
except ImportError:  # pragma: no cover - plain unittest otherwise
    NewOpenCVTests = unittest.TestCase

ip = getattr(cv, 'inpainting', None)

METHOD_NAMES = ['telea', 'ns', 'shiftmap', 'fsr_fast', 'fsr_best', 'pconv', 'patchmatch', 'pconv_patch', 'criminisi']
REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..', '..'))
SAMPLE = os.path.join(REPO, 'samples', 'python', 'inpaint.py')


def smooth_image(h, w, channels=3, dtype=np.uint8, seed=0):
    """A smooth colour image (ramps and one slow wave per channel): what diffusion fills well."""
    rng = np.random.RandomState(seed)
    y, x = np.mgrid[0:h, 0:w].astype(np.float64)
    planes = []
    for _ in range(channels):
        a, b, c = rng.uniform(0.2, 0.8, 3)
        planes.append(0.15 + 0.35 * a * x / w + 0.35 * b * y / h + 0.1 * np.sin(2 * np.pi * c * (x + y) / (w + h)))
    img = np.dstack(planes) if channels > 1 else planes[0]
    if dtype == np.float32:
        return img.astype(np.float32)
    top = np.iinfo(dtype).max
    return np.round(img * top).astype(dtype)


def box_mask(h, w, y0, y1, x0, x1, value=255):
    mask = np.zeros((h, w), np.uint8)
    mask[y0:y1, x0:x1] = value
    return mask


def unit_range(dtype):
    return {np.dtype(np.uint8): 255.0, np.dtype(np.uint16): 65535.0}.get(np.dtype(dtype), 1.0)


def gaussian_window():
    g = np.exp(-((np.arange(11) - 5.0) ** 2) / (2 * 1.5 ** 2))
    g /= g.sum()
    return np.outer(g, g)


def reference_ssim(a, b):
    """Mean SSIM over valid 11x11 windows and colour channels, in plain NumPy (float64)."""
    scale = unit_range(a.dtype)
    x = a.astype(np.float64) / scale
    y = b.astype(np.float64) / scale
    if x.ndim == 2:
        x, y = x[..., None], y[..., None]
    x, y = x[..., :3], y[..., :3]  # alpha does not count
    w = gaussian_window()
    view = np.lib.stride_tricks.sliding_window_view
    total = 0.0
    for c in range(x.shape[2]):
        px, py = view(x[..., c], (11, 11)), view(y[..., c], (11, 11))
        mx = np.einsum('ijkl,kl->ij', px, w)
        my = np.einsum('ijkl,kl->ij', py, w)
        vx = np.einsum('ijkl,kl->ij', px * px, w) - mx * mx
        vy = np.einsum('ijkl,kl->ij', py * py, w) - my * my
        cxy = np.einsum('ijkl,kl->ij', px * py, w) - mx * my
        c1, c2 = 0.01 ** 2, 0.03 ** 2
        total += np.mean((2 * mx * my + c1) * (2 * cxy + c2) / ((mx * mx + my * my + c1) * (vx + vy + c2)))
    return total / x.shape[2]


@unittest.skipIf(ip is None, 'this cv2 (%s) was built without the inpainting module' % cv.__file__)
class InpaintingBindingsTestBase(NewOpenCVTests):

    def assertCvError(self, code, fragments, fn, *args, **kwargs):
        """fn(...) must raise cv2.error with `code` and a message holding every fragment."""
        with self.assertRaises(cv.error) as ctx:
            fn(*args, **kwargs)
        err = ctx.exception
        self.assertEqual(err.code, code, str(err))
        for fragment in fragments:
            self.assertIn(fragment, str(err))
        return err

    def assertKnownPixelsKept(self, src, dst, mask):
        known = mask == 0
        self.assertTrue(np.array_equal(dst[known], src[known]), 'known pixels changed')


class inpainting_methods_test(InpaintingBindingsTestBase):

    def test_constants_and_names_round_trip(self):
        constants = [ip.INPAINT_TELEA, ip.INPAINT_NS, ip.INPAINT_SHIFTMAP, ip.INPAINT_FSR_FAST,
                     ip.INPAINT_FSR_BEST, ip.INPAINT_PCONV, ip.INPAINT_PATCHMATCH, ip.INPAINT_PCONV_PATCH,
                     ip.INPAINT_CRIMINISI]
        self.assertEqual(len(set(constants)), len(constants))
        for name, method in zip(METHOD_NAMES, constants):
            self.assertEqual(ip.methodFromName(name), method)
            self.assertEqual(ip.methodName(method), name)
        # No value is shared with photo's or xphoto's method constants (0, 1, 2).
        foreign = {cv.INPAINT_TELEA, cv.INPAINT_NS}
        if hasattr(cv, 'xphoto'):
            foreign |= {cv.xphoto.INPAINT_SHIFTMAP, cv.xphoto.INPAINT_FSR_BEST, cv.xphoto.INPAINT_FSR_FAST}
        self.assertFalse(foreign & set(constants))

    def test_photo_and_xphoto_constants_are_refused(self):
        # cv.INPAINT_TELEA given to cv2.inpainting.inpaint must not run another method: each of
        # photo's and xphoto's constants is refused with the cv::inpainting constant to use.
        src = smooth_image(24, 24)
        mask = box_mask(24, 24, 8, 14, 8, 14)
        cases = [(cv.INPAINT_TELEA, 'cv::INPAINT_TELEA', 'cv::inpainting::INPAINT_TELEA'),
                 (cv.INPAINT_NS, 'cv::INPAINT_NS', 'cv::inpainting::INPAINT_NS')]
        if hasattr(cv, 'xphoto'):
            cases += [(cv.xphoto.INPAINT_SHIFTMAP, 'cv::xphoto::INPAINT_SHIFTMAP', 'cv::inpainting::INPAINT_SHIFTMAP'),
                      (cv.xphoto.INPAINT_FSR_BEST, 'cv::xphoto::INPAINT_FSR_BEST', 'cv::inpainting::INPAINT_FSR_BEST'),
                      (cv.xphoto.INPAINT_FSR_FAST, 'cv::xphoto::INPAINT_FSR_FAST', 'cv::inpainting::INPAINT_FSR_FAST')]
        for value, theirs, ours in cases:
            with self.subTest(constant=theirs):
                self.assertCvError(cv.Error.StsBadArg, [theirs, ours], ip.inpaint, src, mask, value)
                self.assertFalse(ip.isMethodAvailable(value))

    def test_every_method_fills_or_says_it_is_unavailable(self):
        src = smooth_image(48, 64)
        mask = box_mask(48, 64, 18, 30, 24, 40)
        hole = mask > 0
        grey_error = np.mean(np.abs(src[hole].astype(np.float64) - 128.0))
        for name in METHOD_NAMES:
            method = ip.methodFromName(name)
            with self.subTest(method=name):
                if not ip.isMethodAvailable(method):
                    self.assertCvError(cv.Error.StsNotImplemented, ["'%s' is not available" % name],
                                       ip.inpaint, src, mask, method)
                    continue
                dst = ip.inpaint(src, mask, method)
                self.assertEqual(dst.shape, src.shape)
                self.assertEqual(dst.dtype, src.dtype)
                self.assertKnownPixelsKept(src, dst, mask)
                error = np.mean(np.abs(dst[hole].astype(np.float64) - src[hole]))
                # A smooth image is easy for diffusion: every method must land far closer than a
                # flat grey fill. The default model of 2026-12-02 (round 2, models/MODEL_CARD.md)
                # reaches 0.18 of the grey fill's error here (Telea 0.10); round 1's model reached
                # only 0.31 and was exempt. xphoto's ShiftMap is not a diffusion method: it copies
                # shifted known regions, and a smooth ramp has no region that matches the hole's
                # values, so here it reaches only 0.83 of the grey fill's error (15.9 against 19.1,
                # measured 2026-12-04 with this build and with Debian's cv2.xphoto directly). It must
                # only beat the grey fill. Its fill does not depend on OpenCV's random generator
                # (an earlier note said so; checked below).
                if name == 'shiftmap':
                    cv.setRNGSeed(12345)
                    again = ip.inpaint(src, mask, method)
                    self.assertTrue(np.array_equal(dst, again), 'ShiftMap depends on the RNG state')
                self.assertLess(error, (0.9 if name == 'shiftmap' else 0.25) * grey_error, name)

    def test_diffusion_equals_photo_module(self):
        # inpainting::inpaint(TELEA/NS) is cv::inpaint (radius 3) on the image with its hole
        # cleared, composited over the hole: reproduce it through the photo module's binding.
        src = smooth_image(40, 52, seed=3)
        mask = box_mask(40, 52, 10, 22, 15, 30, value=7)  # any non-zero value is a hole
        hole = (mask > 0).astype(np.uint8) * 255
        cleared = src.copy()
        cleared[mask > 0] = 0
        for ours, theirs in [(ip.INPAINT_TELEA, cv.INPAINT_TELEA), (ip.INPAINT_NS, cv.INPAINT_NS)]:
            ref = cv.inpaint(cleared, hole, 3, theirs)
            ref[mask == 0] = src[mask == 0]
            self.assertTrue(np.array_equal(ip.inpaint(src, mask, ours), ref), ip.methodName(ours))

    @unittest.skipUnless(hasattr(cv, 'xphoto'), 'needs cv2.xphoto')
    def test_fsr_equals_xphoto(self):
        self.assertTrue(ip.isMethodAvailable(ip.INPAINT_FSR_FAST))
        src = smooth_image(32, 32, seed=5)
        mask = box_mask(32, 32, 10, 20, 12, 18)
        cleared = src.copy()
        cleared[mask > 0] = 0
        ref = np.zeros_like(src)  # xphoto's dst is a Mat&: filled in place; its mask is 0 = missing
        cv.xphoto.inpaint(cleared, 255 - mask, ref, cv.xphoto.INPAINT_FSR_FAST)
        ref[mask == 0] = src[mask == 0]
        self.assertTrue(np.array_equal(ip.inpaint(src, mask, ip.INPAINT_FSR_FAST), ref))

    def test_types_channels_and_alpha(self):
        mask = box_mask(30, 36, 8, 20, 10, 24)
        for dtype, channels in [(np.uint16, 1), (np.float32, 3), (np.uint8, 4), (np.uint8, 1)]:
            with self.subTest(dtype=np.dtype(dtype).name, channels=channels):
                src = smooth_image(30, 36, channels, dtype, seed=channels)
                if channels == 4:
                    src[..., 3] = np.arange(36, dtype=np.uint8)[None, :] * 7  # distinct alpha
                dst = ip.inpaint(src, mask, ip.INPAINT_TELEA)
                self.assertEqual(dst.dtype, src.dtype)
                self.assertEqual(dst.shape, src.shape)
                self.assertKnownPixelsKept(src, dst, mask)
                if channels == 4:
                    self.assertTrue(np.array_equal(dst[..., 3], src[..., 3]), 'alpha must be copied through')
                hole = mask > 0
                error = np.mean(np.abs(dst[hole].astype(np.float64) - src[hole])) / unit_range(dtype)
                self.assertLess(error, 0.05)

    def test_no_hole_copies_and_all_hole_gives_mid_grey(self):
        src = smooth_image(20, 24)
        self.assertTrue(np.array_equal(ip.inpaint(src, np.zeros((20, 24), np.uint8), ip.INPAINT_NS), src))
        full = np.full((20, 24), 255, np.uint8)
        self.assertTrue(np.all(ip.inpaint(src, full, ip.INPAINT_TELEA) == 128))
        f = smooth_image(20, 24, 1, np.float32)
        self.assertTrue(np.all(ip.inpaint(f, full, ip.INPAINT_NS) == np.float32(0.5)))

    def test_output_argument(self):
        src = smooth_image(24, 24)
        mask = box_mask(24, 24, 8, 16, 8, 16)
        dst = np.zeros_like(src)
        out = ip.inpaint(src, mask, ip.INPAINT_TELEA, dst=dst)
        self.assertIs(out, dst)
        self.assertTrue(np.array_equal(dst, ip.inpaint(src, mask, ip.INPAINT_TELEA)))

    def test_bad_input_raises_cv_error_with_the_cpp_message(self):
        src = smooth_image(20, 30)
        mask = box_mask(20, 30, 5, 10, 5, 10)
        self.assertCvError(cv.Error.StsBadSize, ["'mask' is 29x20", "'src' is 30x20", 'same size'],
                           ip.inpaint, src, mask[:, :29], ip.INPAINT_TELEA)
        self.assertCvError(cv.Error.StsBadArg, ["'mask' must be CV_8UC1", '32FC1'],
                           ip.inpaint, src, mask.astype(np.float32), ip.INPAINT_TELEA)
        self.assertCvError(cv.Error.StsUnsupportedFormat, ["'src' must be CV_8U, CV_16U or CV_32F", 'CV_8S'],
                           ip.inpaint, src.astype(np.int8), mask, ip.INPAINT_TELEA)
        self.assertCvError(cv.Error.StsUnsupportedFormat, ["'src' must have 1, 3 or 4 channels, got 2"],
                           ip.inpaint, src[..., :2].copy(), mask, ip.INPAINT_TELEA)
        self.assertCvError(cv.Error.StsBadArg, ["'src' is empty"],
                           ip.inpaint, np.zeros((0, 0), np.uint8), mask, ip.INPAINT_TELEA)
        bad = smooth_image(20, 30, 1, np.float32)
        bad[3, 4] = np.nan
        self.assertCvError(cv.Error.StsBadArg, ["'src' contains NaN or Inf"], ip.inpaint, bad, mask, ip.INPAINT_NS)
        self.assertCvError(cv.Error.StsBadArg, ['unknown method id 42'], ip.inpaint, src, mask, 42)
        err = self.assertCvError(cv.Error.StsBadArg, ["unknown method 'bogus'", 'telea', 'patchmatch'],
                                 ip.methodFromName, 'bogus')
        self.assertEqual(str(err).count('\n') <= 3, True)


class inpainting_masks_test(InpaintingBindingsTestBase):

    def test_create_spellings(self):
        self.assertTrue(hasattr(ip, 'MaskGenerator_create'))
        gen = ip.MaskGenerator_create(ip.MASK_STROKES_THIN, 0.2, 0.3, 5)
        if hasattr(ip.MaskGenerator, 'create'):  # class-scoped static methods (newer generators)
            gen2 = ip.MaskGenerator.create(ip.MASK_STROKES_THIN, 0.2, 0.3, 5)
            self.assertTrue(np.array_equal(gen.generate((40, 30)), gen2.generate((40, 30))))
        defaults = ip.MaskGenerator_create()
        self.assertEqual(defaults.getKind(), ip.MASK_MIXED)
        self.assertAlmostEqual(defaults.getMinHoleRatio(), 0.1)
        self.assertAlmostEqual(defaults.getMaxHoleRatio(), 0.6)
        named = ip.MaskGenerator_create(kind=ip.MASK_RECT, minHoleRatio=0.05, maxHoleRatio=0.15, seed=1)
        self.assertEqual(named.getKind(), ip.MASK_RECT)
        self.assertAlmostEqual(named.getMinHoleRatio(), 0.05)
        self.assertAlmostEqual(named.getMaxHoleRatio(), 0.15)

    def test_generate_size_order_values_and_ratio(self):
        kinds = [ip.MASK_RECT, ip.MASK_STROKES_THIN, ip.MASK_STROKES_MEDIUM, ip.MASK_STROKES_THICK,
                 ip.MASK_STROKES, ip.MASK_MIXED, ip.MASK_POLYGONS, ip.MASK_BORDER]
        self.assertEqual(len(set(kinds)), len(kinds))
        for kind in kinds:
            gen = ip.MaskGenerator_create(kind, 0.2, 0.4, 11)
            for _ in range(3):
                mask = gen.generate((96, 64))  # cv::Size is (width, height)
                self.assertEqual(mask.shape, (64, 96))
                self.assertEqual(mask.dtype, np.uint8)
                self.assertTrue(set(np.unique(mask)) <= {0, 255})
                ratio = np.count_nonzero(mask) / mask.size
                self.assertGreaterEqual(ratio, 0.2 - 1.0 / mask.size)
                self.assertLessEqual(ratio, 0.4 + 1.0 / mask.size)
                self.assertAlmostEqual(ip.holeRatio(mask), ratio, places=12)

    def test_seed_determinism(self):
        a = ip.MaskGenerator_create(ip.MASK_MIXED, 0.1, 0.5, 123)
        b = ip.MaskGenerator_create(ip.MASK_MIXED, 0.1, 0.5, 123)
        first = [a.generate((64, 64)) for _ in range(3)]
        self.assertTrue(all(np.array_equal(m, b.generate((64, 64))) for m in first))
        self.assertFalse(np.array_equal(first[0], first[1]))
        a.setSeed(123)
        self.assertTrue(np.array_equal(a.generate((64, 64)), first[0]))

    def test_hole_ratio_and_buckets(self):
        rng = np.random.RandomState(7)
        mask = rng.choice(np.array([0, 1, 7, 255], np.uint8), size=(33, 47), p=[0.6, 0.1, 0.1, 0.2])
        self.assertAlmostEqual(ip.holeRatio(mask), np.count_nonzero(mask) / mask.size, places=12)
        self.assertEqual(ip.HOLE_BUCKETS, 7)
        for ratio in [0.0, 0.01, 0.0100001, 0.05, 0.1, 0.10001, 0.35, 0.6, 0.61, 1.0]:
            expected = -1 if ratio <= 0.01 else (6 if ratio > 0.6 else int(np.ceil(round(ratio * 10, 9))) - 1)
            self.assertEqual(ip.holeRatioBucket(ratio), expected, ratio)
        names = [ip.holeRatioBucketName(i) for i in range(ip.HOLE_BUCKETS)]
        self.assertEqual(names[0], '0.01-0.1')
        self.assertEqual(names[-1], '0.6-1')
        self.assertEqual(len(set(names)), ip.HOLE_BUCKETS)

    def test_bad_input(self):
        self.assertCvError(cv.Error.StsBadArg, ["'kind' must be one of MaskKinds"], ip.MaskGenerator_create, 9)
        self.assertCvError(cv.Error.StsBadArg, ['0 < minHoleRatio <= maxHoleRatio < 1'],
                           ip.MaskGenerator_create, ip.MASK_RECT, 0.5, 0.2)
        gen = ip.MaskGenerator_create()
        self.assertCvError(cv.Error.StsBadSize, ["'size' must be positive, got 0x10"], gen.generate, (0, 10))
        self.assertCvError(cv.Error.StsBadArg, ["'mask' must be CV_8UC1"], ip.holeRatio, np.zeros((4, 4), np.float32))
        self.assertCvError(cv.Error.StsOutOfRange, ["'bucket' must be in [0, 7), got 7"], ip.holeRatioBucketName, 7)


class inpainting_metrics_test(InpaintingBindingsTestBase):

    def reference_metrics(self, result, truth, mask):
        scale = unit_range(truth.dtype)
        x = result.astype(np.float64) / scale
        y = truth.astype(np.float64) / scale
        if x.ndim == 2:
            x, y = x[..., None], y[..., None]
        x, y = x[..., :3], y[..., :3]
        diff = np.abs(x - y)
        hole = mask > 0
        mse = np.mean(diff ** 2)
        mse_hole = np.mean(diff[hole] ** 2)
        return dict(l1Hole=np.mean(diff[hole]), mse=mse, psnr=10 * np.log10(1 / mse),
                    mseHole=mse_hole, psnrHole=10 * np.log10(1 / mse_hole), ssim=reference_ssim(result, truth))

    def test_evaluate_matches_numpy(self):
        mask = box_mask(36, 44, 6, 26, 10, 30)
        rng = np.random.RandomState(3)
        for dtype, channels in [(np.uint8, 3), (np.uint16, 1), (np.float32, 3), (np.uint8, 4)]:
            with self.subTest(dtype=np.dtype(dtype).name, channels=channels):
                truth = smooth_image(36, 44, channels, dtype, seed=channels)
                noise = rng.normal(0, 0.05 * unit_range(dtype), truth.shape)
                result = np.clip(truth + noise, 0, unit_range(dtype)).astype(dtype)
                if channels == 4:
                    result[..., 3] = 255 - truth[..., 3]  # alpha differences must not count
                m = ip.evaluate(result, truth, mask)
                self.assertIsInstance(m, ip.InpaintingMetrics)
                for field, value in self.reference_metrics(result, truth, mask).items():
                    self.assertAlmostEqual(getattr(m, field), value, places=9, msg=field)

    def test_ssim_matches_numpy_and_edge_cases(self):
        a = smooth_image(29, 37, 3, np.uint8, seed=1)
        b = cv.GaussianBlur(a, (5, 5), 1.2)
        self.assertAlmostEqual(ip.ssim(a, b), reference_ssim(a, b), places=10)
        self.assertAlmostEqual(ip.ssim(a, a), 1.0, places=12)
        equal = ip.evaluate(a, a, box_mask(29, 37, 3, 9, 3, 9))
        self.assertEqual((equal.mse, equal.l1Hole, equal.psnr, equal.psnrHole), (0.0, 0.0, 100.0, 100.0))
        small = ip.evaluate(a[:10, :10], b[:10, :10], box_mask(10, 10, 2, 5, 2, 5))
        self.assertTrue(np.isnan(small.ssim))
        self.assertCvError(cv.Error.StsBadSize, ['at least 11x11', '10x10'], ip.ssim, a[:10, :10], b[:10, :10])

    def test_struct_is_constructible_and_writable(self):
        m = ip.InpaintingMetrics()
        fields = ['l1Hole', 'mse', 'psnr', 'mseHole', 'psnrHole', 'ssim', 'gradientRatio', 'detailError']
        self.assertEqual([getattr(m, f) for f in fields], [0.0] * 8)
        m.psnr = 31.5
        self.assertEqual(m.psnr, 31.5)

    def test_bad_input(self):
        a = smooth_image(20, 20)
        mask = box_mask(20, 20, 4, 8, 4, 8)
        self.assertCvError(cv.Error.StsBadArg, ["'result' (20x20 CV_8UC3) and 'truth' (20x20 CV_16UC3) must have the same size and type"],
                           ip.evaluate, a, a.astype(np.uint16), mask)
        self.assertCvError(cv.Error.StsBadSize, ["'mask' is 19x20"], ip.evaluate, a, a, mask[:, :19])


def one_layer_pconv_model(size, seed=0):
    """ONNX bytes of the smallest model of doc/model_format.md: one 3x3 PartialConv2d from
    `image` (1,3,S,S) with `mask` (1,1,S,S) to `output`; also returns its weights and bias."""
    import onnx
    from onnx import helper, numpy_helper, TensorProto
    rng = np.random.RandomState(seed)
    weights = rng.uniform(-0.3, 0.3, (3, 3, 3, 3)).astype(np.float32)
    weights[[0, 1, 2], [0, 1, 2], 1, 1] += 0.5  # a little identity so that the output resembles the input
    bias = rng.uniform(-0.05, 0.05, 3).astype(np.float32)
    node = helper.make_node('PartialConv2d', ['image', 'mask', 'w', 'b'], ['output', 'output_mask'], name='pconv',
                            domain='org.opencv.inpainting', kernel_shape=[3, 3], strides=[1, 1],
                            pads=[1, 1, 1, 1], dilations=[1, 1])
    graph = helper.make_graph(
        [node], 'one_layer',
        [helper.make_tensor_value_info('image', TensorProto.FLOAT, [1, 3, size, size]),
         helper.make_tensor_value_info('mask', TensorProto.FLOAT, [1, 1, size, size])],
        [helper.make_tensor_value_info('output', TensorProto.FLOAT, [1, 3, size, size]),
         helper.make_tensor_value_info('output_mask', TensorProto.FLOAT, [1, 1, size, size])],
        [numpy_helper.from_array(weights, 'w'), numpy_helper.from_array(bias, 'b')])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid('', 11),
                                                    helper.make_opsetid('org.opencv.inpainting', 1)])
    model.ir_version = 7
    helper.set_model_props(model, {'inpainting.layers': '0', 'inpainting.train_size': str(size)})
    return model.SerializeToString(), weights, bias


def reference_partial_conv(image, valid, weights, bias):
    """NVIDIA's PartialConv2d (multi-channel mask, here one plane broadcast) in float64 loops over
    the 3x3 window with zero padding: image (H,W,3) in [0,1], valid (H,W) 1 = known."""
    h, w, c = image.shape
    x = np.pad(image * valid[..., None], ((1, 1), (1, 1), (0, 0)))
    m = np.pad(valid.astype(np.float64), 1)
    out = np.zeros((h, w, weights.shape[0]))
    window_sum = np.zeros((h, w))
    for dy in range(3):
        for dx in range(3):
            patch = x[dy:dy + h, dx:dx + w, :]
            out += np.einsum('hwc,oc->hwo', patch, weights[:, :, dy, dx].astype(np.float64))
            window_sum += c * m[dy:dy + h, dx:dx + w]
    update = np.clip(window_sum, 0, 1)
    ratio = (c * 9) / (window_sum + 1e-8) * update
    return (out * ratio[..., None] + bias.astype(np.float64)) * update[..., None]


class inpainting_inpainters_test(InpaintingBindingsTestBase):

    @unittest.skipUnless(ip is not None and hasattr(ip, 'PatchMatchInpainter_create'), 'no PatchMatchInpainter in this build')
    def test_patchmatch_create_apply(self):
        pm = ip.PatchMatchInpainter_create(7, 2, 5)
        self.assertEqual((pm.getPatchSize(), pm.getIterations(), pm.getSeed()), (7, 2, 5))
        pm.setPatchSize(5)
        self.assertEqual(pm.getPatchSize(), 5)
        # A periodic texture: patch synthesis must continue the period into the hole.
        y, x = np.mgrid[0:48, 0:64]
        src = np.dstack([((x // 4 + y // 4) % 2) * 200 + 20] * 3).astype(np.uint8)
        mask = box_mask(48, 64, 16, 28, 20, 36)
        dst = pm.apply(src, mask)
        self.assertEqual((dst.shape, dst.dtype), (src.shape, src.dtype))
        self.assertKnownPixelsKept(src, dst, mask)
        hole = mask > 0
        grey_error = np.mean(np.abs(src[hole].astype(np.float64) - 128))
        self.assertLess(np.mean(np.abs(dst[hole].astype(np.float64) - src[hole])), 0.5 * grey_error)
        self.assertTrue(np.array_equal(dst, ip.PatchMatchInpainter_create(5, 2, 5).apply(src, mask)), 'deterministic')
        if hasattr(ip, 'PatchMatchInpainter') and hasattr(ip.PatchMatchInpainter, 'create'):
            self.assertEqual(ip.PatchMatchInpainter.create().getPatchSize(), 13)  # the documented default of create()
        self.assertCvError(cv.Error.StsOutOfRange, [], pm.setPatchSize, 4)
        self.assertRaises(cv.error, pm.apply, src, mask[:, :10])

    @unittest.skipUnless(ip is not None and hasattr(ip, 'PconvPatchInpainter_create'), 'no PconvPatchInpainter in this build')
    def test_pconv_patch_from_python(self):
        if not ip.isMethodAvailable(ip.INPAINT_PCONV_PATCH):
            self.skipTest('this build embeds no default model')
        pp = ip.PconvPatchInpainter_create()
        pp.setGuidanceWeight(0.5)
        pp.setLevels(1)
        pp.setPatchSize(5)
        pp.setIterations(3)
        pp.setSharpVote(True)
        pp.setStructureSigma(0)
        pp.setGuideSigma(2.0)
        pp.setDetailWeight(3.0)
        pp.setSeed(4)
        self.assertFalse(pp.getSelfValidation())
        pp.setSelfValidation(True)
        pp.setSelfValidation(False)
        self.assertEqual((pp.getGuidanceWeight(), pp.getLevels(), pp.getPatchSize(), pp.getIterations(),
                          pp.getSharpVote(), pp.getStructureSigma(), pp.getGuideSigma(), pp.getDetailWeight(),
                          pp.getSelfValidation(), pp.getSeed()),
                         (0.5, 1, 5, 3, True, 0.0, 2.0, 3.0, False, 4))
        self.assertIsNotNone(pp.getPartialConvInpainter())
        y, x = np.mgrid[0:48, 0:64]
        src = np.dstack([((x // 4 + y // 4) % 2) * 200 + 20, (x % 7) * 30, (y % 5) * 40]).astype(np.uint8)
        mask = box_mask(48, 64, 16, 28, 20, 36)
        hole = mask > 0
        dst = pp.apply(src, mask)
        self.assertEqual((dst.shape, dst.dtype), (src.shape, src.dtype))
        self.assertKnownPixelsKept(src, dst, mask)
        # The sharp vote copies real pixels: every filled colour is one of the known colours (NumPy).
        known = {tuple(p) for p in src[~hole].tolist()}
        self.assertTrue(all(tuple(p) in known for p in dst[hole].tolist()))
        self.assertTrue(np.array_equal(dst, pp.apply(src, mask)), 'deterministic')
        # The entry point uses the defaults: same bytes as a fresh inpainter.
        self.assertTrue(np.array_equal(ip.inpaint(src, mask, ip.INPAINT_PCONV_PATCH),
                                       ip.PconvPatchInpainter_create().apply(src, mask)))
        self.assertCvError(cv.Error.StsOutOfRange, ['guidance weight'], pp.setGuidanceWeight, -1.0)
        self.assertCvError(cv.Error.StsOutOfRange, ["'levels'"], pp.setLevels, 0)
        self.assertCvError(cv.Error.StsOutOfRange, ['guide sigma'], pp.setGuideSigma, -1.0)
        self.assertCvError(cv.Error.StsOutOfRange, ['detail weight'], pp.setDetailWeight, -1.0)
        self.assertRaises(cv.error, pp.apply, src, mask[:, :10])

    @unittest.skipUnless(ip is not None and hasattr(ip, 'PartialConvInpainter_create'), 'no PartialConvInpainter in this build')
    def test_partial_conv_errors(self):
        if not ip.isMethodAvailable(ip.INPAINT_PCONV):
            # No embedded default model in this build: a clear error, not a crash.
            with self.assertRaises(cv.error) as ctx:
                ip.PartialConvInpainter_create()
            self.assertIn('model', str(ctx.exception))
        with tempfile.TemporaryDirectory() as tmp:
            missing = os.path.join(tmp, 'missing.onnx')
            err = self.assertCvError(cv.Error.StsObjectNotFound, [missing], ip.PartialConvInpainter_create, missing)
            self.assertIn('cannot open', err.err)
        with self.assertRaises(cv.error) as ctx:
            ip.PartialConvInpainter_createFromBuffer(np.frombuffer(b'not an onnx model', np.uint8))
        self.assertIn('not a valid ONNX file', str(ctx.exception))

    @unittest.skipUnless(ip is not None and hasattr(ip, 'PartialConvInpainter_create'), 'no PartialConvInpainter in this build')
    def test_flip_averaging_from_python(self):
        if not ip.isMethodAvailable(ip.INPAINT_PCONV):
            self.skipTest('this build embeds no default model')
        src = smooth_image(48, 64, seed=4).astype(np.float32) / 255
        mask = box_mask(48, 64, 12, 30, 20, 44)
        hole = mask > 0
        plain = ip.PartialConvInpainter_create()
        averaged = ip.PartialConvInpainter_create()
        self.assertFalse(averaged.getFlipAveraging())
        averaged.setFlipAveraging(True)
        self.assertTrue(averaged.getFlipAveraging())
        direct = plain.apply(src, mask)
        mirrored = plain.apply(np.ascontiguousarray(src[:, ::-1]), np.ascontiguousarray(mask[:, ::-1]))[:, ::-1]
        got = averaged.apply(src, mask)
        self.assertTrue(np.array_equal(got[~hole], src[~hole]))
        # Float images: the mean of the two plain fills, up to float rounding.
        self.assertLess(np.max(np.abs(got[hole] - 0.5 * (direct[hole] + mirrored[hole]))), 1e-5)
        self.assertGreater(np.max(np.abs(got[hole] - direct[hole])), 1e-3)

    @unittest.skipUnless(ip is not None and hasattr(ip, 'PartialConvInpainter_create'), 'no PartialConvInpainter in this build')
    def test_edge_refinement_from_python(self):
        if not ip.isMethodAvailable(ip.INPAINT_PCONV):
            self.skipTest('this build embeds no default model')
        # A hole thicker than the default hole thickness (48 px for the 128 px model): the region
        # runs downscaled, so the refinement changes the fill, and only near the hole's edge.
        src = smooth_image(160, 200, seed=5).astype(np.float32) / 255
        mask = box_mask(160, 200, 30, 130, 40, 160)
        hole = mask > 0
        refined = ip.PartialConvInpainter_create()
        off = ip.PartialConvInpainter_create()
        self.assertEqual(refined.getEdgeRefinement(), 24)
        off.setEdgeRefinement(0)
        self.assertEqual(off.getEdgeRefinement(), 0)
        got, plain = refined.apply(src, mask), off.apply(src, mask)
        self.assertTrue(np.array_equal(got[~hole], src[~hole]))
        changed = np.abs(got - plain).max(axis=2) > 1e-6
        self.assertTrue(changed.any())
        distance = cv.distanceTransform(mask, cv.DIST_L2, cv.DIST_MASK_PRECISE)
        self.assertTrue(np.all(distance[changed] < 24 + 1e-3))  # beyond the band: the coarse fill
        with self.assertRaises(cv.error) as ctx:
            refined.setEdgeRefinement(-1)
        self.assertIn("'pixels' must be >= 0", str(ctx.exception))

    @unittest.skipUnless(ip is not None and hasattr(ip, 'PartialConvInpainter_create'), 'no PartialConvInpainter in this build')
    def test_thin_holes_from_python(self):
        if not ip.isMethodAvailable(ip.INPAINT_PCONV):
            self.skipTest('this build embeds no default model')
        # 1-px and 3-px scratches: filled by the photo module's Navier-Stokes, unless turned off.
        src = smooth_image(120, 160, seed=7)
        mask = np.zeros((120, 160), np.uint8)
        cv.line(mask, (5, 5), (150, 110), 255, 1, cv.LINE_8)
        mask[60:63, 10:140] = 255
        pconv = ip.PartialConvInpainter_create()
        self.assertEqual(pconv.getThinHoleWidth(), 3)
        got = pconv.apply(src, mask)
        self.assertTrue(np.array_equal(got, cv.inpaint(src, mask, 3, cv.INPAINT_NS)))
        self.assertEqual(ip.MASK_SCRATCHES, 8)
        pconv.setThinHoleWidth(0)
        self.assertEqual(pconv.getThinHoleWidth(), 0)
        self.assertFalse(np.array_equal(pconv.apply(src, mask), got))
        with self.assertRaises(cv.error) as ctx:
            pconv.setThinHoleWidth(-1)
        self.assertIn("'pixels' must be >= 0", str(ctx.exception))

    @unittest.skipUnless(ip is not None and hasattr(ip, 'PartialConvInpainter_create'), 'no PartialConvInpainter in this build')
    def test_embedded_default_model_from_python(self):
        if not ip.isMethodAvailable(ip.INPAINT_PCONV):
            self.skipTest('this build embeds no default model (models/pconv_default.onnx)')
        photo = cv.imread('/usr/share/doc/opencv-doc/examples/data/fruits.jpg')
        if photo is None:
            self.skipTest("opencv-doc's fruits.jpg is missing")
        h, w = photo.shape[:2]
        mask = np.zeros((h, w), np.uint8)
        mask[h // 3:h // 3 + h // 6, w // 3:w // 3 + w // 6] = 255
        # From another working directory: the model lives in the library, not in a file.
        here = os.getcwd()
        with tempfile.TemporaryDirectory() as tmp:
            os.chdir(tmp)
            try:
                dst = ip.PartialConvInpainter_create().apply(photo, mask)
            finally:
                os.chdir(here)
        self.assertEqual((dst.shape, dst.dtype), (photo.shape, photo.dtype))
        self.assertKnownPixelsKept(photo, dst, mask)
        hole = mask > 0
        fill_error = np.mean(np.abs(dst[hole].astype(np.float64) - photo[hole]))
        grey_error = np.mean(np.abs(photo[hole].astype(np.float64) - 128))
        self.assertLess(fill_error, 0.8 * grey_error)
        # Same bytes as the generic entry point with the same default model.
        self.assertTrue(np.array_equal(dst, ip.inpaint(photo, mask, ip.INPAINT_PCONV)))

    @unittest.skipUnless(ip is not None and hasattr(ip, 'PartialConvInpainter_create'), 'no PartialConvInpainter in this build')
    def test_partial_conv_apply_matches_numpy(self):
        try:
            import onnx  # noqa: F401  (Debian: python3-onnx) writes the test model
        except ImportError:
            self.skipTest('needs the onnx Python package to write a model')
        size = 32
        data, weights, bias = one_layer_pconv_model(size)
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, 'one_layer.onnx')
            with open(path, 'wb') as f:
                f.write(data)
            from_file = ip.PartialConvInpainter_create(path)
        from_buffer = ip.PartialConvInpainter_createFromBuffer(np.frombuffer(data, np.uint8))
        for inpainter in (from_file, from_buffer):
            inpainter.setThinHoleWidth(0)  # the 2-row hole is the network's here, not diffusion's
        self.assertEqual(from_file.getLayers(), 0)
        self.assertEqual(from_file.getTrainSize(), size)
        src = smooth_image(size, size, 3, np.float32, seed=9)
        mask = box_mask(size, size, 12, 14, 6, 26)  # 2 rows: every hole pixel sees known pixels
        dst = from_file.apply(src, mask)
        self.assertEqual((dst.shape, dst.dtype), (src.shape, src.dtype))
        self.assertKnownPixelsKept(src, dst, mask)
        self.assertTrue(np.array_equal(dst, from_buffer.apply(src, mask)))
        expected = np.clip(reference_partial_conv(src.astype(np.float64), (mask == 0).astype(np.float64),
                                                  weights, bias), 0, 1)
        hole = mask > 0
        self.assertLess(np.max(np.abs(dst[hole] - expected[hole])), 1e-5)
        self.assertGreater(np.max(np.abs(dst[hole] - src[hole])), 0)  # it did run the network


def reference_gradient_magnitude(img):
    """Sobel by its 3x3 formula in NumPy (float64), magnitudes summed over the colour channels, at
    the interior pixels (0 on the outermost ring, which the tests' holes never reach)."""
    x = img.astype(np.float64) / unit_range(img.dtype)
    if x.ndim == 2:
        x = x[..., None]
    x = x[..., :3]
    gx = (x[:-2, 2:] + 2 * x[1:-1, 2:] + x[2:, 2:]) - (x[:-2, :-2] + 2 * x[1:-1, :-2] + x[2:, :-2])
    gy = (x[2:, :-2] + 2 * x[2:, 1:-1] + x[2:, 2:]) - (x[:-2, :-2] + 2 * x[:-2, 1:-1] + x[:-2, 2:])
    g = np.zeros(x.shape[:2])
    g[1:-1, 1:-1] = np.sqrt(gx ** 2 + gy ** 2).sum(axis=2)
    return g


def reference_gradient_ratio(result, truth, mask):
    hole = mask > 0
    return reference_gradient_magnitude(result)[hole].sum() / reference_gradient_magnitude(truth)[hole].sum()


def reference_detail_error(result, truth, mask, sigma):
    """reference_gradient_magnitude blurred by a separable
    Gaussian built here (radius round(4 sigma)), compared at the hole pixels (kept farther than
    radius + 1 from the border)."""
    radius = int(round(4 * sigma))
    k = np.exp(-np.arange(-radius, radius + 1) ** 2 / (2 * sigma ** 2))
    k /= k.sum()

    def detail(img):
        g = np.apply_along_axis(lambda row: np.convolve(row, k, mode='same'), 1, reference_gradient_magnitude(img))
        return np.apply_along_axis(lambda col: np.convolve(col, k, mode='same'), 0, g)
    hole = mask > 0
    dr, dt = detail(result)[hole], detail(truth)[hole]
    return np.abs(dr - dt).sum() / dt.sum()


def feature_model(size, weights, bias, pooled=False):
    """ONNX bytes of image (1,3,S,S) -> 1x1 Conv (weights O x 3, bias O) -> Relu [-> GlobalAveragePool]."""
    from onnx import helper, numpy_helper, TensorProto
    out_channels = weights.shape[0]
    nodes = [helper.make_node('Conv', ['image', 'w', 'b'], ['conv'], kernel_shape=[1, 1]),
             helper.make_node('Relu', ['conv'], ['relu' if pooled else 'out'])]
    if pooled:
        nodes.append(helper.make_node('GlobalAveragePool', ['relu'], ['out']))
    side = 1 if pooled else size
    graph = helper.make_graph(
        nodes, 'features', [helper.make_tensor_value_info('image', TensorProto.FLOAT, [1, 3, size, size])],
        [helper.make_tensor_value_info('out', TensorProto.FLOAT, [1, out_channels, side, side])],
        [numpy_helper.from_array(weights.reshape(out_channels, 3, 1, 1).astype(np.float32), 'w'),
         numpy_helper.from_array(bias.astype(np.float32), 'b')])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid('', 11)])
    model.ir_version = 7
    return model.SerializeToString()


class inpainting_issue21_test(InpaintingBindingsTestBase):
    """Criminisi's method, extendImage() and networkIntensityRange() from Python."""

    def test_criminisi_create_apply(self):
        c = ip.CriminisiInpainter_create(7, 20)
        self.assertEqual((c.getPatchSize(), c.getSearchRadius()), (7, 20))
        y, x = np.mgrid[0:40, 0:56]
        src = np.dstack([(x % 7) * 30, (y % 5) * 40, ((x % 7) + (y % 5)) * 15]).astype(np.uint8)  # periodic
        mask = box_mask(40, 56, 14, 26, 20, 34)
        dst = c.apply(src, mask)
        self.assertEqual((dst.shape, dst.dtype), (src.shape, src.dtype))
        # Periodic texture: exemplar copies reconstruct it exactly.
        self.assertTrue(np.array_equal(dst, src))
        self.assertTrue(np.array_equal(ip.inpaint(src, mask, ip.INPAINT_CRIMINISI),
                                       ip.CriminisiInpainter_create().apply(src, mask)))
        self.assertCvError(cv.Error.StsOutOfRange, ["'patchSize' must be odd"], c.setPatchSize, 4)
        self.assertCvError(cv.Error.StsOutOfRange, ["'searchRadius'"], c.setSearchRadius, -1)

    def test_extend_image(self):
        src = smooth_image(30, 40)
        dst, mask = ip.extendImage(src, 2, 3, 4, 5, method=ip.INPAINT_TELEA)
        self.assertEqual(dst.shape, (35, 49, 3))
        self.assertTrue(np.array_equal(dst[2:32, 4:44], src))
        expected = np.full((35, 49), 255, np.uint8)
        expected[2:32, 4:44] = 0
        self.assertTrue(np.array_equal(mask, expected))
        self.assertCvError(cv.Error.StsBadArg, ["'left' must be >= 0"], ip.extendImage, src, 1, 1, -1, 1)

    def test_network_intensity_range_matches_numpy(self):
        rng = np.random.RandomState(2)
        mask = box_mask(32, 48, 8, 20, 10, 30)
        known = mask == 0
        scan = rng.randint(0, 4096, (32, 48, 3)).astype(np.uint16)
        self.assertEqual(tuple(np.asarray(ip.networkIntensityRange(scan, mask)).ravel()), (0.0, 4095.0))
        hdr = rng.normal(50.0, 400.0, (32, 48, 3)).astype(np.float32)
        values = np.sort(hdr[known].ravel().astype(np.float64))
        n = values.size
        expected = (values[int(np.floor(0.001 * (n - 1)))], values[int(np.ceil(0.999 * (n - 1)))])
        got = tuple(np.asarray(ip.networkIntensityRange(hdr, mask)).ravel())
        self.assertEqual(got, expected)
        unit = rng.uniform(0, 1, (32, 48)).astype(np.float32)
        self.assertEqual(tuple(np.asarray(ip.networkIntensityRange(unit, mask)).ravel()), (0.0, 1.0))


class inpainting_realism_test(InpaintingBindingsTestBase):

    def texture(self, h, w, channels, dtype, seed):
        rng = np.random.RandomState(seed)
        x = cv.GaussianBlur(rng.uniform(0.2, 0.8, (h, w, channels)).astype(np.float32), (3, 3), 0.7)
        x = x.reshape(h, w, channels) if channels > 1 else x.reshape(h, w)
        return (x * unit_range(dtype)).astype(dtype) if dtype != np.float32 else x

    def test_gradient_ratio_matches_numpy(self):
        mask = np.zeros((30, 40), np.uint8)
        cv.circle(mask, (20, 15), 9, 255, -1)
        for dtype, channels in [(np.uint8, 3), (np.uint16, 1), (np.float32, 3), (np.uint8, 4)]:
            with self.subTest(dtype=np.dtype(dtype).name, channels=channels):
                truth = self.texture(30, 40, channels, dtype, seed=channels)
                result = cv.GaussianBlur(truth, (5, 5), 1.5)
                expected = reference_gradient_ratio(result, truth, mask)
                self.assertLess(expected, 0.8)
                self.assertAlmostEqual(ip.gradientRatio(result, truth, mask), expected, places=9)
                self.assertAlmostEqual(ip.evaluate(result, truth, mask).gradientRatio, expected, places=9)
        self.assertTrue(np.isnan(ip.gradientRatio(truth, truth, np.zeros_like(mask))))

    def test_detail_error_matches_numpy(self):
        mask = np.zeros((44, 48), np.uint8)
        cv.circle(mask, (24, 22), 8, 255, -1)
        for dtype, channels in [(np.uint8, 3), (np.uint16, 1), (np.float32, 3)]:
            with self.subTest(dtype=np.dtype(dtype).name, channels=channels):
                truth = self.texture(44, 48, channels, dtype, seed=channels)
                result = truth.copy()
                result[:, :24] = cv.GaussianBlur(truth, (5, 5), 1.5)[:, :24]  # detail lost on the left
                result[:, 24:] = self.texture(44, 24, channels, dtype, seed=9)  # other detail on the right
                expected = reference_detail_error(result, truth, mask, 1.0)
                self.assertGreater(expected, 0.1)
                self.assertAlmostEqual(ip.detailError(result, truth, mask, 1.0), expected, places=9)
        self.assertEqual(ip.detailError(truth, truth, mask), 0.0)
        self.assertTrue(np.isnan(ip.detailError(truth, truth, np.zeros_like(mask))))
        self.assertCvError(cv.Error.StsOutOfRange, ["'sigma' must be in [0.5, 64]"], ip.detailError, truth, truth, mask, 0.25)

    def test_sliced_wasserstein_accumulator(self):
        mask = np.zeros((48, 64), np.uint8)
        cv.ellipse(mask, (30, 24), (16, 10), 30, 0, 360, 255, -1)
        truth = self.texture(48, 64, 3, np.uint8, seed=1)
        swd = ip.SlicedWassersteinDistance_create(5, 64)
        self.assertEqual((swd.getSeed(), swd.getDescriptorsPerImage(), swd.getLevels(), swd.getPatchSize(),
                          swd.getDirections(), swd.getRepeats()), (5, 64, 4, 7, 512, 4))
        self.assertTrue(np.isnan(swd.getDistance()))
        swd.add(truth, truth, mask)
        self.assertEqual(swd.getCount(), 1)
        self.assertEqual(list(swd.getLevelDistances()), [0.0] * 4)
        blurred = truth.copy()
        blurred[mask > 0] = cv.GaussianBlur(truth, (9, 9), 3)[mask > 0]
        swd.add(blurred, truth, mask)
        levels = swd.getLevelDistances()
        self.assertEqual(len(levels), 4)
        self.assertAlmostEqual(swd.getDistance(), float(np.mean(levels)), places=9)
        self.assertGreater(swd.getDistance(), 0)
        self.assertCvError(cv.Error.StsError, ['call clear() first'], swd.setLevels, 3)
        swd.clear()
        self.assertEqual(swd.getCount(), 0)
        self.assertCvError(cv.Error.StsOutOfRange, ["'directions' must be in [1, 8192]"], swd.setDirections, 0)

    def test_frechet_distance_matches_numpy(self):
        rng = np.random.RandomState(4)
        a = rng.normal(0, 1, (60, 5))
        b = rng.normal(0.3, 1.4, (70, 5)) @ rng.normal(0, 1, (5, 5))
        # Reference: the eigenvalues of S1 S2 are real and >= 0 (similar to S1^1/2 S2 S1^1/2).
        s1, s2 = np.cov(a, rowvar=False), np.cov(b, rowvar=False)
        eig = np.linalg.eigvals(s1 @ s2)
        trace_sqrt = np.sum(np.sqrt(np.clip(eig.real, 0, None)))
        expected = np.sum((a.mean(0) - b.mean(0)) ** 2) + np.trace(s1) + np.trace(s2) - 2 * trace_sqrt
        self.assertAlmostEqual(ip.frechetDistance(a, b), expected, delta=1e-8 * expected)
        # Fewer vectors than dimensions (singular covariances), float32.
        c, d = rng.normal(0, 1, (4, 9)).astype(np.float32), rng.normal(1, 2, (6, 9)).astype(np.float32)
        s1, s2 = np.cov(c.astype(np.float64), rowvar=False), np.cov(d.astype(np.float64), rowvar=False)
        eig = np.linalg.eigvals(s1 @ s2)
        trace_sqrt = np.sum(np.sqrt(np.clip(eig.real, 0, None)))
        expected = np.sum((c.mean(0, dtype=np.float64) - d.mean(0, dtype=np.float64)) ** 2) + np.trace(s1) + \
            np.trace(s2) - 2 * trace_sqrt
        self.assertAlmostEqual(ip.frechetDistance(c, d), expected, delta=1e-5 * expected)
        self.assertTrue(np.isnan(ip.frechetDistance(a[:1], b)))

    def test_feature_network_and_perceptual_distance(self):
        weights = np.array([[0.5, -0.25, 1.0], [-0.75, 0.5, 0.25], [0.3, 0.3, 0.3], [1.0, -1.0, 0.0]])
        bias = np.array([0.1, 0.2, -0.05, 0.0])
        rng = np.random.RandomState(5)
        a = rng.randint(0, 256, (8, 8, 3)).astype(np.uint8)
        b = rng.randint(0, 256, (8, 8, 3)).astype(np.uint8)

        def reference(img):  # RGB in [0, 1], ImageNet normalisation, 1x1 conv, ReLU: (4, 8, 8)
            rgb = img[..., ::-1].astype(np.float64) / 255
            x = (rgb - [0.485, 0.456, 0.406]) / [0.229, 0.224, 0.225]
            return np.maximum(0, np.einsum('kc,hwc->khw', weights, x) + bias[:, None, None])

        with tempfile.TemporaryDirectory() as tmp:
            maps_path, pooled_path = os.path.join(tmp, 'maps.onnx'), os.path.join(tmp, 'pooled.onnx')
            with open(maps_path, 'wb') as f:
                f.write(feature_model(8, weights, bias))
            with open(pooled_path, 'wb') as f:
                f.write(feature_model(8, weights, bias, pooled=True))
            net = ip.FeatureNetwork_create(maps_path, (8, 8), ip.FEATURE_NORM_IMAGENET)
            self.assertEqual(tuple(net.getInputSize()), (8, 8))
            outputs = net.computeOutputs(a)
            self.assertEqual(len(outputs), 1)
            np.testing.assert_allclose(outputs[0].reshape(4, 8, 8), reference(a), atol=1e-5)
            expected = np.mean(np.abs(reference(a) - reference(b)))
            self.assertAlmostEqual(ip.perceptualDistance(net, a, b), expected, delta=1e-5 * expected)
            pooled = ip.FeatureNetwork_create(pooled_path, (8, 8))
            np.testing.assert_allclose(net.computeEmbedding(a), pooled.computeEmbedding(a), atol=1e-5)
            np.testing.assert_allclose(net.computeEmbedding(a).ravel(), reference(a).mean(axis=(1, 2)), atol=1e-5)
            self.assertCvError(cv.Error.StsObjectNotFound, ['not found', 'nope.onnx'], ip.FeatureNetwork_create,
                               os.path.join(tmp, 'nope.onnx'))


class inpainting_feature_networks_test(InpaintingBindingsTestBase):
    """The documented route to FID and the VGG feature distance: torchvision's Inception-v3 and VGG16,
    exported by scripts/export_feature_networks.py (random weights: nothing can be downloaded here),
    give through FeatureNetwork what PyTorch computes for the same input.

    PyTorch runs in a child process with Debian's own cv2: Debian's torch links Debian's OpenCV
    libraries, which cannot be loaded beside the cv2 under test (same sonames, other symbols)."""

    REFERENCE = r"""
import os, sys
import numpy as np
try:
    import cv2, torch, torchvision
except ImportError:
    sys.exit(77)
sys.path.insert(0, os.path.join(sys.argv[1], 'scripts'))
import export_feature_networks as efn
kind, side, image_path, out_path = sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5]
net, _, _ = efn.build(kind, None, 3)
image = np.load(image_path)
unit = image.astype(np.float32) / 255  # resized in float, as FeatureNetwork does
rgb = cv2.resize(unit, (side, side), interpolation=cv2.INTER_AREA)[..., ::-1]
x = (rgb - np.float32([0.485, 0.456, 0.406])) / np.float32([0.229, 0.224, 0.225])
with torch.no_grad():
    out = net(torch.from_numpy(np.ascontiguousarray(x.transpose(2, 0, 1)[None])))
out = out if isinstance(out, tuple) else (out,)
np.savez(out_path, *[o.numpy() for o in out])
"""

    def child(self, args):
        env = dict(os.environ)
        for variable in ('PYTHONPATH', 'LD_LIBRARY_PATH'):  # Debian's own cv2, torch and their libraries
            env.pop(variable, None)
        return subprocess.run(['/usr/bin/python3'] + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              universal_newlines=True, env=env)

    @unittest.skipUnless(ip is not None and hasattr(ip, 'FeatureNetwork_create'), 'no FeatureNetwork in this build')
    def test_torchvision_networks_match_pytorch(self):
        image = smooth_image(321, 481, 3, np.uint8, seed=7)
        image = cv.add(image, np.random.RandomState(7).randint(0, 40, image.shape).astype(np.uint8))
        with tempfile.TemporaryDirectory() as tmp:
            image_path = os.path.join(tmp, 'image.npy')
            np.save(image_path, image)
            for kind, side in [('vgg16', 224), ('inception', 299)]:
                with self.subTest(kind=kind):
                    path, reference = os.path.join(tmp, kind + '.onnx'), os.path.join(tmp, kind + '.npz')
                    done = self.child([os.path.join(REPO, 'scripts', 'export_feature_networks.py'), kind,
                                       '--random', '3', '-o', path])
                    if done.returncode != 0 and 'No module named' in done.stderr:
                        self.skipTest('python3-torchvision is not installed (scripts/bootstrap.sh installs it)')
                    self.assertEqual(done.returncode, 0, done.stderr)
                    done = self.child(['-c', self.REFERENCE, REPO, kind, str(side), image_path, reference])
                    self.assertEqual(done.returncode, 0, done.stderr)
                    expected = np.load(reference)
                    expected = [expected['arr_%d' % i] for i in range(len(expected.files))]
                    net = ip.FeatureNetwork_create(path, (side, side), ip.FEATURE_NORM_IMAGENET)
                    outputs = net.computeOutputs(image)
                    self.assertEqual(len(outputs), len(expected))
                    for got, want in zip(outputs, expected):
                        got = got.reshape(want.shape)
                        scale = np.abs(want).max()
                        self.assertGreater(scale, 0)
                        self.assertLess(np.abs(got - want).max() / scale, 1e-3)


class inpainting_video_test(InpaintingBindingsTestBase):
    """VideoInpainter: lists of frames in and out, the streaming calls, errors."""

    @staticmethod
    def pan_clip(frames, h, w, step):
        """A camera panning by whole pixels over a blurred-noise scene, so the truth is known exactly."""
        rng = np.random.RandomState(3)
        scene = cv.GaussianBlur(rng.uniform(0, 255, (h + step[1] * frames + 8, w + step[0] * frames + 8, 3)),
                                (0, 0), 1.5)
        scene = cv.normalize(scene, None, 30, 220, cv.NORM_MINMAX).astype(np.uint8)
        return [scene[4 + t * step[1]:4 + t * step[1] + h, 4 + t * step[0]:4 + t * step[0] + w].copy()
                for t in range(frames)]

    @unittest.skipUnless(ip is not None and hasattr(ip, 'VideoInpainter_create'), 'no VideoInpainter in this build')
    def test_pan_recovered_and_streaming_equals_apply(self):
        truth = self.pan_clip(10, 72, 96, (1, 4))
        mask = np.zeros((72, 96), np.uint8)
        mask[30:40, 20:76] = 255
        frames = [f.copy() for f in truth]
        for f in frames:
            f[mask > 0] = 255
        vi = ip.VideoInpainter_create(ip.INPAINT_TELEA, 4)
        self.assertEqual((vi.getMethod(), vi.getWindow()), (ip.INPAINT_TELEA, 4))
        out = vi.apply(frames, [mask])
        self.assertEqual(len(out), len(frames))
        hole = mask > 0
        for f, o, t in zip(frames, out, truth):
            self.assertEqual((o.shape, o.dtype), (f.shape, f.dtype))
            self.assertKnownPixelsKept(f, o, mask)
            mse = np.mean((o[hole].astype(np.float64) - t[hole]) ** 2)
            self.assertGreater(10 * np.log10(255.0 ** 2 / max(mse, 1e-10)), 35.0)
        # The same frames one at a time.
        vi.setMask(mask)
        streamed = []
        for f in frames:
            vi.feed(f)
            while True:
                ok, o = vi.read()
                if not ok:
                    break
                streamed.append(o)
        self.assertLessEqual(vi.getBufferedFrames(), 2 * 4 + 1)
        vi.finish()
        while True:
            ok, o = vi.read()
            if not ok:
                break
            streamed.append(o)
        self.assertEqual(len(streamed), len(out))
        for a, b in zip(streamed, out):
            self.assertTrue(np.array_equal(a, b))
        sources = vi.getFillSources()
        self.assertAlmostEqual(float(np.sum(sources)), 1.0, places=6)

    @unittest.skipUnless(ip is not None and hasattr(ip, 'VideoInpainter_create'), 'no VideoInpainter in this build')
    def test_bad_input_raises(self):
        with self.assertRaisesRegex(cv.error, "'window' must be in"):
            ip.VideoInpainter_create(ip.INPAINT_TELEA, 0)
        vi = ip.VideoInpainter_create(ip.INPAINT_TELEA, 2)
        frame = np.zeros((24, 32, 3), np.uint8)
        with self.assertRaisesRegex(cv.error, 'no .mask. given'):
            vi.feed(frame)
        vi.feed(frame, np.zeros((24, 32), np.uint8))
        with self.assertRaisesRegex(cv.error, 'same size and type'):
            vi.feed(np.zeros((24, 33, 3), np.uint8), np.zeros((24, 33), np.uint8))
        with self.assertRaisesRegex(cv.error, "'mask'"):
            vi.feed(frame, np.zeros((23, 32), np.uint8))
        with self.assertRaisesRegex(cv.error, "'masks' holds 2 masks for 3 frames"):
            vi.apply([frame] * 3, [np.zeros((24, 32), np.uint8)] * 2)


class inpainting_sample_test(InpaintingBindingsTestBase):
    """samples/python/inpaint.py, the twin of the `inpaint` command-line program."""

    def run_sample(self, *args):
        proc = subprocess.run([sys.executable, SAMPLE] + list(args), stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, universal_newlines=True, timeout=300)
        return proc.returncode, proc.stdout, proc.stderr

    @unittest.skipUnless(os.path.isfile(SAMPLE), 'samples/python/inpaint.py not found')
    def test_fills_like_the_binding_and_rejects_bad_input(self):
        with tempfile.TemporaryDirectory() as tmp:
            src = smooth_image(40, 48)
            mask = box_mask(40, 48, 10, 25, 12, 30)
            image_path, mask_path = os.path.join(tmp, 'in.png'), os.path.join(tmp, 'mask.png')
            out_path = os.path.join(tmp, 'out.png')
            self.assertTrue(cv.imwrite(image_path, src) and cv.imwrite(mask_path, mask))

            code, out, err = self.run_sample('--image', image_path, '--mask', mask_path,
                                             '--output', out_path, '--method', 'ns')
            self.assertEqual(code, 0, err)
            self.assertIn('wrote', out)
            written = cv.imread(out_path, cv.IMREAD_UNCHANGED)
            self.assertTrue(np.array_equal(written, ip.inpaint(src, mask, ip.INPAINT_NS)))
            self.assertEqual(sorted(os.listdir(tmp)), ['in.png', 'mask.png', 'out.png'])  # no temp file left

            bad_cases = [
                (['--image', image_path, '--mask', mask_path, '--output', out_path, '--method', 'nope'],
                 "unknown method 'nope'"),
                (['--image', os.path.join(tmp, 'missing.png'), '--mask', mask_path, '--output', out_path],
                 'missing.png'),
                (['--image', image_path, '--mask', mask_path], '--output'),
                (['--image', image_path, '--mask', mask_path, '--output', out_path, '--model', 'm.onnx'],
                 '--model only applies to --method=pconv'),
            ]
            for args, fragment in bad_cases:
                with self.subTest(args=args):
                    code, out, err = self.run_sample(*args)
                    self.assertEqual(code, 2, err)
                    self.assertIn(fragment, err)
                    self.assertNotIn('Traceback', err)


if __name__ == '__main__':
    if NewOpenCVTests is unittest.TestCase:
        unittest.main()
    else:
        NewOpenCVTests.bootstrap()
