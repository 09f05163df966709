#!/usr/bin/env bash
# Installs what flotilla's demo and tests need on a fresh clone: npm dependencies when
# node_modules is missing, Debian's openssh-server (the test fleet's sshd) and ansible-core
# (the behavioural oracle) when they are missing and we are root, then builds dist/.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -d node_modules ]; then
  if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi
fi

missing=()
[ -x /usr/sbin/sshd ] || missing+=(openssh-server)
if [ "${FLOTILLA_NEED_ANSIBLE:-1}" = 1 ] && ! command -v ansible-playbook >/dev/null 2>&1; then
  missing+=(ansible-core)
fi
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "setup: installing ${missing[*]} with apt-get" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q >/dev/null
    apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "setup: missing ${missing[*]}; install with: sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
fi

npm run --silent build
