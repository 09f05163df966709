#!/usr/bin/env bash
# `npm run demo`: start a 20-host loopback fleet, run examples/site.yml against it, stop it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh demo
dir=$(mktemp -d -t flotilla-demo-XXXXXX)
npx tsx tools/fleet/cli.ts start --hosts "${DEMO_HOSTS:-20}" --dir "$dir" >/dev/null
trap 'npx tsx tools/fleet/cli.ts stop --dir "$dir"' EXIT
node dist/flotilla.mjs run examples/site.yml -i "$dir/inventory.ini" "$@"
