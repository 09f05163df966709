#!/usr/bin/env bash
# `npm test`: set-up (deps, sshd, ansible-core, build), then the whole suite: the vitest projects
# unit, integration and diff (vitest.config.ts). Only the integration project's globalSetup starts
# the shared throwaway sshd fleet on loopback (and stops it at the end). Arguments go to vitest,
# e.g. `npm test -- --project diff`; `npm run test:unit` needs no set-up at all.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
FLOTILLA_PREREQS_CHECKED=1 exec npx vitest run "$@"
