#!/usr/bin/env bash
# Start every service and the gateway in one nameko process (messages still cross
# RabbitMQ), after migrating; seed demo data on the first start in development (outside it,
# `make admin` makes the first login). Used by `make run`.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
address="${GATEWAY_ADDRESS:-127.0.0.1:8000}"
export GATEWAY_ADDRESS="$address"
host=${address%:*}; port=${address##*:}

if (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null; then
  echo "Port $port on $host is taken (is the CRM already running?). Stop that, or set GATEWAY_ADDRESS=127.0.0.1:8001." >&2
  exit 1
fi

$PY -m crm_common.migrate upgrade

SERVICES="services.customer.service:CustomerService services.order.service:OrderService \
services.case.service:CaseService services.messaging.service:MessagingService \
services.telephony.service:TelephonyService gateway.service:GatewayService"
.venv/bin/nameko run --config deploy/nameko.yaml $SERVICES &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null' INT TERM EXIT

for _ in $(seq 1 60); do
  kill -0 $pid 2>/dev/null || { echo "The services failed to start; see above." >&2; exit 1; }
  $PY -c "import urllib.request as u; u.urlopen('http://$address/api/health', timeout=2)" 2>/dev/null && break
  sleep 0.5
done

if [ "${CRM_ENV:-development}" != development ]; then
  cat <<MSG

  CRM is running ($CRM_ENV):  http://$address/desk  (agents)   http://$address/portal  (customers)
  No demo data outside development. Make the first admin with:  make admin
  Stop with Ctrl-C.

MSG
else
$PY -m gateway.seed
cat <<MSG

  CRM is running:  http://$address/desk  (agents)   http://$address/portal  (customers)
  API docs: http://$address/api/docs
  Demo logins (seeded on first start): admin / admin-demo-pass, supervisor / supervisor-demo-pass,
  agent / agent-demo-pass (extension 201).  Portal: asa.lindqvist@example.se / portal-demo-pass
  PBX key: ${CRM_PBX_API_KEY:-development-pbx-key}   Web shop key: ${CRM_SHOP_API_KEY:-development-shop-key}   Inbound mail/SMS key: ${CRM_INBOUND_API_KEY:-development-inbound-key}
  Stop with Ctrl-C.

MSG
fi
wait $pid
