#!/bin/sh
# One-shot (temporal-schema service): brings Temporal's persistence and visibility schemas up to the
# version this admin-tools image ships. Safe to run at every start: setup-schema leaves a database
# that is already past version 0.0 alone, and update-schema applies only the missing versions.
# The databases themselves are created by deploy/postgres/init-databases.sh.
set -eu
: "${POSTGRES_SEEDS:?}" "${POSTGRES_USER:?}" "${SQL_PASSWORD:?}"
port="${DB_PORT:-5432}"
schemas=/etc/temporal/schema/postgresql/v12

until nc -z -w 5 "$POSTGRES_SEEDS" "$port"; do
  echo "waiting for PostgreSQL at $POSTGRES_SEEDS:$port"
  sleep 2
done

for db in temporal:temporal temporal_visibility:visibility; do
  name="${db%%:*}"
  dir="$schemas/${db##*:}/versioned"
  temporal-sql-tool --plugin postgres12 --ep "$POSTGRES_SEEDS" -p "$port" -u "$POSTGRES_USER" \
    --db "$name" setup-schema -v 0.0
  temporal-sql-tool --plugin postgres12 --ep "$POSTGRES_SEEDS" -p "$port" -u "$POSTGRES_USER" \
    --db "$name" update-schema -d "$dir"
done
echo "setup-schema: Temporal's schemas are current"
