#!/usr/bin/env bash
# Starts the app on the bundled default model: installs Node packages if missing, builds, and
# serves the built app on http://127.0.0.1:5173 (cross-origin isolated, for multi-threaded WASM).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
npx vite build --logLevel warn
exec npx vite preview --host 127.0.0.1 --port "${PORT:-5173}" --strictPort
