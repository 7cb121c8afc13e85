#!/usr/bin/env bash
# Installs what the browser tests need and the project cannot vendor: Debian's Chromium (the tests
# drive it with playwright-core; a tool's own browser download does not work on these machines).
set -euo pipefail
if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" -ne 0 ]; then echo "web/setup.sh: Chromium is missing; install it with: sudo apt-get install -y chromium chromium-driver" >&2; exit 1; fi
  echo "Installing Chromium from Debian's packages..." >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium chromium-driver >&2 || { apt-get update -q >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium chromium-driver >&2; }
fi
