#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Install the Debian 12 packages tetrarch needs, only those missing. `deps.sh test` adds the
# packages the tests use (QEMU as the oracle).
set -euo pipefail
pkgs=(meson ninja-build pkg-config gcc libc6-dev libcapstone-dev check libfdt-dev
      gcc-aarch64-linux-gnu binutils-aarch64-linux-gnu python3)
if [ "${1:-}" = test ]; then
    pkgs+=(qemu-system-arm device-tree-compiler)
fi
missing=()
for p in "${pkgs[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo=sudo
    echo "tetrarch: installing ${missing[*]}" >&2
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
