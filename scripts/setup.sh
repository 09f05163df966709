#!/usr/bin/env bash
# Installs what flotilla's demo and tests need on a fresh clone: npm dependencies when
# node_modules is missing, the Debian packages of scripts/system-packages.txt that are missing
# (as root, with apt-get: the test fleet's sshd, ansible-core and Debian's ansible with its
# collections as the behavioural oracle), then checks them and builds dist/.
# Usage: bash scripts/setup.sh [test|demo]   (default test: demo needs only sshd)
set -euo pipefail
cd "$(dirname "$0")/.."
purpose=${1:-test}

if [ ! -d node_modules ]; then
  if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi
fi

# The manifest's packages for this purpose that dpkg does not have installed.
missing=()
while read -r pkg _version purposes _uses; do
  case ",$purposes," in *",$purpose,"*) ;; *) continue ;; esac
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q '^install ok installed' || missing+=("$pkg")
done < <(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' scripts/system-packages.txt)

if [ ${#missing[@]} -gt 0 ] && [ "$(id -u)" = 0 ]; then
  echo "setup: installing ${missing[*]} with apt-get" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >/dev/null
  apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
fi
# Names what is still missing or at the wrong version, and how to fix it.
node scripts/check-prereqs.mjs "$purpose"

npm run --silent build
