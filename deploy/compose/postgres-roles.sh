#!/bin/sh
# Run once by the postgres image when it initialises an empty data directory (deploy/compose.yaml). Each service
# database gets the two roles of deploy/k8s and of the local stack: <database>_owner owns the database and runs the
# migrations; <database>_service owns nothing and gets only what the migrations grant. Neither is a superuser.
# Passwords come from the container's environment, never from this file.
set -eu
for db in d2a_referral d2a_capacity d2a_placement; do
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
    -v db="$db" -v owner="${db}_owner" -v service="${db}_service" \
    -v owner_password="$D2A_DB_OWNER_PASSWORD" -v service_password="$D2A_DB_SERVICE_PASSWORD" <<'SQL'
CREATE ROLE :"owner" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION PASSWORD :'owner_password';
CREATE ROLE :"service" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION PASSWORD :'service_password';
CREATE DATABASE :"db" OWNER :"owner";
SQL
done
