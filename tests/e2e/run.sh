#!/bin/sh
# End-to-end tests: needs pwa/dist built and .venv/bin/lianchuang installed (the Makefile does both).
set -eu
cd "$(dirname "$0")"
npm ci --no-audit --no-fund
node --test
