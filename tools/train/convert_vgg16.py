#!/usr/bin/python3
# This file is part of the opencv_inpainting module.
# It is subject to the license terms in the LICENSE file found in the top-level directory.
"""Converts torchvision's ImageNet VGG16 weights into the file that `pconv_train train --vgg=FILE` reads.

Usage (Debian: apt-get install python3-torch; the weights file must be obtained separately, e.g.
torchvision's vgg16-397923af.pth from a machine with network access):

    /usr/bin/python3 tools/train/convert_vgg16.py vgg16-397923af.pth vgg16_pool3.bin

Only the first seven convolutions (conv1_1 .. conv3_3, up to pool3) are kept: the perceptual and
style losses of Liu et al. 2018 use pool1, pool2 and pool3. `--random` writes randomly initialised
weights instead (for tests; no input file needed).

File format ("PCVGG16 1"): the line b"PCVGG16 1\\n", then 14 tensors (weight, bias of each conv in
order), each as int32 ndim, int64 dims[ndim], float32 data; all little-endian.
"""
import argparse
import os
import struct
import sys

# Indices of the convolutions in torchvision's vgg16().features, up to pool3.
CONV_INDICES = [0, 2, 5, 7, 10, 12, 14]
SHAPES = [(64, 3), (64, 64), (128, 64), (128, 128), (256, 128), (256, 256), (256, 256)]


def load_tensors(path):
    import torch
    obj = torch.load(path, map_location="cpu")
    if hasattr(obj, "state_dict"):
        obj = obj.state_dict()
    if not isinstance(obj, dict):
        raise SystemExit(f"convert_vgg16.py: {path} holds neither a state dict nor a model")
    tensors = []
    for i, (out_ch, in_ch) in zip(CONV_INDICES, SHAPES):
        for kind, shape in (("weight", (out_ch, in_ch, 3, 3)), ("bias", (out_ch,))):
            key = f"features.{i}.{kind}"
            if key not in obj:
                raise SystemExit(f"convert_vgg16.py: {path} has no '{key}' (is it torchvision's VGG16?)")
            t = obj[key]
            if tuple(t.shape) != shape:
                raise SystemExit(f"convert_vgg16.py: '{key}' has shape {tuple(t.shape)}, expected {shape}")
            tensors.append(t.detach().float().contiguous())
    return tensors


def random_tensors(seed):
    import torch
    g = torch.Generator().manual_seed(seed)
    tensors = []
    for out_ch, in_ch in SHAPES:
        tensors.append(torch.randn(out_ch, in_ch, 3, 3, generator=g) * (2.0 / (9 * in_ch)) ** 0.5)
        tensors.append(torch.randn(out_ch, generator=g) * 0.1)
    return tensors


def write(path, tensors):
    tmp = f"{path}.tmp.{os.getpid()}"
    with open(tmp, "wb") as f:
        f.write(b"PCVGG16 1\n")
        for t in tensors:
            f.write(struct.pack("<i", t.dim()))
            f.write(struct.pack(f"<{t.dim()}q", *t.shape))
            f.write(t.numpy().astype("<f4").tobytes())
    os.replace(tmp, path)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("input", nargs="?", help="torchvision VGG16 weights (.pth state dict or pickled model)")
    ap.add_argument("output", help="file to write for pconv_train --vgg")
    ap.add_argument("--random", type=int, metavar="SEED", help="write random weights with this seed instead")
    ap.add_argument("--print-sums", action="store_true", help="print the sum of every tensor (for tests)")
    args = ap.parse_args()
    if args.random is None and not args.input:
        ap.error("give the input weights or --random SEED")
    tensors = random_tensors(args.random) if args.random is not None else load_tensors(args.input)
    write(args.output, tensors)
    if args.print_sums:
        print(" ".join(f"{float(t.double().sum()):.9g}" for t in tensors))
    print(f"wrote {args.output} ({len(tensors)} tensors)", file=sys.stderr)


if __name__ == "__main__":
    main()
