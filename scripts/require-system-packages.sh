#!/usr/bin/env bash
# Make sure the Debian packages the suite needs are installed: chromium (for Playwright), Java
# (for the Nu Html Checker) and libical3 (the calendar library Evolution and GNOME read feeds with).
# Installs them with apt-get when run as root; otherwise says what to install and fails.
set -euo pipefail
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
ldconfig -p 2>/dev/null | grep 'libical\.so\.3 ' >/dev/null || missing+=(libical3)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "The tests need: ${missing[*]}. Install them with: sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
echo "Installing ${missing[*]} from Debian's packages..."
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
command -v chromium >/dev/null && command -v java >/dev/null && ldconfig -p | grep 'libical\.so\.3 ' >/dev/null
