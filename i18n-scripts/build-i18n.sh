#!/usr/bin/env bash
# Regenerates locales/ from the sources; CI fails when the result differs from what is committed.
set -euo pipefail
cd "$(dirname "$0")/.."
npx i18next "src/**/*.{js,jsx,ts,tsx}" "!src/**/*.spec.{ts,tsx}" "console-extensions.json" \
  --silent -c ./i18next-parser.config.js -o "locales/\$LOCALE/\$NAMESPACE.json"
