#!/usr/bin/env bash
# Runs once, when the postgres image initialises an empty data volume (docker-entrypoint-initdb.d),
# as the cluster's superuser POSTGRES_USER. Creates Temporal's two databases (their schema is set up
# by the temporal-schema service) and the ledger's own database and login, which owns it, so
# oncelane never connects as a superuser.
set -euo pipefail
: "${ONCELANE_LEDGER_USER:?set ONCELANE_LEDGER_USER in .env}"
: "${ONCELANE_LEDGER_PASSWORD:?set ONCELANE_LEDGER_PASSWORD in .env}"
: "${ONCELANE_LEDGER_DB:=oncelane}"

# psql variables (:"name" for identifiers, :'name' for literals) quote the values safely.
psql --set=ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  --set=ledger_user="$ONCELANE_LEDGER_USER" \
  --set=ledger_password="$ONCELANE_LEDGER_PASSWORD" \
  --set=ledger_db="$ONCELANE_LEDGER_DB" <<'SQL'
CREATE DATABASE temporal;
CREATE DATABASE temporal_visibility;
CREATE ROLE :"ledger_user" LOGIN PASSWORD :'ledger_password';
CREATE DATABASE :"ledger_db" OWNER :"ledger_user";
REVOKE ALL ON DATABASE :"ledger_db" FROM PUBLIC;
SQL
echo "init-databases: created temporal, temporal_visibility and the ledger database $ONCELANE_LEDGER_DB"
