#!/bin/sh
# One-shot (temporal-setup service): creates oncelane's namespace with its retention and registers
# the search attributes the lane upserts (the Web UI filters the review queue by them). Idempotent:
# it creates only what is missing, so it runs at every `docker compose up`.
set -eu
: "${TEMPORAL_ADDRESS:?}"
namespace="${TEMPORAL_NAMESPACE:-default}"
retention="${TEMPORAL_NAMESPACE_RETENTION:-72h}"

# Runs "$@" until it succeeds: the server, and a namespace just created, take a moment to answer.
retry() {
  attempt=1
  until "$@"; do
    if [ "$attempt" -ge 60 ]; then
      echo "setup-namespace: gave up after $attempt tries: $*" >&2
      return 1
    fi
    attempt=$((attempt + 1))
    sleep 2
  done
}

echo "waiting for Temporal at $TEMPORAL_ADDRESS"
retry temporal operator cluster health --address "$TEMPORAL_ADDRESS" >/dev/null

if temporal operator namespace describe --address "$TEMPORAL_ADDRESS" --namespace "$namespace" >/dev/null 2>&1; then
  echo "namespace $namespace exists (its retention is left as it is)"
else
  temporal operator namespace create --address "$TEMPORAL_ADDRESS" --namespace "$namespace" \
    --retention "$retention"
  echo "namespace $namespace created, retention $retention"
fi

existing="$(retry temporal operator search-attribute list --address "$TEMPORAL_ADDRESS" --namespace "$namespace" 2>/dev/null)"
for name in OncelaneStatus OncelaneReason OncelaneSource; do
  if printf '%s\n' "$existing" | grep -qw "$name"; then
    echo "search attribute $name exists"
  else
    temporal operator search-attribute create --address "$TEMPORAL_ADDRESS" \
      --namespace "$namespace" --name "$name" --type Keyword
    echo "search attribute $name created"
  fi
done
