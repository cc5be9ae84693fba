#!/usr/bin/env bash
# Lints an OpenAPI document with Redocly CLI's recommended rules; exits non-zero when it has errors.
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
exec npx --yes "@redocly/cli@${REDOCLY_VERSION}" lint --format=stylish "$document"
