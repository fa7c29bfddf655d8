#!/usr/bin/env bash
# Start the action server and the Rasa server, stay in the foreground, stop both on Ctrl-C or
# SIGTERM. Works without a terminal (standard input closed), as a service manager runs it.
set -uo pipefail
cd "$(dirname "$0")/.."

: "${RASA_PORT:=5005}"
: "${ACTION_PORT:=5055}"
: "${ACTION_HOST:=127.0.0.1}"  # the action server (and its staff pages) is not public by default
: "${CATALOGUE_DIR:=${CATALOG_DIR:-services_catalogue}}"  # CATALOG_DIR: the former name
: "${TRACKER_DB:=var/tracker.db}"
# Stores (endpoints.yml): SQLite and in-memory lock by default; PostgreSQL and Redis in production.
: "${TRACKER_DIALECT:=sqlite}" "${TRACKER_URL:=}"
: "${LOCK_STORE:=in_memory}" "${REDIS_HOST:=127.0.0.1}" "${REDIS_PORT:=6379}" "${REDIS_LOCK_DB:=1}" "${REDIS_PASSWORD:=}"
: "${MODEL:=models/aiguillage.tar.gz}"
: "${ACTION_SERVER_URL:=http://127.0.0.1:${ACTION_PORT}/webhook}"
export CATALOGUE_DIR TRACKER_DB ACTION_SERVER_URL TRACKER_DIALECT TRACKER_URL \
  LOCK_STORE REDIS_HOST REDIS_PORT REDIS_LOCK_DB REDIS_PASSWORD
export SANIC_HOST="$ACTION_HOST"  # read by rasa_sdk
export RASA_PORT  # the web widget's demo page (action server) points the widget at Rasa
export DEMO_PAGE="${DEMO_PAGE:-1}"  # the demo town hall page, on a developer's machine (off in production)
# WhatsApp channel (credentials.yml): Rasa refuses unset ${VAR}s, empty ones leave the channel off.
: "${WHATSAPP_VERIFY_TOKEN:=}" "${WHATSAPP_APP_SECRET:=}" "${WHATSAPP_ACCESS_TOKEN:=}"
: "${WHATSAPP_PHONE_NUMBER_ID:=}" "${WHATSAPP_API_BASE_URL:=}"
export WHATSAPP_VERIFY_TOKEN WHATSAPP_APP_SECRET WHATSAPP_ACCESS_TOKEN WHATSAPP_PHONE_NUMBER_ID \
  WHATSAPP_API_BASE_URL
export RASA_TELEMETRY_ENABLED=false SQLALCHEMY_SILENCE_UBER_WARNING=1
[ "$TRACKER_DIALECT" = sqlite ] && mkdir -p "$(dirname "$TRACKER_DB")"
mkdir -p var/log

# Rasa's HTTP API only with BOT_API_TOKEN, read from the environment by bot.serve (never on a
# command line, which every user of the machine can read). The web pages that may talk to the bot:
# the demo page of the action server by default, the town hall's site with CORS_ORIGINS.
: "${CORS_ORIGINS:=http://127.0.0.1:${ACTION_PORT} http://localhost:${ACTION_PORT}}"
export BOT_API_TOKEN="${BOT_API_TOKEN:-}" CORS_ORIGINS

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

# The action server comes back by itself if it crashes (as systemd restarts it in production):
# the residents meanwhile get "réessayez" from their channel, and their conversation goes on.
# Five failures within 30 s of their start in a row (a setting, a busy port): it gives up.
actions_pid_file="$(mktemp)"
(
  trap 'kill -TERM "$(cat "$actions_pid_file")" 2>/dev/null; wait; exit 0' TERM INT
  quick_failures=0
  while [ "$quick_failures" -lt 5 ]; do
    started=$SECONDS
    .venv/bin/python -m actions --actions actions.server --port "$ACTION_PORT" "${debug_args[@]}" < /dev/null &
    echo $! > "$actions_pid_file"
    wait $!
    if [ $((SECONDS - started)) -lt 30 ]; then quick_failures=$((quick_failures + 1)); else quick_failures=0; fi
    echo "Le serveur d'actions s'est arrêté : il redémarre." >&2
    sleep 1
  done
  exit 1
) &
pids+=($!)
.venv/bin/python -m bot.serve --model "$MODEL" --port "$RASA_PORT" --interface 127.0.0.1 \
  --credentials credentials.yml --endpoints endpoints.yml "${debug_args[@]}" < /dev/null &
pids+=($!)
# Conversations older than RETENTION_DAYS are erased now and every day (in production, the
# systemd timer aiguillage-purge does it).
.venv/bin/python -m bot.privacy purger --chaque-jour > /dev/null 2>> var/log/purge.log < /dev/null &
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
  - Catalogue servi : ${CATALOGUE_DIR} (état : http://127.0.0.1:${ACTION_PORT}/health/catalogue)
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
