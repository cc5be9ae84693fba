#!/usr/bin/env bash
# Lints an OpenAPI document with Redocly CLI's recommended rules; exits non-zero on any error or warning. The problems
# accepted on purpose are listed, each with its reason, in .ci/.redocly.lint-ignore.yaml (beside this script, where
# this script runs the linter).
# Usage: .ci/lint-openapi.sh [docs/openapi.json]
# Needs Node and npx (Node 20 works with the pinned version); the CLI comes from the npm registry.
set -euo pipefail

REDOCLY_VERSION=2.77.0
document="${1:-docs/openapi.json}"

if [[ ! -f "$document" ]]; then
    echo "lint-openapi: no such file: $document" >&2
    exit 2
fi

if ! command -v npx >/dev/null 2>&1; then
    echo "lint-openapi: npx not found; install Node.js (apt-get install -y nodejs npm)" >&2
    exit 2
fi

# --yes: never prompt (CI has no stdin). Telemetry off; the update notice is noise in CI logs.
export REDOCLY_TELEMETRY=off
export REDOCLY_SUPPRESS_UPDATE_NOTICE=true
document="$(realpath "$document")"
cd "$(dirname "${BASH_SOURCE[0]}")"
output="$(npx --yes "@redocly/cli@${REDOCLY_VERSION}" lint --format=stylish "$document" 2>&1)" || { echo "$output"; exit 1; }
echo "$output"
# Redocly exits 0 on warnings; the document is meant to be lint-clean, so a warning fails too.
if grep -qE 'You have [0-9]+ warnings?' <<<"$output"; then
    echo "lint-openapi: FAILED: warnings (fix them, or list one with its reason in .ci/.redocly.lint-ignore.yaml)"
    exit 1
fi
