#!/usr/bin/env bash
# Prints the path of WebKitGTK's MiniBrowser for the WebKit suite (tests/webkit), installing
# what the suite needs from Debian when any of it is missing (about 45 s, 166 MB):
#   webkit2gtk-driver  WebKitWebDriver, and MiniBrowser inside libwebkit2gtk-4.1-0
#   xvfb               the GTK port has no headless mode: it runs under xvfb-run
#   gstreamer1.0-libav H.264: without it every mp4 (content videos, recorded clips) fails
#   libgl1-mesa-dri    WebGL through llvmpipe
# --no-install-recommends keeps out a desktop's worth of recommended packages. apt waits for
# another apt/dpkg process instead of failing (scripts/apt-install.sh).
set -euo pipefail
PACKAGES=(webkit2gtk-driver xvfb gstreamer1.0-libav libgl1-mesa-dri)
missing=()
for pkg in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then missing+=("$pkg"); fi
done
if [ ${#missing[@]} -gt 0 ]; then
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "find-webkit: missing ${missing[*]} and no apt-get here; install them (Debian/Ubuntu package names)." >&2
    exit 1
  fi
  echo "find-webkit: installing ${missing[*]} with apt-get…" >&2
  bash "$(dirname "$0")/apt-install.sh" "${missing[@]}"
fi
for candidate in "${MINIBROWSER_PATH:-}" /usr/lib/*/webkit2gtk-4.1/MiniBrowser /usr/lib/*/webkit2gtk-4.0/MiniBrowser /usr/libexec/webkit2gtk-4.1/MiniBrowser; do
  if [ -n "$candidate" ] && [ -x "$candidate" ]; then echo "$candidate"; exit 0; fi
done
echo "find-webkit: no MiniBrowser found after installing ${PACKAGES[*]}; set MINIBROWSER_PATH." >&2
exit 1
