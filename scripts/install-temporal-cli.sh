#!/usr/bin/env bash
# Makes sure the `temporal` CLI (which embeds `temporal server start-dev`) is installed, so the
# integration tier (*IT, run by `./mvnw verify`) runs against the real Temporal dev server.
#
# Already installed (TEMPORAL_CLI, PATH, $GOPATH/bin or ~/go/bin): prints where and its version,
# in well under a second. Otherwise builds it with `go install` from the Go module proxy into Go's
# bin directory, which is where the tests look. Go's module cache (GOMODCACHE) and build cache
# (GOCACHE) keep the sources and compiled packages between runs, so a rebuild is mostly a link.
# Any failure exits non-zero: CI must not go on without the real server.
#
# Usage: scripts/install-temporal-cli.sh
# Env:   TEMPORAL_CLI_VERSION (default v1.5.1: server 1.29, UI 2.42; later tags carry a `replace`
#        directive in their go.mod, which `go install pkg@version` refuses)
set -euo pipefail

version="${TEMPORAL_CLI_VERSION:-v1.5.1}"
module="github.com/temporalio/cli/cmd/temporal"

say() { echo "install-temporal-cli: $*"; }
die() {
  echo "install-temporal-cli: ERROR: $*" >&2
  exit 1
}

# The same places, in the same order, as TemporalCliServer.findBinary.
find_temporal() {
  local candidates=()
  [[ -n "${TEMPORAL_CLI:-}" ]] && candidates+=("$TEMPORAL_CLI")
  local on_path
  on_path="$(command -v temporal 2>/dev/null || true)"
  [[ -n "$on_path" ]] && candidates+=("$on_path")
  [[ -n "${GOPATH:-}" ]] && candidates+=("${GOPATH%%:*}/bin/temporal")
  candidates+=("$HOME/go/bin/temporal")
  local c
  for c in "${candidates[@]}"; do
    if [[ -x "$c" && ! -d "$c" ]]; then
      echo "$c"
      return 0
    fi
  done
  return 1
}

report() {
  local binary="$1" how="$2"
  local reported
  reported="$("$binary" --version 2>&1)" || die "$binary does not run: $reported"
  say "$how: $binary"
  say "$reported"
}

if binary="$(find_temporal)"; then
  report "$binary" "already installed"
  exit 0
fi

go_binary="$(command -v go 2>/dev/null || true)"
if [[ -z "$go_binary" && -x /usr/local/go/bin/go ]]; then
  go_binary=/usr/local/go/bin/go
fi
[[ -n "$go_binary" ]] || die "the temporal CLI is not installed and Go is not available to build it;
  install Go (https://go.dev/dl/) or the CLI (https://docs.temporal.io/cli#install) and rerun"

gopath="$("$go_binary" env GOPATH)"
gopath="${gopath%%:*}"
# Pin the destination to $GOPATH/bin even if GOBIN points elsewhere: that is where the tests look.
gobin="$gopath/bin"
say "temporal CLI not found; building $module@$version with $("$go_binary" version)"
say "into $gobin (module cache $("$go_binary" env GOMODCACHE), build cache $("$go_binary" env GOCACHE))"
say "a first build downloads the modules and compiles for several minutes; later ones reuse the caches"
started=$SECONDS
GOBIN="$gobin" "$go_binary" install "$module@$version" ||
  die "go install $module@$version failed (see above)"
say "built in $((SECONDS - started)) s"

[[ -x "$gobin/temporal" ]] || die "go install succeeded but $gobin/temporal is missing"
report "$gobin/temporal" "installed"
