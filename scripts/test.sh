#!/usr/bin/env bash
# `npm test`: set-up (deps, sshd, ansible-core, build), then the whole suite. The vitest
# globalSetup starts a throwaway sshd fleet on loopback and stops it at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
FLOTILLA_PREREQS_CHECKED=1 exec npx vitest run "$@"
