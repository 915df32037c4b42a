#!/usr/bin/env bash
# Lint, type-check, build and test every package, run `reproduce --budget small` end to end, then print one closing line 'N passed, N failed, N skipped'
# summed over the vitest JSON reports (each package writes test-results.json).
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
find . -name test-results.json -not -path '*/node_modules/*' -delete
status=0
pnpm exec biome ci . || status=$?   # the whole tree, root files included
pnpm exec turbo run typecheck build --output-logs=errors-only || status=$?
pnpm exec turbo run test --concurrency=1 || status=$?
# `reproduce --budget small` end to end (~10 minutes on 2 cores): every objective, the toy, the table.
pnpm --filter trainer test:reproduce || status=$?
node tooling/ci/summarize-tests.ts || status=$?
exit "$status"
