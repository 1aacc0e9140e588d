#!/bin/sh
# `npm test`: the type-check and every test, at once — tsc keeps one core busy for 20–40 s,
# which the tests' first seconds (the PostgreSQL template, then files waiting on the server)
# leave partly free. Fails if either fails; arguments go to vitest (`npm test -- test/x.test.ts`).
tsc --noEmit &
typecheck=$!
vitest run "$@"
tests=$?
if ! wait "$typecheck"; then
  echo "npm test: the type-check failed (npm run typecheck)" >&2
  exit 1
fi
exit "$tests"
