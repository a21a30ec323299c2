#!/usr/bin/env bash
# Installs Debian packages with apt-get for the test suites (usage: apt-install.sh PKG...).
# Another apt or dpkg process (unattended-upgrades, a second test run, a colleague's install)
# holds /var/lib/dpkg/lock-frontend or /var/lib/apt/lists/lock for seconds to minutes; apt-get
# fails at once with "Could not get lock" when it does, so this waits for the lock instead:
# DPkg::Lock::Timeout covers dpkg's lock, and the retry loop covers the lists lock of
# `apt-get update`, which that option does not. APT_LOCK_WAIT_S bounds the wait (default 15 min).
set -euo pipefail
[ $# -gt 0 ] || { echo "usage: apt-install.sh PKG..." >&2; exit 2; }
LOCK_WAIT_S="${APT_LOCK_WAIT_S:-900}"
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
LOG="$(mktemp)"
trap 'rm -f "$LOG"' EXIT

# Runs apt-get with the given arguments, retrying while another process holds a lock.
apt_get() {
  local deadline=$((SECONDS + LOCK_WAIT_S)) status
  while :; do
    set +e
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=60 "$@" 2>&1 | tee "$LOG" >&2
    status=${PIPESTATUS[0]}
    set -e
    [ "$status" = 0 ] && return 0
    if grep -qE 'Could not get lock|Unable to lock|Unable to acquire' "$LOG" && [ "$SECONDS" -lt "$deadline" ]; then
      echo "apt-install: another apt/dpkg process holds the lock; waiting for it…" >&2
      sleep 5
      continue
    fi
    return "$status"
  done
}

apt_get update -qq
apt_get install -y -qq --no-install-recommends "$@"
