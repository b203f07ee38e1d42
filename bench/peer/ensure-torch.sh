#!/usr/bin/env sh
# Installs Debian's python3-torch (the PyTorch peer of bench/src/train-throughput.ts) when missing.
# Not part of CI: the peer benchmark only.
set -eu
if /usr/bin/python3 -c 'import torch' 2>/dev/null; then exit 0; fi
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq python3-torch >/dev/null
