#!/usr/bin/env bash
# Builds the API reference and the tutorial with Doxygen and fails on any warning.
#   scripts/build_docs.sh [OUTPUT_DIR]      (default: build/doc; HTML in OUTPUT_DIR/html)
# Exit codes: 0 no warnings, 1 warnings or errors (printed), 77 doxygen is not installed.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="$(mkdir -p "${1:-$root/build/doc}" && cd "${1:-$root/build/doc}" && pwd)"

if ! command -v doxygen >/dev/null 2>&1; then
    echo "SKIP: doxygen is not installed (Debian package doxygen; scripts/bootstrap.sh installs it)"
    exit 77
fi
for tool in bibtex perl; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "FAIL: \\cite needs $tool (Debian package texlive-binaries / perl; scripts/bootstrap.sh installs them)"
        exit 1
    fi
done

cd "$root"
rm -rf "$out/html" "$out/warnings.log"
# Doxygen runs bibtex in its output folder on copies of the .bib; without texlive-base, kpathsea
# has no search path configured and bibtex finds nothing, not even in the current folder.
export BIBINPUTS=".:${BIBINPUTS:-}" BSTINPUTS=".:${BSTINPUTS:-}"
export INPAINTING_DOC_OUTPUT="$out"
if ! doxygen doc/Doxyfile >"$out/doxygen.out" 2>&1; then
    echo "FAIL: doxygen exited with an error:"
    cat "$out/doxygen.out"
    exit 1
fi
# Warnings go to the log file; messages about bibtex or the citation list may go to stdout/stderr.
problems="$( (cat "$out/warnings.log" 2>/dev/null; grep -iE 'warning|error' "$out/doxygen.out" || true) | sed '/^$/d')"
if [ -n "$problems" ]; then
    echo "FAIL: doxygen reported $(echo "$problems" | wc -l) problem line(s):"
    echo "$problems"
    exit 1
fi
# Doxygen does not complain about a missing picture of a markdown page: check every <img>.
missing=""
for src in $(grep -ho '<img src="[^":]*"' "$out"/html/*.html | sed 's/<img src="//; s/"$//' | sort -u); do
    [ -f "$out/html/$src" ] || missing="$missing $src"
done
if [ -n "$missing" ]; then
    echo "FAIL: pictures not found (IMAGE_PATH is tutorials/images):$missing"
    exit 1
fi
if [ ! -f "$out/html/index.html" ]; then
    echo "FAIL: no HTML was written"
    exit 1
fi
echo "doxygen: no warnings; HTML in $out/html/index.html"
