#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Install the Debian 12 packages tetrarch needs, only those missing. `deps.sh test` adds the
# packages the tests use (QEMU as the oracle).
set -euo pipefail
pkgs=(meson ninja-build pkg-config gcc libc6-dev libcapstone-dev check libfdt-dev libzstd-dev
      gcc-aarch64-linux-gnu binutils-aarch64-linux-gnu python3)
if [ "${1:-}" = test ]; then
    pkgs+=(qemu-system-arm ipxe-qemu device-tree-compiler gdb-multiarch)
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
# `test` also fetches Debian's U-Boot for QEMU's arm64 virt board (package u-boot-qemu, not
# installed: only its u-boot.bin is used) for tests/uboot, into /var/cache/tetrarch ($TETRARCH_CACHE if set, or
# ~/.cache/tetrarch when that is not writable). The test itself never uses the network; without
# the file it exits 77 (skipped), which scripts/test.sh counts as a failure.
# A fetch that fails makes deps.sh exit with status 1 (after trying
# the others), so CI stops here with the reason instead of failing tests later.
fetch_failed=()
sudo=""
[ "$(id -u)" -eq 0 ] || sudo=sudo
cache=${TETRARCH_CACHE:-/var/cache/tetrarch}
if [ "${1:-}" = test ]; then
    mkdir -p "$cache" 2>/dev/null && [ -w "$cache" ] || cache="${XDG_CACHE_HOME:-$HOME/.cache}/tetrarch"
    uboot="$cache/u-boot-qemu/usr/lib/u-boot/qemu_arm64/u-boot.bin"
    if [ ! -f "$uboot" ]; then
        echo "tetrarch: fetching u-boot-qemu into $cache" >&2
        tmp=$(mktemp -d)
        if ( cd "$tmp" && { apt-get download u-boot-qemu >/dev/null 2>&1 ||
                            { $sudo apt-get update -qq && apt-get download u-boot-qemu >/dev/null; }; } ) &&
           mkdir -p "$cache/u-boot-qemu" && dpkg-deb -x "$tmp"/u-boot-qemu_*.deb "$cache/u-boot-qemu"; then
            :
        else
            echo "tetrarch: could not fetch u-boot-qemu (apt-get download u-boot-qemu failed): tests/uboot cannot run" >&2
            fetch_failed+=(u-boot-qemu)
        fi
        rm -rf "$tmp"
    fi
fi
# `test` also fetches Debian's arm64 cloud kernel and static busybox (packages
# linux-image-*-cloud-arm64 and busybox-static:arm64, not installed: only the kernel Image and
# the busybox binary are used) for tests/linux, into $cache/linux. The test uses no network.
if [ "${1:-}" = test ]; then
    lx="$cache/linux"
    if [ ! -f "$lx/Image" ] || [ ! -f "$lx/busybox" ]; then
        echo "tetrarch: fetching linux-image-cloud-arm64 and busybox-static:arm64 into $lx" >&2
        if ! dpkg --print-foreign-architectures | grep -qx arm64; then
            $sudo dpkg --add-architecture arm64
            $sudo apt-get update -qq
        fi
        tmp=$(mktemp -d)
        chmod 755 "$tmp"
        kpkg=$(apt-cache depends linux-image-cloud-arm64:arm64 2>/dev/null | sed -n 's/^ *Depends: \(linux-image-[^ ]*\)$/\1/p' | head -n 1)
        if [ -z "$kpkg" ]; then
            $sudo apt-get update -qq
            kpkg=$(apt-cache depends linux-image-cloud-arm64:arm64 | sed -n 's/^ *Depends: \(linux-image-[^ ]*\)$/\1/p' | head -n 1)
        fi
        if ( cd "$tmp" && apt-get download "$kpkg" busybox-static:arm64 >/dev/null 2>&1 ) &&
           mkdir -p "$lx" "$tmp/x" && for d in "$tmp"/*.deb; do dpkg-deb -x "$d" "$tmp/x"; done &&
           cp "$tmp"/x/boot/vmlinuz-* "$lx/Image" && cp "$tmp/x/bin/busybox" "$lx/busybox" &&
           basename "$tmp"/x/boot/vmlinuz-* > "$lx/VERSION"; then
            :
        else
            echo "tetrarch: could not fetch the Linux test's kernel (${kpkg:-linux-image-*-cloud-arm64: not found by apt-cache}) and busybox-static:arm64: tests/linux cannot run" >&2
            fetch_failed+=("${kpkg:-linux-image-cloud-arm64} busybox-static:arm64")
        fi
        rm -rf "$tmp"
    fi
fi
if [ ${#fetch_failed[@]} -gt 0 ]; then
    echo "tetrarch: deps.sh: failed to fetch: ${fetch_failed[*]} (network or apt sources?)" >&2
    exit 1
fi
