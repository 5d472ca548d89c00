#!/usr/bin/env bash
# Installs Debian's Chromium and chromedriver for the browser integration test (WebUiReviewIT):
# /usr/bin/chromium and /usr/bin/chromedriver. Idempotent: does nothing when both are there, and
# runs `apt-get update` only when a package must be fetched. Selenium never downloads a browser or
# driver itself (the tests give it these paths), so this is the only way they get onto a machine.
set -euo pipefail

browser=/usr/bin/chromium
driver=/usr/bin/chromedriver

if [[ -x "$browser" && -x "$driver" ]]; then
  echo "install-chromium: already installed: $("$driver" --version)"
  exit 0
fi

if [[ $(id -u) -eq 0 ]]; then
  as_root=()
elif command -v sudo >/dev/null; then
  as_root=(sudo)
else
  echo "install-chromium: need root (or sudo) to apt-get install chromium chromium-driver" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
if ! "${as_root[@]}" apt-get install -y -q chromium chromium-driver; then
  # A fresh image has no package lists yet.
  "${as_root[@]}" apt-get update -q
  "${as_root[@]}" apt-get install -y -q chromium chromium-driver
fi

for binary in "$browser" "$driver"; do
  if [[ ! -x "$binary" ]]; then
    echo "install-chromium: $binary is still missing after the install" >&2
    exit 1
  fi
done
echo "install-chromium: installed $("$driver" --version)"
