#!/usr/bin/env bash
# `npm test`: set-up (deps, sshd, ansible-core, build), then the suite CI runs: the vitest
# projects unit, fuzz, integration and diff-core, the part of the Ansible oracle tests that keeps
# it under 10 min (vitest.config.ts). `npm run test:full` runs the whole oracle project (diff)
# instead of diff-core. Only the integration project's globalSetup starts the shared throwaway
# sshd fleet on loopback (and stops it at the end). Arguments go to vitest: with a --project,
# only the projects named run (e.g. `npm test -- --project diff`); `npm run test:unit` needs no
# set-up at all.
set -euo pipefail
cd "$(dirname "$0")/.."
projects=(--project unit --project fuzz --project integration --project diff-core)
for arg in "$@"; do
  [[ $arg == --project || $arg == --project=* ]] && projects=()
done
bash scripts/setup.sh
FLOTILLA_PREREQS_CHECKED=1 exec npx vitest run "${projects[@]}" "$@"
