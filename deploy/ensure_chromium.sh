#!/usr/bin/env bash
# The browser the web-page tests drive: Debian's Chromium at /usr/bin/chromium (Playwright
# is told to use it; nothing is downloaded by Playwright itself). Installed from Debian's
# packages when missing and allowed (root with apt-get); otherwise say what to do.
set -euo pipefail
browser="${CRM_CHROMIUM:-/usr/bin/chromium}"
if [ -x "$browser" ]; then
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Chromium for the browser tests (Debian package chromium)..."
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  [ -x "$browser" ] && exit 0
fi
echo "The browser tests need Chromium at $browser: sudo apt-get install chromium" >&2
exit 1
