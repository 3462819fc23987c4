#!/usr/bin/env bash
# Data-parallel training throughput on one machine (issue 19): one pconv_train process with 2
# threads against 2 ranks of 1 thread each (torchrun's variables set by hand, Gloo on loopback),
# the same global batch, data, seed and steps; the two alternate ROUNDS times and the script prints
# each run's images/s and the ratio (2 ranks / 1 process) of their medians.
#
#   DATA=/work/shared/data/photos/train tools/train/bench_data_parallel.sh
#
# Optional: PCONV_TRAIN (binary, default build/bin/pconv_train), STEPS (30), ROUNDS (2), BATCH (global, 8),
# PORT (rendezvous port, 29533), OUT (folder for the runs, default a temporary one).
# Images/s of a run = images between its first and its last logged step / seconds between them
# (train.csv), so start-up, the first steps and the final checkpoint are left out.
# The architecture is the default model's recipe (width 32, 6 levels, 128 px crops).
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
bin="${PCONV_TRAIN:-$repo/build/bin/pconv_train}"
data="${DATA:?set DATA to a folder of training photos}"
steps="${STEPS:-30}"
rounds="${ROUNDS:-2}"
batch="${BATCH:-8}"
port="${PORT:-29533}"
out="${OUT:-$(mktemp -d /tmp/bench_data_parallel.XXXXXX)}"
mkdir -p "$out"
if [ $((batch % 2)) -ne 0 ]; then
    echo "bench_data_parallel.sh: BATCH must be even (two ranks share it), got $batch" >&2
    exit 2
fi
common=(train --data "$data" --image_size 128 --layers 6 --width 32 --resize-min 128 --resize-max 256
        --mask-min 0.01 --mask-max 0.6 --steps "$steps" --val-every 0 --checkpoint-every 1000000
        --checkpoint-minutes 0 --log-every 5 --seed 1 --quiet)

# images/s between the first and the last row of a run's train.csv (columns: step, epoch, images, seconds, ...)
rate() { awk -F, 'NR == 2 { i0 = $3; s0 = $4 } END { printf "%.3f", ($3 - i0) / ($4 - s0) }' "$1/train.csv"; }

one=() two=()
for r in $(seq 1 "$rounds"); do
    o="$out/one_$r"
    env -u WORLD_SIZE -u RANK "$bin" --threads 2 "${common[@]}" --batch_size "$batch" --out "$o" 2> "$o.log"
    one+=("$(rate "$o")")
    o="$out/two_$r"
    for rank in 1 0; do
        WORLD_SIZE=2 RANK=$rank LOCAL_RANK=$rank MASTER_ADDR=127.0.0.1 MASTER_PORT="$port" \
            "$bin" --threads 1 "${common[@]}" --batch_size $((batch / 2)) --out "$o" 2> "$o.rank$rank.log" &
    done
    wait
    two+=("$(rate "$o")")
    echo "round $r: 1 process x 2 threads ${one[-1]} img/s, 2 ranks x 1 thread ${two[-1]} img/s"
    grep -h "spent" "$o.rank0.log" || true
done
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
m1=$(median "${one[@]}")
m2=$(median "${two[@]}")
echo "median: 1 process x 2 threads $m1 img/s, 2 ranks x 1 thread $m2 img/s, ratio (2 ranks / 1 process) $(awk -v a="$m2" -v b="$m1" 'BEGIN { printf "%.3f", a / b }')"
echo "runs in $out (global batch $batch, $steps steps each)"
