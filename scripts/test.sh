#!/usr/bin/env bash
# Runs every test: type check, core unit tests (Node + real onnxruntime), the Python pipeline's
# tests (pytest), and the end-to-end tests in headless Chromium. Installs what is missing first.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --all || { echo "setup failed"; exit 1; }
mkdir -p test-results
status=0
npx tsc --noEmit -p tsconfig.json || status=1
npx vitest run --project unit --reporter=default --reporter=json --outputFile.json=test-results/unit.json || status=1
.venv/bin/python -m pytest -q models/pipeline/tests --junitxml=test-results/pytest.xml || status=1
npx vitest run --project e2e --reporter=default --reporter=json --outputFile.json=test-results/e2e.json || status=1
node scripts/summarize-tests.mjs test-results || status=1
exit $status
