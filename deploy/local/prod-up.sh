#!/usr/bin/env bash
# `make prod-up`: the production layout on this machine, started in the background.
#   PostgreSQL (conversations) + Redis (conversation locks) + 2 Rasa replicas + 2 action servers,
#   behind nginx on 127.0.0.1:$PROD_HTTP_PORT (8080). State and logs under var/prod/.
# No system service is used: each server is started here, as files under var/prod/, and
# `make prod-down` (deploy/local/prod-down.sh) stops them all.
set -euo pipefail
cd "$(dirname "$0")/../.."
PROD_IGNORE_SAVED=1  # the environment and the defaults choose, not the previous run
. deploy/local/settings.sh
export RASA_TELEMETRY_ENABLED=false SQLALCHEMY_SILENCE_UBER_WARNING=1 PYTHONDONTWRITEBYTECODE=1

say() { printf '%s\n' "$*"; }
fail() {  # stop what was started, so that a failed start leaves nothing running
  trap - ERR
  say "ERREUR : $*" >&2
  deploy/local/prod-down.sh >&2 || true
  exit 1
}
trap 'fail "échec inattendu (deploy/local/prod-up.sh, ligne $LINENO)"' ERR

for port in $PROD_HTTP_PORT $PROD_ACTIONS_PROXY_PORT $PROD_REST_PORT $PROD_RASA_PORTS $PROD_ACTION_PORTS \
            $PROD_PG_PORT $PROD_REDIS_PORT; do
  if port_open "$port"; then
    say "Le port $port est déjà pris (Aiguillage déjà lancé ? essayez « make prod-down »)." >&2
    exit 1
  fi
done
[ -n "$PG_BIN" ] && command -v redis-server >/dev/null && [ -x /usr/sbin/nginx ] \
  || { say "PostgreSQL, Redis ou nginx manquent : lancez « make prod-up » (il les installe)." >&2; exit 1; }
[ -f "$MODEL" ] || { say "Modèle absent ($MODEL) : lancez « make train »." >&2; exit 1; }

mkdir -p "$RUN_DIR" "$LOG_DIR"
save_settings

# Passwords, made once and kept (readable by this user only).
if [ ! -f "$SECRETS" ]; then
  (umask 077
   printf 'PG_PASSWORD=%s\nREDIS_PASSWORD=%s\n' \
     "$(.venv/bin/python -c 'import secrets; print(secrets.token_hex(24))')" \
     "$(.venv/bin/python -c 'import secrets; print(secrets.token_hex(24))')" > "$SECRETS")
fi
. "$SECRETS"
if [ -z "${PSEUDONYM_KEY:-}" ]; then  # the conversations' pseudonym key (bot/channels/pseudonyms.py)
  (umask 077; printf 'PSEUDONYM_KEY=%s\n' "$(.venv/bin/python -c 'import secrets; print(secrets.token_hex(32))')" >> "$SECRETS")
  . "$SECRETS"
fi
export PSEUDONYM_KEY

# --- PostgreSQL ------------------------------------------------------------------------------
say "PostgreSQL (port $PROD_PG_PORT)…"
owned_by postgres "$PG_DIR"
owned_by postgres "$PG_SOCKET_DIR"
if [ ! -f "$PG_DATA/PG_VERSION" ]; then
  # Local connections: only the database administrator's own system account (peer).
  # TCP on 127.0.0.1: password (scram-sha-256), for the bot's account.
  as_user postgres "$PG_BIN/initdb" -D "$PG_DATA" --auth-local=peer --auth-host=scram-sha-256 \
    --encoding=UTF8 --locale=C.UTF-8 > "$LOG_DIR/initdb.log" 2>&1 \
    || fail "initdb a échoué, voir $LOG_DIR/initdb.log"
fi
as_user postgres "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_DIR/postgres.log" -w -t 60 \
  -o "-c listen_addresses=127.0.0.1 -c port=$PROD_PG_PORT -c unix_socket_directories=$PG_SOCKET_DIR" \
  start > /dev/null || fail "PostgreSQL n'a pas démarré, voir $PG_DIR/postgres.log"
# The bot's account and database (idempotent; the password comes from secrets.env, via stdin).
as_user postgres psql -q -v ON_ERROR_STOP=1 -h "$PG_SOCKET_DIR" -p "$PROD_PG_PORT" -d postgres \
  > /dev/null <<SQL || fail "création du compte « aiguillage » dans PostgreSQL impossible"
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'aiguillage') THEN CREATE ROLE aiguillage LOGIN; END IF;
END \$\$;
ALTER ROLE aiguillage PASSWORD '$PG_PASSWORD';
SELECT 'CREATE DATABASE aiguillage OWNER aiguillage'
  WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'aiguillage') \gexec
SQL

# --- Redis -----------------------------------------------------------------------------------
say "Redis (port $PROD_REDIS_PORT)…"
owned_by redis "$REDIS_DIR"
(umask 077; cat > "$REDIS_DIR/redis.conf" <<CONF
bind 127.0.0.1
port $PROD_REDIS_PORT
dir $REDIS_DIR
daemonize yes
pidfile $REDIS_DIR/redis.pid
logfile $REDIS_DIR/redis.log
requirepass $REDIS_PASSWORD
CONF
)
[ "$(id -u)" -eq 0 ] && chown redis: "$REDIS_DIR/redis.conf"
as_user redis redis-server "$REDIS_DIR/redis.conf" || fail "Redis n'a pas démarré, voir $REDIS_DIR/redis.log"
for _ in $(seq 1 50); do
  [ "$(REDISCLI_AUTH=$REDIS_PASSWORD redis-cli -p "$PROD_REDIS_PORT" ping 2>/dev/null)" = PONG ] && break
  sleep 0.2
done

# --- Action servers and Rasa replicas --------------------------------------------------------
start() {  # start NAME COMMAND...: in its own session, pid file in run/, output in log/
  local name=$1; shift
  setsid "$@" < /dev/null > "$LOG_DIR/$name.log" 2>&1 &
  echo $! > "$RUN_DIR/$name.pid"
}

# What endpoints.yml and credentials.yml read (see .env.example).
export CATALOGUE_DIR SANIC_HOST=127.0.0.1
export RASA_PUBLIC_URL="${RASA_PUBLIC_URL:-http://127.0.0.1:$PROD_HTTP_PORT}"
export TRACKER_DIALECT=postgresql TRACKER_DB=unused
export TRACKER_URL="postgresql://aiguillage:$PG_PASSWORD@127.0.0.1:$PROD_PG_PORT/aiguillage"
# Rasa's Redis lock store, with atomic changes (see bot/redis_lock_store.py for why).
export LOCK_STORE=bot.redis_lock_store.AtomicRedisLockStore REDIS_HOST=127.0.0.1 REDIS_PORT=$PROD_REDIS_PORT REDIS_LOCK_DB=1 REDIS_PASSWORD
export TICKET_LOCK_LIFETIME=$PROD_LOCK_LIFETIME
export ACTION_SERVER_URL="http://127.0.0.1:$PROD_ACTIONS_PROXY_PORT/webhook"
for name in WHATSAPP_VERIFY_TOKEN WHATSAPP_APP_SECRET WHATSAPP_ACCESS_TOKEN \
            WHATSAPP_PHONE_NUMBER_ID WHATSAPP_API_BASE_URL; do
  export "$name=${!name:-}"
done
# bot.serve reads BOT_API_TOKEN (API only when set) and CORS_ORIGINS (pages of other sites that
# show the widget) from the environment: no secret on a command line.
export BOT_API_TOKEN="${BOT_API_TOKEN:-}" CORS_ORIGINS="${CORS_ORIGINS:-}"

i=0
for port in $PROD_ACTION_PORTS; do
  i=$((i + 1))
  say "Serveur d'actions $i (port $port)…"
  start "actions-$i" .venv/bin/python -m actions --actions actions.server --port "$port"
done
i=0
for port in $PROD_RASA_PORTS; do
  i=$((i + 1))
  say "Serveur Rasa $i (port $port)…"
  start "rasa-$i" .venv/bin/python -m bot.serve --model "$MODEL" --port "$port" --interface 127.0.0.1 \
    --credentials credentials.yml --endpoints endpoints.yml
done

# Conversations older than RETENTION_DAYS: erased now and every day (the systemd timer on a server).
start purge .venv/bin/python -m bot.privacy purger --chaque-jour

# --- nginx -----------------------------------------------------------------------------------
say "nginx (port $PROD_HTTP_PORT)…"
mkdir -p "$NGINX_DIR/logs" "$NGINX_DIR/temp"
deploy/local/nginx-conf.sh > "$NGINX_DIR/nginx.conf"
/usr/sbin/nginx -q -p "$NGINX_DIR" -e logs/error.log -c nginx.conf \
  || fail "nginx n'a pas démarré, voir $NGINX_DIR/logs/error.log"

# --- Wait until every server answers (Rasa loads its model: about a minute) ------------------
say "Attente des serveurs (chargement du modèle, environ une minute)…"
urls=()
for port in $PROD_ACTION_PORTS; do urls+=("http://127.0.0.1:$port/health"); done
for port in $PROD_RASA_PORTS; do urls+=("http://127.0.0.1:$port/"); done
for _ in $(seq 1 300); do
  waiting=0
  for url in "${urls[@]}"; do curl -fsS -o /dev/null "$url" 2>/dev/null || waiting=1; done
  [ $waiting -eq 0 ] && break
  for pidfile in "$RUN_DIR"/*.pid; do
    name=$(basename "$pidfile" .pid)
    alive "$pidfile" "$(marker "${name%-*}")" \
      || fail "$name s'est arrêté au démarrage, voir $LOG_DIR/$name.log : $(tail -n 5 "$LOG_DIR/$name.log")"
  done
  sleep 1
done
[ $waiting -eq 0 ] || fail "les serveurs n'ont pas répondu en 5 minutes (journaux : $LOG_DIR)"

cat <<MSG

Aiguillage (production locale) est prêt : http://127.0.0.1:$PROD_HTTP_PORT
  - API REST (cette machine seulement) : POST http://127.0.0.1:$PROD_REST_PORT/webhooks/rest/webhook
  - Widget web :    http://127.0.0.1:$PROD_HTTP_PORT/demo/
  - Personnel :     http://127.0.0.1:$PROD_HTTP_PORT/personnel/
  - Santé :         http://127.0.0.1:$PROD_HTTP_PORT/health/catalogue
  - Serveurs Rasa : ports $PROD_RASA_PORTS ; serveurs d'actions : ports $PROD_ACTION_PORTS
  - PostgreSQL :    port $PROD_PG_PORT ; Redis : port $PROD_REDIS_PORT ; journaux : $LOG_DIR
Arrêt : make prod-down
MSG
