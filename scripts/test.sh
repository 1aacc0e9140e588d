#!/bin/sh
# `npm test`: the type-check and every test, at once — tsc keeps one core busy for 20–40 s,
# which the tests' first seconds (the PostgreSQL template, then files waiting on the server)
# leave partly free. Fails if either fails; arguments go to vitest (`npm test -- test/x.test.ts`).
# Incremental: a later run on the same checkout re-checks only what changed (≈ 5 s of CPU instead
# of ≈ 16 s); the state is kept under node_modules/.cache, which `npm ci` starts afresh.
tsc --noEmit --incremental --tsBuildInfoFile node_modules/.cache/tsc/tsbuildinfo &
typecheck=$!
vitest run "$@"
tests=$?
if ! wait "$typecheck"; then
  echo "npm test: the type-check failed (npm run typecheck)" >&2
  exit 1
fi
exit "$tests"
