#!/usr/bin/env bash
# Adds one EF Core migration for BOTH providers (SQLite and PostgreSQL), named NAME.
# Usage: scripts/add-migration.sh NAME
# After merging branches that each added a migration, keep main's model snapshots, delete the branch's
# migration files and run this again: the new migration is then the difference from main's snapshot.
set -euo pipefail
[ $# -eq 1 ] || { echo "usage: scripts/add-migration.sh NAME" >&2; exit 2; }
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
dotnet tool restore >/dev/null
proj=src/Quartermaster.Storage/Quartermaster.Storage.csproj
dotnet build "$proj" -c Debug --nologo -v quiet -clp:ErrorsOnly
dotnet tool run dotnet-ef migrations add "$1" --project "$proj" --context SqliteQuartermasterDb --output-dir Migrations/Sqlite --no-build
dotnet tool run dotnet-ef migrations add "$1" --project "$proj" --context PostgresQuartermasterDb --output-dir Migrations/Postgres --no-build
rm -f src/Quartermaster.Storage/design-time.db*
