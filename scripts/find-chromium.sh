#!/usr/bin/env bash
# Prints the path of a Chromium the end-to-end tests can drive, installing Debian's
# `chromium` through apt when none is found (browser downloads are not possible here,
# and Playwright's own `npx playwright install` needs them). Set CHROMIUM_PATH to skip.
set -euo pipefail
for candidate in "${CHROMIUM_PATH:-}" /usr/bin/chromium /usr/bin/chromium-browser /usr/bin/google-chrome; do
  if [ -n "$candidate" ] && [ -x "$candidate" ]; then echo "$candidate"; exit 0; fi
done
if command -v apt-get >/dev/null 2>&1; then
  echo "find-chromium: no Chromium found; installing Debian's chromium with apt-get…" >&2
  # Waits for another apt/dpkg process (the WebKit suite's install, unattended-upgrades)
  # instead of failing at once on the lock.
  bash "$(dirname "$0")/apt-install.sh" chromium >&2
  if [ -x /usr/bin/chromium ]; then echo /usr/bin/chromium; exit 0; fi
fi
echo "find-chromium: no Chromium available. Install one (Debian: apt-get install chromium) or set CHROMIUM_PATH." >&2
exit 1
