#!/usr/bin/env bash
# Installs the Debian packages the realistic recognition benchmark (bench/realistic) draws its
# prints, backgrounds and fonts from, when any is missing. Wallpapers of KDE (plasma-*) and UKUI
# and OpenCV's sample images (opencv-doc) are deliberately NOT among them: an independent
# evaluation uses those, and its figures mean something only while we never build or tune on them.
set -euo pipefail
PACKAGES=(gnome-backgrounds mate-backgrounds desktop-base lomiri-wallpapers sway-backgrounds xfdesktop4-data
  aisleriot tuxpaint-stamps-default
  fonts-dkg-handwriting fonts-breip fonts-humor-sans fonts-kristi fonts-femkeklaver)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "bench-photos: installing ${missing[*]} with apt-get…" >&2
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update -qq >&2
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
