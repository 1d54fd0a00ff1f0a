#!/usr/bin/env bash
# The README's screenshot, made by the brief command from the committed tables, so it stays true.
# Needs Chromium and playwright (see docs/deploy.md). Run from anywhere: bash docs/make_screenshots.sh
set -euo pipefail
cd "$(dirname "$0")/.."
python -m dashboard brief --view "" --data data --seeds seeds --out briefs/tmp/readme --screenshot docs/screenshot.png
