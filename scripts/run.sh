#!/usr/bin/env bash
# Start the action server and the Rasa server, stay in the foreground, stop both on Ctrl-C or
# SIGTERM. Works without a terminal (standard input closed), as a service manager runs it.
set -uo pipefail
cd "$(dirname "$0")/.."

: "${RASA_PORT:=5005}"
: "${ACTION_PORT:=5055}"
: "${ACTION_HOST:=127.0.0.1}"  # the action server (and its staff pages) is not public by default
: "${CATALOG_DIR:=services_catalog}"
: "${TRACKER_DB:=var/tracker.db}"
# Stores (endpoints.yml): SQLite and in-memory lock by default; PostgreSQL and Redis in production.
: "${TRACKER_DIALECT:=sqlite}" "${TRACKER_URL:=}"
: "${LOCK_STORE:=in_memory}" "${REDIS_HOST:=127.0.0.1}" "${REDIS_PORT:=6379}" "${REDIS_LOCK_DB:=1}" "${REDIS_PASSWORD:=}"
: "${MODEL:=models/aiguillage.tar.gz}"
: "${ACTION_SERVER_URL:=http://127.0.0.1:${ACTION_PORT}/webhook}"
export CATALOG_DIR TRACKER_DB ACTION_SERVER_URL TRACKER_DIALECT TRACKER_URL \
  LOCK_STORE REDIS_HOST REDIS_PORT REDIS_LOCK_DB REDIS_PASSWORD
export SANIC_HOST="$ACTION_HOST"  # read by rasa_sdk
export RASA_PORT  # the web widget's demo page (action server) points the widget at Rasa
# WhatsApp channel (credentials.yml): Rasa refuses unset ${VAR}s, empty ones leave the channel off.
: "${WHATSAPP_VERIFY_TOKEN:=}" "${WHATSAPP_APP_SECRET:=}" "${WHATSAPP_ACCESS_TOKEN:=}"
: "${WHATSAPP_PHONE_NUMBER_ID:=}" "${WHATSAPP_API_BASE_URL:=}"
export WHATSAPP_VERIFY_TOKEN WHATSAPP_APP_SECRET WHATSAPP_ACCESS_TOKEN WHATSAPP_PHONE_NUMBER_ID \
  WHATSAPP_API_BASE_URL
export RASA_TELEMETRY_ENABLED=false SQLALCHEMY_SILENCE_UBER_WARNING=1
[ "$TRACKER_DIALECT" = sqlite ] && mkdir -p "$(dirname "$TRACKER_DB")"
mkdir -p var/log

api_args=()
if [ -n "${BOT_API_TOKEN:-}" ]; then
  api_args=(--enable-api --auth-token "$BOT_API_TOKEN")
fi

# Logs never hold message text, except in debug mode (AIGUILLAGE_DEBUG=1), for a developer's machine.
debug_args=()
if [ "${AIGUILLAGE_DEBUG:-0}" = 1 ]; then
  debug_args=(--debug)
  echo "Mode débogage : le journal contiendra le texte des messages." >&2
fi

staff_note="(mot de passe : STAFF_PASSWORD)"
[ -n "${STAFF_PASSWORD:-}" ] || staff_note="(fermée : définissez STAFF_PASSWORD pour l'ouvrir)"

pids=()
stop() {
  trap - INT TERM EXIT
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null; done
}
trap 'stop; exit 0' INT TERM
trap stop EXIT

.venv/bin/python -m actions --actions actions.server --port "$ACTION_PORT" "${debug_args[@]}" < /dev/null &
pids+=($!)
.venv/bin/rasa run --model "$MODEL" --port "$RASA_PORT" --interface 127.0.0.1 \
  --credentials credentials.yml --endpoints endpoints.yml --cors "*" "${api_args[@]}" "${debug_args[@]}" < /dev/null &
pids+=($!)

# Wait until both answer, or one of them dies.
for _ in $(seq 1 300); do
  if curl -fsS "http://127.0.0.1:${RASA_PORT}/" >/dev/null 2>&1 \
     && curl -fsS "http://127.0.0.1:${ACTION_PORT}/health" >/dev/null 2>&1; then
    cat <<MSG

Aiguillage est prêt.
  - Discuter dans le terminal :  make chat
  - Widget web (page de démonstration) :  http://127.0.0.1:${ACTION_PORT}/demo/
  - API REST :  curl -s -X POST http://127.0.0.1:${RASA_PORT}/webhooks/rest/webhook \\
                  -H 'Content-Type: application/json' -d '{"sender": "moi", "message": "bonjour"}'
  - Catalogue servi : ${CATALOG_DIR} (état : http://127.0.0.1:${ACTION_PORT}/health/catalogue)
  - Page du personnel : http://127.0.0.1:${ACTION_PORT}/personnel/ ${staff_note}
Arrêt : Ctrl-C.
MSG
    break
  fi
  for pid in "${pids[@]}"; do
    kill -0 "$pid" 2>/dev/null || { echo "Un des serveurs s'est arrêté au démarrage." >&2; exit 1; }
  done
  sleep 1
done

# Stay in the foreground while both run; if one stops, stop the other.
wait -n "${pids[@]}"
status=$?
echo "Un des serveurs s'est arrêté (code $status) : arrêt d'Aiguillage." >&2
exit "$status"
