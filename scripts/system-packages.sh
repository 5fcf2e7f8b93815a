#!/usr/bin/env bash
# Ensure the Debian packages the platform needs are installed.
#   scripts/system-packages.sh run    PDF rendering (pango, harfbuzz subsetting, CJK fonts)
#   scripts/system-packages.sh test   the above plus Chromium for browser tests, poppler-utils,
#                                     and Java and npm for the page checkers (tools/package.json)
set -euo pipefail
run_pkgs=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk)
test_pkgs=("${run_pkgs[@]}" chromium poppler-utils)
case "${1:-run}" in
  run) wanted=("${run_pkgs[@]}") ;;
  test) wanted=("${test_pkgs[@]}") ;;
  *) echo "usage: $0 run|test" >&2; exit 2 ;;
esac
missing=()
for pkg in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ "${1:-run}" = test ]; then
  # Any Java and any npm will do (e.g. a JDK or Node.js from elsewhere).
  command -v java >/dev/null || missing+=(default-jre-headless)
  command -v npm >/dev/null || missing+=(npm)
fi
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "Missing system packages: ${missing[*]}" >&2
  echo "Install them with: sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "Installing system packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
