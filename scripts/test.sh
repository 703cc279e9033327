#!/usr/bin/env bash
# Runs every test: unit, planner, import, integration (SQLite AND PostgreSQL) and browser tests.
# Installs what the tests need (Debian's postgresql and chromium) where missing, starts a throw-away
# PostgreSQL cluster, and removes it afterwards. Ends with one line: "N passed, N failed, N skipped".
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

log() { printf '[test] %s\n' "$*" >&2; }

# 1. System packages the tests need.
need=()
[ -x /usr/lib/postgresql/15/bin/initdb ] || need+=(postgresql)
[ -x /usr/bin/chromium ] || need+=(chromium)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then log "missing ${need[*]} and not root: install them with apt-get"; exit 1; fi
  log "installing ${need[*]}"
  apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null || { log "apt-get install ${need[*]} failed"; exit 1; }
fi

# 2. A throw-away PostgreSQL cluster on a free port (postgres refuses to run as root: run it as 'postgres').
PGBIN=/usr/lib/postgresql/15/bin
PGDATA="$(mktemp -d /tmp/qm-pg.XXXXXX)"
PGPORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo 55432)"
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" = 0 ] && chown postgres:postgres "$PGDATA"
cleanup() { as_pg "$PGBIN/pg_ctl" -D "$PGDATA" -m immediate stop >/dev/null 2>&1; rm -rf "$PGDATA"; }
trap cleanup EXIT
as_pg "$PGBIN/initdb" -D "$PGDATA" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null || { log "initdb failed"; exit 1; }
as_pg "$PGBIN/pg_ctl" -D "$PGDATA" -l "$PGDATA/server.log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $PGPORT -k /tmp -c fsync=off -c max_connections=200" start >/dev/null || { log "PostgreSQL did not start"; cat "$PGDATA/server.log" >&2; exit 1; }
export QM_TEST_PG="Host=127.0.0.1;Port=$PGPORT;Username=postgres;Database=postgres"
log "PostgreSQL 15 on port $PGPORT"

# 3. Build once, then run every test project.
start=$(date +%s)
dotnet build Quartermaster.slnx -c Release --nologo -v quiet -clp:ErrorsOnly || { log "build failed"; echo "0 passed, 1 failed, 0 skipped"; exit 1; }
out="$(mktemp /tmp/qm-test.XXXXXX)"
dotnet test --solution Quartermaster.slnx -c Release --no-build 2>&1 | tee "$out"
status=${PIPESTATUS[0]}

# 4. One summary line, summed over all test projects.
sum() { grep -E "^\s+$1: [0-9]+" "$out" | awk '{s+=$2} END {print s+0}'; }
total=$(sum total); failed=$(sum failed); passed=$(sum succeeded); skipped=$(sum skipped)
rm -f "$out"
log "tests took $(( $(date +%s) - start )) s"
if [ "$total" -eq 0 ]; then log "no test ran"; status=1; fi
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "$passed passed, $failed failed, $skipped skipped"
exit "$status"
