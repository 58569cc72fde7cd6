#!/usr/bin/env bash
# Installs what kycmatch needs to build and run, with apt-get (through sudo when
# not root). Elsewhere it prints exactly what to install and exits 2.
# Usage: scripts/setup.sh [--fonts]   (--fonts adds what the fixture generator needs)
set -euo pipefail

packages=(libtesseract-dev libleptonica-dev libclang-dev clang pkg-config
          tesseract-ocr-eng tesseract-ocr-chi-sim tesseract-ocr-chi-tra)
if [ "${1:-}" = "--fonts" ]; then
  packages+=(fonts-noto-cjk fonts-ocr-b fonts-dejavu-core)
fi

need=()
if command -v dpkg-query >/dev/null 2>&1; then
  for p in "${packages[@]}"; do
    status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
    case "$status" in
      *"install ok installed"*) ;;
      *) need+=("$p") ;;
    esac
  done
else
  echo "kycmatch needs Tesseract 5 with its C headers, Leptonica, libclang, pkg-config and the eng, chi_sim and chi_tra language data." >&2
  echo "On Debian/Ubuntu: apt-get install ${packages[*]}" >&2
  echo "On Fedora: dnf install tesseract-devel leptonica-devel clang-devel pkgconf tesseract-langpack-eng tesseract-langpack-chi_sim tesseract-langpack-chi_tra" >&2
  echo "On macOS: brew install tesseract tesseract-lang leptonica llvm pkg-config" >&2
  exit 2
fi

if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    sudo=()
  elif command -v sudo >/dev/null 2>&1; then
    sudo=(sudo)
  else
    echo "missing packages: ${need[*]}" >&2
    echo "run as root: apt-get update && apt-get install -y ${need[*]}" >&2
    exit 2
  fi
  echo "installing: ${need[*]}"
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}"
fi

if ! command -v cargo >/dev/null 2>&1; then
  echo "cargo not found: install Rust (https://rustup.rs) 1.88 or newer" >&2
  exit 2
fi
