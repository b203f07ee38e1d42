#!/usr/bin/env sh
# Installs the Debian packages the tests use when they are missing: chromium (the browser example's
# tests drive it with playwright-core; Playwright's own browser download cannot run on a closed
# network) and redis-server (the sweep package's tests start one on loopback for BullMQ).
set -eu
missing=""
[ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || missing="$missing chromium"
command -v "${REDIS_SERVER:-redis-server}" >/dev/null 2>&1 || missing="$missing redis-server"
[ -n "$missing" ] || exit 0
if [ "$(id -u)" -eq 0 ]; then SUDO=""; elif command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
  echo "ensure-test-packages: missing$missing; install these Debian packages as root" >&2
  exit 1
fi
echo "ensure-test-packages: installing Debian's$missing (for the browser and sweep tests)"
$SUDO apt-get update -qq
# A package's own service is not wanted: the tests start redis-server themselves.
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >/dev/null
