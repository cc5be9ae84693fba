#!/usr/bin/env bash
# Type-checks the reader (src/NewsApi/wwwroot/read/*.js, JSDoc types) against types generated from an OpenAPI
# document (default docs/openapi.json), so a contract change that breaks the reader fails CI.
# Pinned tools, installed into an ignored folder: openapi-typescript 7 needs TypeScript 5 (see TRAPS).
# Usage: tests/reader/typecheck.sh [openapi.json]
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
SPEC="$(realpath "${1:-$ROOT/docs/openapi.json}")"
WORK="$ROOT/artifacts/reader-typecheck"
mkdir -p "$WORK/generated"

if ! command -v npm >/dev/null 2>&1; then
    echo "reader typecheck: npm not found; install Node.js (apt-get install -y nodejs npm)" >&2
    exit 2
fi
if [[ ! -x "$WORK/node_modules/.bin/tsc" || ! -x "$WORK/node_modules/.bin/openapi-typescript" ]]; then
    [[ -f "$WORK/package.json" ]] || echo '{"private": true}' > "$WORK/package.json"
    (cd "$WORK" && npm install --no-audit --no-fund --silent --save-exact openapi-typescript@7.13.0 typescript@5.9.3)
fi

"$WORK/node_modules/.bin/openapi-typescript" "$SPEC" --output "$WORK/generated/openapi.d.ts" --silent

cat > "$WORK/tsconfig.json" <<JSON
{
  "compilerOptions": {
    "allowJs": true,
    "checkJs": true,
    "noEmit": true,
    "strict": true,
    "noUncheckedIndexedAccess": false,
    "target": "es2022",
    "module": "es2022",
    "moduleResolution": "bundler",
    "lib": ["es2022", "dom", "dom.iterable"],
    "types": [],
    "skipLibCheck": true,
    "paths": { "newsapi-contract": ["./generated/openapi.d.ts"] }
  },
  "include": ["$ROOT/src/NewsApi/wwwroot/read/*.js"]
}
JSON

"$WORK/node_modules/.bin/tsc" --project "$WORK/tsconfig.json" --pretty false
echo "reader: typed against $(realpath --relative-to="$ROOT" "$SPEC" 2>/dev/null || echo "$SPEC"): ok"
