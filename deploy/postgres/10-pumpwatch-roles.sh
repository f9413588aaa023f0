#!/bin/sh
# First start of the compose database only (the postgres image runs /docker-entrypoint-initdb.d/ on an empty volume):
# the app's own role, not a superuser, with CREATE on the public schema of the `pumpwatch` database, which stays
# owned by the administrator (docs/DEPLOYMENT.md "Database roles"). Seal the audit log after PumpWatch's first start.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" -v app_password="$PUMPWATCH_DB_PASSWORD" <<'SQL'
CREATE ROLE pumpwatch_app LOGIN PASSWORD :'app_password' NOSUPERUSER NOCREATEDB NOCREATEROLE;
CREATE EXTENSION IF NOT EXISTS "uuid-ossp";
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE, CREATE ON SCHEMA public TO pumpwatch_app;
SQL
