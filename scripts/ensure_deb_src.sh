#!/usr/bin/env bash
# Makes sure apt has a source-package (deb-src) entry, which `apt-get source opencv`
# (scripts/build_with_opencv.sh) needs; adds one for Debian bookworm main otherwise. Run as root.
set -euo pipefail

shopt -s nullglob
lists=(/etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources)
if [ ${#lists[@]} -gt 0 ] && grep -qsE '^[[:space:]]*(deb-src[[:space:]]|Types:.*deb-src)' "${lists[@]}"; then
    exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "ensure_deb_src.sh: apt has no deb-src entry; run as root to add one" >&2
    exit 2
fi
# apt refuses two entries for one archive with different Signed-By values: reuse the keyring
# the existing entries name (Debian 12 images use one in /etc/apt/sources.list.d/debian.sources).
mirror=deb.debian.org/debian
keyring=$( {
    # one-line style: deb [signed-by=K] http://deb.debian.org/debian bookworm main
    grep -hsE "^[[:space:]]*deb[[:space:]].*$mirror[/]?[[:space:]]" "${lists[@]}" \
        | sed -nE 's/.*signed-by=([^] ]+).*/\1/p'
    # deb822 style: the stanza whose URIs name the mirror
    for f in "${lists[@]}"; do
        [[ "$f" == *.sources ]] && awk -v RS= -v m="$mirror" 'index($0, m "\n") || index($0, m " ") {
            if (match($0, /Signed-By:[ \t]*[^ \t\n]+/)) { s = substr($0, RSTART, RLENGTH); sub(/Signed-By:[ \t]*/, "", s); print s } }' "$f"
    done
} | head -1 )
option=""
[ -n "$keyring" ] && option="[signed-by=$keyring] "
echo "deb-src ${option}http://deb.debian.org/debian bookworm main" > /etc/apt/sources.list.d/opencv-inpainting-src.list
echo "ensure_deb_src.sh: added /etc/apt/sources.list.d/opencv-inpainting-src.list"
apt-get update -q
