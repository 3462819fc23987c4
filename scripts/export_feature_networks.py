#!/usr/bin/python3
"""Writes the feature networks of the perceptual metrics (cv::inpainting::FeatureNetwork) as ONNX
files that OpenCV 4.6's DNN module reads:

  inception  torchvision's Inception-v3 up to pool3 (2048 values): the network of FID
             (inpaint_benchmark --fid-model=FILE --fid-size=299 --fid-norm=imagenet)
  vgg16      torchvision's VGG16 with pool1, pool2 and pool3 as outputs: the "VGG feature distance"
             (inpaint_benchmark --perceptual-model=FILE --perceptual-size=224 --perceptual-norm=imagenet)

Nothing is downloaded: give the weights torchvision saved on a machine that has them
(~/.cache/torch/hub/checkpoints/inception_v3_google-0cc3c7bd.pth, vgg16-397923af.pth), or
--random SEED for a randomly initialised network of the same architecture (tests, speed checks).

  /usr/bin/python3 scripts/export_feature_networks.py inception --weights inception_v3_google-0cc3c7bd.pth -o inception_v3_pool3.onnx
  /usr/bin/python3 scripts/export_feature_networks.py vgg16 --weights vgg16-397923af.pth -o vgg16_pool123.onnx

Needs Debian's python3-torch, python3-torchvision and python3-onnx. FID with torchvision's
Inception is not the number of the original TensorFlow FID code (other weights and resizing): compare
FIDs only when they come from the same network file.
"""

import argparse
import os
import sys
import tempfile

import onnx
import torch
import torchvision


class VggPools(torch.nn.Module):
    """VGG16's convolutional part up to pool3, returning pool1, pool2 and pool3."""

    def __init__(self, features):
        super().__init__()
        self.to_pool1, self.to_pool2, self.to_pool3 = features[:5], features[5:10], features[10:17]

    def forward(self, x):
        pool1 = self.to_pool1(x)
        pool2 = self.to_pool2(pool1)
        return pool1, pool2, self.to_pool3(pool2)


def build(kind, weights, seed):
    torch.manual_seed(seed)
    if kind == 'inception':
        net = torchvision.models.inception_v3(weights=None, aux_logits=True, init_weights=True)
        if weights:
            net.load_state_dict(torch.load(weights, map_location='cpu'))
        net.aux_logits, net.AuxLogits = False, None
        net.fc = torch.nn.Identity()  # the 2048 values after the global average pooling
        return net.eval(), (299, 299), ['pool3']
    net = torchvision.models.vgg16(weights=None)
    if weights:
        net.load_state_dict(torch.load(weights, map_location='cpu'))
    return VggPools(net.features).eval(), (224, 224), ['pool1', 'pool2', 'pool3']


def inline_shared_constants(model):
    """OpenCV 4.6's ONNX importer cannot read an Identity node whose input is an initializer, which
    PyTorch's exporter writes when two weights are equal (shared constants): replace each by a copy
    of the initializer under the node's output name."""
    graph = model.graph
    initializers = {i.name: i for i in graph.initializer}
    for node in [n for n in graph.node if n.op_type == 'Identity' and n.input[0] in initializers]:
        copy = onnx.TensorProto()
        copy.CopyFrom(initializers[node.input[0]])
        copy.name = node.output[0]
        graph.initializer.append(copy)
        graph.node.remove(node)
    return model


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('kind', choices=['inception', 'vgg16'])
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument('--weights', help="torchvision's state dict (.pth) of the network")
    source.add_argument('--random', type=int, metavar='SEED', help='random weights instead (tests only)')
    parser.add_argument('-o', '--output', required=True, help='ONNX file to write')
    args = parser.parse_args()
    if args.weights and not os.path.isfile(args.weights):
        print('export_feature_networks.py: error: --weights: %s not found' % args.weights, file=sys.stderr)
        return 2
    try:
        net, size, outputs = build(args.kind, args.weights, args.random or 0)
    except RuntimeError as e:  # a state dict of another network
        print('export_feature_networks.py: error: --weights: %s' % str(e).splitlines()[0], file=sys.stderr)
        return 2
    folder = os.path.dirname(os.path.abspath(args.output))
    with tempfile.NamedTemporaryFile(dir=folder, suffix='.onnx', delete=False) as tmp:
        partial = tmp.name
    try:
        with torch.no_grad():
            torch.onnx.export(net, torch.zeros(1, 3, *size), partial, opset_version=11,
                              input_names=['image'], output_names=outputs)
        model = inline_shared_constants(onnx.load(partial))
        onnx.checker.check_model(model)
        onnx.save(model, partial)
        os.replace(partial, args.output)  # never a half-written model under the final name
    finally:
        if os.path.exists(partial):
            os.remove(partial)
    print('wrote %s (%s, input 1x3x%dx%d, outputs %s)' % (args.output, args.kind, size[0], size[1], ', '.join(outputs)))
    return 0


if __name__ == '__main__':
    sys.exit(main())
