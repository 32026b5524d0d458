#!/usr/bin/env bash
# Installs what discverify needs to build, test and make its samples (Debian 12), when missing.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git
  libcrypto++-dev libboost-iostreams-dev libpugixml-dev libfmt-dev libcli11-dev libgtest-dev libgmock-dev
  zlib1g-dev libbz2-dev liblzma-dev libzstd-dev
  libxml2-utils xorriso genisoimage isomd5sum isolinux syslinux-utils sox cdrdao
  clang libclang-rt-14-dev
  gzip bzip2 xz-utils zstd python3 python3-jsonschema chromium pngquant time
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all build and test packages are installed"
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "setup: need root or sudo to install: ${missing[*]}" >&2; exit 2; }
  sudo="sudo"
fi
echo "setup: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "setup: done"
