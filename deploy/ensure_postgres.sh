#!/usr/bin/env bash
# Make sure the PostgreSQL server the storage tests use answers (CRM_TEST_POSTGRES). A
# local cluster that is stopped is started; on a Debian machine without PostgreSQL, as
# root, it is installed and local TCP connections are trusted (a test machine's set-up).
set -euo pipefail
url="${CRM_TEST_POSTGRES:-postgresql://postgres@127.0.0.1:5432}"
hostport=$(echo "$url" | sed -E 's#^[a-z+]+://([^@]*@)?([^/]+).*#\2#')
host=${hostport%:*}; port=${hostport##*:}; [ "$host" = "$port" ] && port=5432
reachable() { (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null; }
reachable && { echo "PostgreSQL reachable at $host:$port"; exit 0; }
case "$host" in 127.*|localhost) ;; *) echo "No PostgreSQL answers at $host:$port (CRM_TEST_POSTGRES)." >&2; exit 1 ;; esac

if ! command -v pg_ctlcluster >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing PostgreSQL (Debian package postgresql) for the storage tests..."
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    hba=$(ls /etc/postgresql/*/main/pg_hba.conf | head -1)
    sed -i '1i host all all 127.0.0.1/32 trust' "$hba"
  else
    echo "PostgreSQL is needed for the storage tests: install it, or set CRM_TEST_POSTGRES." >&2
    exit 1
  fi
fi
version=$(ls /etc/postgresql | head -1)
echo "Starting PostgreSQL $version..."
pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
for _ in $(seq 1 30); do reachable && break; sleep 1; done
reachable || { echo "PostgreSQL did not come up on $host:$port" >&2; exit 1; }
echo "PostgreSQL reachable at $host:$port"
