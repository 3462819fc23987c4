#!/usr/bin/env bash
# Runs one libFuzzer target for a fixed time, starting from a copy of its committed seed corpus
# (the committed folder is never written to). Fails on any crash, sanitizer report, leak, timeout
# of one input or out-of-memory; the failing input is kept next to the working corpus.
#
#   fuzz_run.sh FUZZER SEED_CORPUS_DIR SECONDS [extra libFuzzer flags...]
set -euo pipefail
fuzzer=$1 seeds=$2 seconds=$3
shift 3
name=$(basename "$fuzzer")
work=$(dirname "$fuzzer")/../runs/$name
rm -rf "$work"
mkdir -p "$work/corpus"
if [ -d "$seeds" ]; then cp -r "$seeds"/. "$work/corpus/"; fi
export ASAN_OPTIONS="detect_leaks=1:${ASAN_OPTIONS:-}"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:${UBSAN_OPTIONS:-}"
status=0
# -timeout: one input taking longer is a hang; -rss_limit_mb: memory that grows without bound.
"$fuzzer" -max_total_time="$seconds" -timeout=25 -rss_limit_mb=2560 -print_final_stats=1 \
          -artifact_prefix="$work/" "$@" "$work/corpus" > "$work/log.txt" 2>&1 || status=$?
grep -E "^(stat::number_of_executed_units|stat::peak_rss_mb|Done)|ERROR|runtime error|invariant" "$work/log.txt" || true
if [ $status -ne 0 ]; then
    tail -60 "$work/log.txt"
    echo "$name: FAILED (exit $status); input kept in $work/"
    exit 1
fi
echo "$name: ok, corpus $(ls "$work/corpus" | wc -l) inputs"
