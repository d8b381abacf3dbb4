#!/usr/bin/env bash
# Make sure a RabbitMQ broker answers at AMQP_URI's host and port. For a local broker:
# start it if it is installed, install it (Debian, as root) if it is missing, and enable
# the management plugin the tests use for throwaway vhosts. Otherwise say what to do.
set -euo pipefail
uri="${AMQP_URI:-pyamqp://guest:guest@127.0.0.1:5672/}"
hostport=$(echo "$uri" | sed -E 's#^[a-z]+://([^@]*@)?([^/]+).*#\2#')
host=${hostport%:*}; port=${hostport##*:}; [ "$host" = "$port" ] && port=5672

reachable() { (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null; }

local_broker=false
case "$host" in 127.*|localhost|::1) local_broker=true ;; esac

if ! reachable; then
  if ! $local_broker; then
    echo "No broker answers at $host:$port (AMQP_URI). Start it, or point AMQP_URI elsewhere." >&2
    exit 1
  fi
  if ! command -v rabbitmq-server >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
      echo "Installing RabbitMQ (Debian package rabbitmq-server)..."
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq rabbitmq-server >/dev/null
    else
      echo "RabbitMQ is not installed. Install it (sudo apt-get install rabbitmq-server) or run one:" >&2
      echo "  docker run -d -p 5672:5672 -p 15672:15672 rabbitmq:3-management" >&2
      exit 1
    fi
  fi
  echo "Starting the local RabbitMQ..."
  rabbitmq-server -detached >/dev/null 2>&1 || true
  for _ in $(seq 1 60); do reachable && break; sleep 1; done
  reachable || { echo "RabbitMQ did not come up on $host:$port" >&2; exit 1; }
fi

if $local_broker && [ "${CRM_ENABLE_MANAGEMENT:-1}" = 1 ] && command -v rabbitmq-plugins >/dev/null 2>&1; then
  if ! (exec 3<>"/dev/tcp/$host/15672") 2>/dev/null; then
    rabbitmq-plugins enable rabbitmq_management >/dev/null 2>&1 || true
    for _ in $(seq 1 30); do (exec 3<>"/dev/tcp/$host/15672") 2>/dev/null && break; sleep 1; done
  fi
fi
echo "Broker reachable at $host:$port"
