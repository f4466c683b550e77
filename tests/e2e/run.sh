#!/bin/sh
# End-to-end tests: needs pwa/dist built and .venv/bin/lianchuang installed (the Makefile does both).
set -eu
cd "$(dirname "$0")"
npm ci --no-audit --no-fund
# Two suites at a time (each has its own server and browser): most of a suite's time is spent
# waiting on a page or the outbox, so two overlap well on a two-core CI machine (≈430 s instead
# of ≈600 s here) and keep `make test` inside CI's 30 minutes. Timeouts allow for the shared cores.
# The longest suites start first (measured: words ≈200 s, screening ≈175 s, lifecycle ≈105 s …), so
# the two lanes end together instead of one long suite running alone at the end (≈640 s instead of
# ≈720 s on a busy 2-core machine); every other suite follows in name order.
FIRST="words.test.mjs screening.test.mjs lifecycle.test.mjs landing.test.mjs evaluation.test.js elder_mode.test.mjs public.test.mjs app.test.js"
REST=$(ls *.test.js *.test.mjs | grep -vxF "$(printf '%s\n' $FIRST)")
# shellcheck disable=SC2086
node --test --test-concurrency="${E2E_CONCURRENCY:-2}" $FIRST $REST
