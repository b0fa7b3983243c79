#!/usr/bin/env bash
# Installs the Debian packages the test suite needs (Chromium and its headless shell for browser
# tests, Pango for WeasyPrint, poppler for pdftotext, PostgreSQL 15 for the CI run). Skips politely
# when not root.
set -euo pipefail
packages=(chromium chromium-headless-shell poppler-utils libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core postgresql-15)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "Not root: please install these Debian packages yourself: ${missing[*]}" >&2
  echo "(tests that need them will be skipped)" >&2
  exit 0
fi
echo "Installing Debian packages: ${missing[*]}"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
