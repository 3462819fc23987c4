#!/usr/bin/env bash
# The default model's recipe (tools/train/recipes/default_model.sh) end to end on a few small photos
# and a couple of steps per stage: stage 1, STAGE=finetune, STAGE=export into a scratch models
# folder, the exported model filling a hole through the module (the inpaint CLI), and INIT= starting
# a new stage 1 from the exported checkpoint, then STAGE=adv from it and its export. It checks the recipe's flags and stage wiring, not
# the model's quality (that is doc/quality.md's benchmark).
#
#   recipe_smoke.sh PCONV_TRAIN INPAINT_CLI WORK_DIR
set -uo pipefail
bin=$1 cli=$2 work=$3
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
recipe="$here/../../tools/train/recipes/default_model.sh"
fail() { echo "FAIL: $*"; for f in "$work"/*.log; do [ -f "$f" ] && { echo "--- $f"; tail -5 "$f"; }; done; exit 1; }
rm -rf "$work"
mkdir -p "$work/data" "$work/val" "$work/models"

samples=/usr/share/doc/opencv-doc/examples/data
for f in fruits.jpg baboon.jpg building.jpg butterfly.jpg; do
    [ -f "$samples/$f" ] || fail "needs opencv-doc's sample photo $samples/$f (scripts/bootstrap.sh installs it)"
    cp "$samples/$f" "$work/data/"
done
cp "$samples/home.jpg" "$work/val/" || fail "needs $samples/home.jpg"

export PCONV_TRAIN=$bin RUN_DIR=$work/run DATA=$work/data VAL=$work/val THREADS=1 MODELS_DIR=$work/models

STEPS=2 "$recipe" > "$work/stage1.log" 2>&1 || fail "stage 1 exited with $?"
[ -f "$work/run/last.ckpt" ] && [ -f "$work/run/best.ckpt" ] || fail "stage 1 left no last.ckpt/best.ckpt"
# The recipe's SSIM loss is on: the logged total is valid + 6 hole + 0.1 tv + 3 (1 - SSIM).
awk -F, 'NR > 1 { d = $7 - ($8 + 6 * $9 + 0.1 * $12 + 3 * $13); if ($13 <= 0 || d > 1e-4 || d < -1e-4) bad = 1 }
         END { exit bad }' "$work/run/train.csv" || fail "train.csv's total is not the recipe's weighted sum: $(cat "$work/run/train.csv")"

STAGE=finetune FINETUNE_STEPS=2 "$recipe" > "$work/finetune.log" 2>&1 || fail "finetune exited with $?"
grep -q "fine-tune (encoder BN frozen)" "$work/finetune.log" || fail "the finetune stage did not run as a fine-tune"
[ -f "$work/run/finetune/best.ckpt" ] || fail "finetune left no best.ckpt"

STAGE=export "$recipe" > "$work/export.log" 2>&1 || fail "export exited with $?"
grep -q "float16 weights" "$work/export.log" || fail "export did not write FLOAT16 weights"
grep -q "$work/run/finetune/best.ckpt" "$work/export.log" || fail "export did not take the finetune stage's best checkpoint"
cmp -s "$work/run/finetune/best.ckpt" "$work/models/pconv_default.ckpt" || fail "models/pconv_default.ckpt is not the exported checkpoint"

# The exported file is a model the module loads and fills with (plain-text PPM/PGM input: a 64x64
# gradient with a 20x16 hole).
awk 'BEGIN { print "P3\n64 64\n255"; for (y = 0; y < 64; y++) for (x = 0; x < 64; x++) print 4 * x, 4 * y, 128 }' > "$work/in.ppm"
awk 'BEGIN { print "P2\n64 64\n255"; for (y = 0; y < 64; y++) for (x = 0; x < 64; x++) print (x >= 20 && x < 40 && y >= 24 && y < 40) ? 255 : 0 }' > "$work/mask.pgm"
"$cli" --image="$work/in.ppm" --mask="$work/mask.pgm" --method=pconv --model="$work/models/pconv_default.onnx" \
    --output="$work/out.png" > "$work/inpaint.log" 2>&1 || fail "the module could not fill with the exported model"
[ -s "$work/out.png" ] || fail "no output image"

# INIT= starts a new stage 1 from the exported checkpoint.
RUN_DIR=$work/run2 INIT=$work/models/pconv_default.ckpt STEPS=1 "$recipe" > "$work/init.log" 2>&1 || fail "INIT= run exited with $?"
grep -q "starting from the weights of $work/models/pconv_default.ckpt" "$work/init.log" || fail "INIT= did not load the checkpoint"
# STAGE=adv fine-tunes the exported checkpoint against a discriminator; STAGE=export then takes
# the adv stage's best checkpoint.
INIT=$work/models/pconv_default.ckpt ADV_STEPS=2 STAGE=adv "$recipe" > "$work/adv.log" 2>&1 || fail "STAGE=adv exited with $?"
grep -q "starting from the weights of $work/models/pconv_default.ckpt" "$work/adv.log" || fail "STAGE=adv did not start from INIT"
grep -q "adversarial: weight 0.1, SN-PatchGAN discriminator width 32" "$work/adv.log" || fail "STAGE=adv did not train adversarially"
grep -q "fine-tune (encoder BN frozen)" "$work/adv.log" || fail "STAGE=adv did not freeze the encoder's BatchNorm"
awk -F, 'NR > 1 { if ($14 == 0 || $15 <= 0) bad = 1 } END { exit bad }' "$work/run/adv/train.csv" ||
    fail "the adv stage's train.csv lacks the adversarial losses: $(cat "$work/run/adv/train.csv")"
STAGE=export "$recipe" > "$work/export_adv.log" 2>&1 || fail "export after STAGE=adv exited with $?"
grep -q "$work/run/adv/best.ckpt" "$work/export_adv.log" || fail "export did not take the adv stage's best checkpoint"
"$cli" --image="$work/in.ppm" --mask="$work/mask.pgm" --method=pconv --model="$work/models/pconv_default.onnx" \
    --output="$work/out_adv.png" > "$work/inpaint_adv.log" 2>&1 || fail "the module could not fill with the adv stage's model"
echo "recipe_smoke: all stages passed"
