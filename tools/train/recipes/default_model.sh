#!/usr/bin/env bash
# Recipe of the module's default model (issue 5): trains pconv_train on the project's photo set.
#
#   tools/train/recipes/default_model.sh                 # start, or continue after an interruption
#   STAGE=finetune tools/train/recipes/default_model.sh  # second stage (encoder BN frozen, lr 5e-5)
#   STAGE=adv tools/train/recipes/default_model.sh       # round 3: adversarial fine-tuning of models/pconv_default.ckpt
#   STAGE=export tools/train/recipes/default_model.sh    # models/pconv_default.onnx (+ .ckpt) from the best checkpoint
#   INIT=models/pconv_default.ckpt tools/train/recipes/default_model.sh  # a new stage 1 from the committed weights
#
# The export stage runs `pconv_train export --half` on the best checkpoint of the latest stage
# (adv/best.ckpt when it exists, else finetune/best.ckpt, else best.ckpt). For the adversarial stage
# the best by validation PSNR is usually its first validation (the adversarial term trades a little
# PSNR for texture): choose one of its snapshots (adv/step_N.ckpt, every 600 steps) on the val photos
# with inpaint_benchmark's SWD and export it with CKPT=$RUN_DIR/adv/step_N.ckpt. --half stores FLOAT16 weights: 9.4 MB instead
# of 18.7 MB for this architecture, inside the embedded model's 16 MB budget (the module widens them
# to float on load). It also copies that checkpoint (weights and BatchNorm statistics, no optimiser
# state) to models/pconv_default.ckpt, so that a later session on a new machine can continue the
# training with INIT= instead of starting over: the exported ONNX cannot serve, BatchNorm is folded.
#
# Environment: DATA and VAL, the folders of training and validation photos (required except for
# STAGE=export; the default model used BSDS500 train+test, Sun-Hays 80 and Urban100, validated on
# BSDS500 val: doc/datasets.md). Optional: PCONV_TRAIN (binary; default build/bin/pconv_train of
# this checkout), RUN_DIR (default /work/runs/default, outside the repository: checkpoints, CSV
# logs, PNG pictures), THREADS (default: all cores), STEPS (length of stage 1), W_SSIM (weight
# of the SSIM loss, default 3), MASK_KINDS (--mask-kind: MaskKinds, a comma list mixes them; default
# 5, mixed), CKPT (STAGE=export: the checkpoint to export instead of the best one),
# MODELS_DIR (STAGE=export: where pconv_default.onnx/.ckpt go; default models/ of this checkout).
# STAGE=adv: INIT (default models/pconv_default.ckpt of this checkout), ADV_STEPS (default 20000),
# W_ADV (0.1), ADV_LR (the generator's, 5e-5), D_LR (2e-4), D_WIDTH (32).
#
# Choices for this machine (2 CPU cores, no GPU, a few hours in the background) and why:
# - width 32, 6 levels, 128x128 crops: the architecture family that an early PyTorch probe ran at
#   ~28 img/s on 2 threads (4.7 M parameters); the paper's width 64 / 7 levels / 256 px costs ~16x
#   more per image, which would leave only a few thousand images seen in the hours available.
#   128 = 2^7 keeps a 2x2 bottleneck, enough receptive field for holes at this scale.
# - photos scaled so that the shorter side is 128..256 before the crop (--resize-min/max): the
#   crops then hold half to the whole of a scene, i.e. holes are at the scale the working-size
#   inference fills them (the inpainter runs the net at the training size and fills large holes
#   at reduced scale, which that probe found ~1 dB better than full resolution on large holes).
# - batch 8, Adam lr 2e-4 (the paper's stage-1 rate), masks of the module's MaskGenerator (mixed
#   strokes and boxes) over the whole hole-ratio range 0.01..0.6 of the evaluation buckets.
# - losses valid 1 + hole 6 + TV 0.1 + 3 x (1 - SSIM of the composite); no perceptual/style losses:
#   VGG16 weights cannot be downloaded here (add --vgg=FILE from convert_vgg16.py where they exist).
#   The SSIM term (--w-ssim, W_SSIM) came with the second round of training (2026-12-02): the model
#   trained on L1 + TV alone was ahead of the classical methods on PSNR but behind them on SSIM in
#   every bucket. Side by side from the same weights, 1-thread runs: weight 3 reached a higher
#   validation SSIM than weight 1 (0.8038 vs 0.8026 at 1,200 steps) at the same PSNR, and weight 8,
#   continued from weight 3's step 1,200, stayed below weight 3 on both (0.8079 / 24.65 dB against
#   0.8087 / 24.74 dB after 2,100 more steps).
# - --keep-every 600 keeps weight snapshots (step_N.ckpt), so that the exported checkpoint can be
#   chosen on the benchmark's first 30 validation photos rather than by validation PSNR alone.
# - validation (100 BSDS500 val photos, fixed centre crops and masks cycling through the buckets)
#   and a checkpoint every 150 steps or 8 minutes, whichever comes first (one core of this shared
#   machine gave 1-3 img/s while other jobs ran, ~6 img/s alone); best.ckpt is the best by
#   validation PSNR.
# - STEPS=60000 (480k images, ~800 epochs of 580 photos) is an upper bound, not a plan: the run is
#   meant to be stopped (Ctrl-C / SIGTERM write a checkpoint) and resumed at will; stage 2 starts
#   from stage 1's best checkpoint.
# - STAGE=adv (issue 17, round 3): the embedded model fine-tuned against an SN-PatchGAN discriminator
#   with the hinge loss (DeepFill v2), into $RUN_DIR/adv, everything else as the finetune stage
#   (encoder BatchNorm frozen, same data, masks, SSIM term, validation and snapshots). Choices:
#   * W_ADV 0.1: DeepFill v2 weighs its adversarial loss 1:1 against a mean L1; EdgeConnect's
#     inpainting stage 0.1:1. Here the reconstruction is heavier (hole L1 x 6, valid L1 x 1,
#     3 x (1 - SSIM)), so 0.1 is the gentle end (~1/60 of DeepFill's ratio to the hole term): the
#     adoption rule (issue 17) lets PSNR drop by at most 0.1 dB and SSIM by 0.002 while SWD must
#     improve by 15 %, so the first run leans towards keeping PSNR. If its snapshots gain too little
#     SWD, a second run with W_ADV 0.3-1 is the next step.
#   * generator lr 5e-5 (the paper's fine-tuning rate, as STAGE=finetune), discriminator lr 2e-4
#     with Adam betas (0.5, 0.999): 4x the generator's (two time-scale rule), since the
#     discriminator starts from scratch against a trained generator; one discriminator update per
#     generator step (DeepFill v2).
#   * D_WIDTH 32 (DeepFill's 64 halved, as the generator's width is): on 128 px crops its six
#     stride-2 layers score 2x2 patches of 64 px; width 64 would cost about 4x the discriminator's
#     time on this CPU.
#   * ADV_STEPS 20000 is an upper bound (1-6 img/s per core, batch 8: a few thousand steps a night);
#     like the other stages it is stopped and resumed at will (last.ckpt keeps the discriminator
#     and both Adam states, so a resumed run continues exactly).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
bin="${PCONV_TRAIN:-$repo/build/bin/pconv_train}"
run="${RUN_DIR:-/work/runs/default}"
data="${DATA:-}"
val="${VAL:-}"
threads="${THREADS:-$(nproc)}"
steps="${STEPS:-60000}"
stage="${STAGE:-1}"
models="${MODELS_DIR:-$repo/models}"

if [ ! -x "$bin" ]; then
    echo "default_model.sh: no pconv_train at $bin (build the project or set PCONV_TRAIN)" >&2
    exit 2
fi
mkdir -p "$run"

if [ "$stage" != export ] && { [ -z "$data" ] || [ -z "$val" ]; }; then
    echo "default_model.sh: set DATA and VAL to the folders of training and validation photos (doc/datasets.md)" >&2
    exit 2
fi
common=(--data "$data" --val-data "$val"
        --image_size 128 --layers 6 --width 32 --batch_size 8
        --resize-min 128 --resize-max 256 --mask-min 0.01 --mask-max 0.6
        --val-every 150 --checkpoint-every 150 --checkpoint-minutes 8 --log-every 25 --seed 1 --resume
        --w-ssim "${W_SSIM:-3}" --keep-every 600 --mask-kind "${MASK_KINDS:-5}")

case "$stage" in
    1)
        init=()
        [ -n "${INIT:-}" ] && [ ! -f "$run/last.ckpt" ] && init=(--init "$INIT")
        exec "$bin" --threads "$threads" train "${common[@]}" --out "$run" --steps "$steps" --learning_rate 0.0002 \
            "${init[@]}"
        ;;
    finetune)
        init=()
        [ -f "$run/finetune/last.ckpt" ] || init=(--init "$run/best.ckpt")
        exec "$bin" --threads "$threads" train "${common[@]}" --out "$run/finetune" --steps "${FINETUNE_STEPS:-20000}" \
            --finetune "${init[@]}"
        ;;
    adv)
        init=()
        [ -f "$run/adv/last.ckpt" ] || init=(--init "${INIT:-$repo/models/pconv_default.ckpt}")
        exec "$bin" --threads "$threads" train "${common[@]}" --out "$run/adv" --steps "${ADV_STEPS:-20000}" \
            --finetune --learning_rate "${ADV_LR:-5e-5}" --w-adv "${W_ADV:-0.1}" --d-lr "${D_LR:-2e-4}" \
            --d-width "${D_WIDTH:-32}" "${init[@]}"
        ;;
    export)
        best="$run/best.ckpt"
        [ -f "$run/finetune/best.ckpt" ] && best="$run/finetune/best.ckpt"
        [ -f "$run/adv/best.ckpt" ] && best="$run/adv/best.ckpt"
        [ -n "${CKPT:-}" ] && best="$CKPT"
        [ -f "$best" ] || { echo "default_model.sh: no checkpoint at $best (train first)" >&2; exit 2; }
        "$bin" export --half --checkpoint "$best" --output "$models/pconv_default.onnx"
        cp "$best" "$models/pconv_default.ckpt.tmp" && mv "$models/pconv_default.ckpt.tmp" "$models/pconv_default.ckpt"
        echo "exported $best to $models/pconv_default.onnx and copied it to $models/pconv_default.ckpt"
        ;;
    *)
        echo "default_model.sh: STAGE must be 1, finetune, adv or export, got '$stage'" >&2
        exit 2
        ;;
esac
