#!/usr/bin/env bash
# Installs what this checkout needs and is missing; safe to run again.
#   scripts/setup.sh          Node packages only (enough to run the app and the CLI)
#   scripts/setup.sh --all    also the Python pipeline's venv and Debian's Chromium (for tests)
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: installing Node packages (npm ci)"
  npm ci --no-audit --no-fund
fi

[ "${1:-}" = "--all" ] || exit 0

if [ ! -x .venv/bin/python ] || ! cmp -s models/pipeline/requirements.txt .venv/.requirements.txt; then
  echo "setup: installing the Python pipeline's packages into .venv (PyTorch is a large download)"
  python3 -m venv .venv
  .venv/bin/pip install -q --upgrade pip
  .venv/bin/pip install -q -r models/pipeline/requirements.txt
  cp models/pipeline/requirements.txt .venv/.requirements.txt
fi

if [ ! -x /usr/bin/chromium ]; then
  echo "setup: installing Debian's chromium for the browser tests"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi
