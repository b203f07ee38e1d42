#!/usr/bin/env sh
# Installs Debian's chromium when it is missing: the browser example's tests drive it with
# playwright-core (Playwright's own browser download cannot run on a closed network).
set -eu
if [ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then exit 0; fi
if [ "$(id -u)" -eq 0 ]; then SUDO=""; elif command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
  echo "ensure-chromium: no chromium at ${CHROMIUM_PATH:-/usr/bin/chromium}; install Debian's 'chromium' package as root" >&2
  exit 1
fi
echo "ensure-chromium: installing Debian's chromium (for the browser tests)"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
