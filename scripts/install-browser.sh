#!/bin/sh
# Installs Debian's Chromium for the browser tests (tests/browser), unless it is already there.
# Idempotent and quiet; retries while another apt/dpkg run holds the lock. Playwright never downloads a browser here.
set -eu
CHROMIUM=/usr/bin/chromium
[ -x "$CHROMIUM" ] && exit 0
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
attempt=1
while [ "$attempt" -le 10 ]; do
  if $SUDO apt-get update -qq >/dev/null 2>&1 &&
     DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium >/dev/null 2>&1; then
    break
  fi
  [ -x "$CHROMIUM" ] && break  # another process finished installing it meanwhile
  echo "install-browser: apt busy or failed (attempt $attempt), retrying in 15 s" >&2
  attempt=$((attempt + 1))
  sleep 15
done
if [ ! -x "$CHROMIUM" ]; then
  echo "install-browser: could not install chromium; run: apt-get update && apt-get install -y chromium" >&2
  exit 1
fi
