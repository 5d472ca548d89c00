#!/usr/bin/env bash
# Validates docker-compose.yml without a Docker engine: `docker compose config` parses, interpolates
# (with .env.example, so every variable the file needs must be in the example) and checks it against
# the Compose specification; then checks what the file promises: workers scale (no container name,
# no published port), bind-mounted files exist, the Dockerfile's entry point.
#
# Uses `docker compose` or `docker-compose` (v2) when installed; otherwise builds Docker Compose
# from its Go module (pinned below) once into a cache directory. Needs Go for that, and python3.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

COMPOSE_MODULE=github.com/docker/compose/v2
COMPOSE_VERSION=v2.40.3
tools="${ONCELANE_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/oncelane/tools}"
cached="$tools/docker-compose-$COMPOSE_VERSION"

find_compose() {
  if docker compose version >/dev/null 2>&1; then
    compose=(docker compose)
  elif command -v docker-compose >/dev/null && docker-compose version 2>/dev/null | grep -q 'v2\.'; then
    compose=(docker-compose)
  elif [[ -x "$cached" ]]; then
    compose=("$cached")
  else
    return 1
  fi
}

build_compose() {
  command -v go >/dev/null || {
    echo "check-compose: no Docker Compose and no Go to build it; install docker-compose-plugin" >&2
    exit 1
  }
  echo "check-compose: building Docker Compose $COMPOSE_VERSION from its Go module (once)" >&2
  local work
  work="$(mktemp -d)"
  # `go install module@version` refuses modules with replace/exclude directives, so build the
  # command from a throwaway module that requires it.
  if ! (
    cd "$work"
    go mod init oncelane.local/compose-build >/dev/null 2>&1
    printf '//go:build tools\n\npackage tools\n\nimport _ "%s/cmd"\n' "$COMPOSE_MODULE" >tools.go
    go get "$COMPOSE_MODULE/cmd@$COMPOSE_VERSION" 2>get.log || { cat get.log >&2; exit 1; }
    mkdir -p "$tools"
    go build -ldflags "-X $COMPOSE_MODULE/internal.Version=$COMPOSE_VERSION" -o "$cached.tmp" \
      "$COMPOSE_MODULE/cmd"
  ); then
    rm -rf "$work"
    echo "check-compose: building Docker Compose failed" >&2
    exit 1
  fi
  rm -rf "$work"
  mv "$cached.tmp" "$cached"
}

compose=()
find_compose || { build_compose && find_compose; }
echo "check-compose: using $("${compose[@]}" version 2>/dev/null | head -1)"

# 1. The Compose specification, with every variable from the example environment.
config="$("${compose[@]}" --project-directory "$root" -f docker-compose.yml \
  --env-file .env.example config --format json)"

# 2. What the file promises beyond the specification.
python3 - "$config" <<'PY'
import json, os, sys

config = json.loads(sys.argv[1])
services = config["services"]
problems = []

expected = {"postgresql", "temporal-schema", "temporal", "temporal-setup", "temporal-ui",
            "worker", "relay"}
missing = expected - services.keys()
if missing:
    problems.append(f"services missing: {sorted(missing)}")

worker = services.get("worker", {})
if "container_name" in worker:
    problems.append("worker has a container_name: `--scale worker=N` would clash")
if worker.get("ports"):
    problems.append("worker publishes ports: `--scale worker=N` would clash")
if worker.get("command") != ["worker"] or services.get("relay", {}).get("command") != ["relay"]:
    problems.append("worker and relay must run the `worker` and `relay` commands")
if not any(str(p.get("target")) == "8080" for p in services.get("relay", {}).get("ports", [])):
    problems.append("relay must publish port 8080")
relay_env = services.get("relay", {}).get("environment", {}) or {}
opted_in = [k for k, v in relay_env.items() if k.endswith("_UNSIGNED") and str(v).lower() == "true"]
if opted_in:
    problems.append(f"the relay must not ship accepting unsigned writes: {opted_in}")
if not worker.get("environment", {}).get("ONCELANE_LEDGER_URL", "").startswith("jdbc:postgresql:"):
    problems.append("the worker's ledger must be PostgreSQL")

for name, service in services.items():
    image = service.get("image", "")
    if "build" not in service and (":" not in image or image.endswith(":latest")):
        problems.append(f"{name}: image {image!r} is not pinned to a version")
    for volume in service.get("volumes", []):
        if volume.get("type") == "bind" and not os.path.exists(volume["source"]):
            problems.append(f"{name}: bind-mounted {volume['source']} does not exist")

for problem in problems:
    print(f"check-compose: {problem}", file=sys.stderr)
sys.exit(1 if problems else 0)
PY

grep -q '^ENTRYPOINT \["java", *"-jar", *"/app/oncelane.jar"\]' Dockerfile || {
  echo "check-compose: the Dockerfile must end in ENTRYPOINT [\"java\",\"-jar\",\"/app/oncelane.jar\"]" >&2
  exit 1
}
git check-ignore -q .env || { echo "check-compose: .env must be git-ignored" >&2; exit 1; }

echo "check-compose: docker-compose.yml is valid"
