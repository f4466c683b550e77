#!/bin/sh
# End-to-end tests: needs pwa/dist built and .venv/bin/lianchuang installed (the Makefile does both).
set -eu
cd "$(dirname "$0")"
npm ci --no-audit --no-fund
# Two suites at a time (each has its own server and browser): most of a suite's time is spent
# waiting on a page or the outbox, so two overlap well on a two-core CI machine (≈430 s instead
# of ≈600 s here) and keep `make test` inside CI's 30 minutes. Timeouts allow for the shared cores.
node --test --test-concurrency="${E2E_CONCURRENCY:-2}"
