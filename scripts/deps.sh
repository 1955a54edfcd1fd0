#!/usr/bin/env bash
# Installs the Debian 12 packages ngcrt's host build, tests and demo need, if missing.
# Idempotent: does nothing (and needs no network) when everything is present.
set -euo pipefail
packages=(cmake make g++ clang catch2 libxsimd-dev python3 python3-numpy python3-sklearn libzip-dev "$@")
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "ngcrt: installing ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
