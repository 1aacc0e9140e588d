#!/bin/sh
# `npm test`: the type-check and every test, at once — tsc (TypeScript 7, native) takes ≈ 3 s (≈ 5 s of CPU),
# which the tests' first seconds (the PostgreSQL template, then files waiting on the server)
# leave partly free. Fails if either fails; arguments go to vitest (`npm test -- test/x.test.ts`).
# Incremental: a later run on the same checkout re-checks only what changed (≈ 1.5 s of CPU instead
# of ≈ 5.4 s); the state is kept under node_modules/.cache, which `npm ci` starts afresh.
# The bundles the tests start (`npm start`, `npm run import` …) are brought up to date first: after
# an edit to src/, the first script a test started would otherwise rebuild them itself, on the
# test's clock and into its stderr (test/import-malformed.test.ts expects that empty).
node scripts/start.mjs --build || exit 1
tsc --noEmit --incremental --tsBuildInfoFile node_modules/.cache/tsc/tsbuildinfo &
typecheck=$!
vitest run "$@"
tests=$?
if ! wait "$typecheck"; then
  echo "npm test: the type-check failed (npm run typecheck)" >&2
  exit 1
fi
exit "$tests"
