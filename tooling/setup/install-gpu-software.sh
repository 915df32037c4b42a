#!/usr/bin/env bash
# Installs the software GPU driver that WebGPU in Node (Dawn, the `webgpu` npm package) needs on a
# Debian 12 (bookworm) machine without a GPU, so `--backend webgpu` and its tests run in CI.
#
#   tooling/setup/install-gpu-software.sh            # Vulkan: Mesa 25 lavapipe (default)
#   tooling/setup/install-gpu-software.sh --gles     # OpenGL ES: stock Mesa 22.3 EGL + llvmpipe
#   eval "$(tooling/setup/install-gpu-software.sh)"  # install, then export the variables it prints
#
# Idempotent: does nothing (and touches no apt list) when the packages are already there.
# Runs as root, or through sudo. Progress goes to stderr; stdout carries only `export` lines.
#
# Why these packages (measured on Debian 12, 2 cores, no GPU):
# - Vulkan: Debian 12's own lavapipe (Mesa 22.3) is rejected by Dawn; bookworm-backports' Mesa 25
#   lavapipe works and Dawn reports it as a fallback adapter. Only `mesa-vulkan-drivers` comes from
#   backports (it pulls libdrm 2.4.123 from there too); the rest of Mesa (EGL, GL) is left alone.
#   This is the same Dawn path a real GPU takes, with full ("core") WebGPU.
# - OpenGL ES: Dawn's GLES backend on stock Mesa EGL + llvmpipe, WebGPU in compatibility mode, with
#   EGL_PLATFORM=surfaceless (no X or Wayland). No backports needed. The trainer's loader tries
#   Vulkan first and falls back to this on its own.
set -euo pipefail

mode=vulkan
case "${1:-}" in
  '' | --vulkan) mode=vulkan ;;
  --gles) mode=gles ;;
  -h | --help) sed -n '2,12p' "$0"; exit 0 ;;
  *) echo "install-gpu-software.sh: unknown option '$1' (expected --vulkan or --gles)" >&2; exit 2 ;;
esac

log() { echo "install-gpu-software: $*" >&2; }

if [ "$(id -u)" -eq 0 ]; then
  as_root() { "$@"; }
elif command -v sudo >/dev/null 2>&1; then
  as_root() { sudo "$@"; }
else
  log "needs root (or sudo) to run apt-get"; exit 1
fi

if ! grep -q '^VERSION_CODENAME=bookworm' /etc/os-release 2>/dev/null; then
  log "warning: written for Debian 12 (bookworm); this is $(. /etc/os-release && echo "${PRETTY_NAME:-unknown}")"
fi

# Prints the installed version of a package, or nothing.
installed() { dpkg-query -W -f='${Status} ${Version}\n' "$1" 2>/dev/null | awk '$3 == "installed" { print $4 }' || true; }

apt_install() {
  export DEBIAN_FRONTEND=noninteractive
  local start=$SECONDS
  as_root apt-get update -qq
  as_root apt-get install -y -qq --no-install-recommends "$@" >&2
  log "installed $* in $((SECONDS - start)) s"
}

if [ "$mode" = vulkan ]; then
  icd=/usr/share/vulkan/icd.d/lvp_icd.json
  version=$(installed mesa-vulkan-drivers)
  if [ -n "$(installed libvulkan1)" ] && [ -n "$version" ] && dpkg --compare-versions "$version" ge 25 && [ -f "$icd" ]; then
    log "Mesa $version lavapipe is already installed"
  else
    sources=/etc/apt/sources.list.d/bookworm-backports.sources
    if ! grep -rqs 'bookworm-backports' /etc/apt/sources.list /etc/apt/sources.list.d/; then
      log "adding bookworm-backports ($sources)"
      as_root tee "$sources" >/dev/null <<'SOURCES'
Types: deb
URIs: http://deb.debian.org/debian
Suites: bookworm-backports
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SOURCES
    fi
    # Only the Vulkan driver from backports (pkg/suite): EGL/GL stay on Debian 12's Mesa.
    apt_install libvulkan1 mesa-vulkan-drivers/bookworm-backports
  fi
  # Restricts the Vulkan loader to lavapipe, so it does not probe the hardware drivers that
  # mesa-vulkan-drivers also ships (radeon, intel, ...), which only print errors without a GPU.
  # Leave it unset on a machine with a real GPU.
  echo "export VK_ICD_FILENAMES=$icd"
else
  if [ -n "$(installed libegl-mesa0)" ] && [ -n "$(installed libgl1-mesa-dri)" ] && [ -n "$(installed libegl1)" ]; then
    log "Mesa EGL $(installed libegl-mesa0) is already installed"
  else
    apt_install libegl1 libegl-mesa0 libgl1-mesa-dri
  fi
  # Mesa EGL without a display server. The trainer's loader also sets this when it is unset.
  echo "export EGL_PLATFORM=surfaceless"
fi
