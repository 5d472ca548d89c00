#!/usr/bin/env bash
# Installs the PostgreSQL server binaries the ledger's PostgreSQL test suite runs (initdb, pg_ctl),
# from Debian's packages, when they are missing. Idempotent: does nothing when they are there.
# Needs root (CI runs as root); the tests run the server as the `postgres` OS user the package makes.
set -euo pipefail

have_server_binaries() {
  local dir
  for dir in /usr/lib/postgresql/*/bin; do
    if [[ -x "$dir/initdb" && -x "$dir/pg_ctl" ]]; then
      echo "PostgreSQL server binaries: $dir"
      return 0
    fi
  done
  return 1
}

if have_server_binaries; then
  exit 0
fi

if [[ $(id -u) -ne 0 ]]; then
  echo "install-postgres: PostgreSQL server binaries are missing; run as root to install them" >&2
  exit 1
fi

echo "install-postgres: installing Debian's postgresql package"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends postgresql
# The package starts a cluster of its own; the tests start throwaway ones and need none running.
if command -v pg_lsclusters >/dev/null && command -v pg_ctlcluster >/dev/null; then
  pg_lsclusters --no-header | while read -r version cluster _; do
    pg_ctlcluster "$version" "$cluster" stop 2>/dev/null || true
  done
fi

have_server_binaries
