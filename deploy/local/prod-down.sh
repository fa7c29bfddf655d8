#!/usr/bin/env bash
# `make prod-down`: stop everything `make prod-up` started (nginx, Rasa replicas, action servers,
# Redis, PostgreSQL), cleanly: SIGTERM then, after 30 s, SIGKILL. Data stays under var/prod/.
# Exit code 1 if a port of the stack is still open at the end.
set -uo pipefail
cd "$(dirname "$0")/../.."
. deploy/local/settings.sh

say() { printf '%s\n' "$*"; }

stop_pidfiles() {  # stop_pidfiles MARKER FILE...: SIGTERM to all, then wait for each
  local marker=$1 pidfile pid pids=()
  shift
  for pidfile in "$@"; do
    [ -f "$pidfile" ] || continue
    if alive "$pidfile" "$marker"; then  # still ours (not a pid reused since)
      pid=$(head -n 1 "$pidfile")
      say "Arrêt : $(basename "$pidfile" .pid) (pid $pid)"
      kill -TERM "$pid" 2>/dev/null && pids+=("$pid")
    fi
    rm -f "$pidfile"
  done
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    if kill -0 "$pid" 2>/dev/null; then
      say "  le processus $pid ne s'arrête pas : arrêt forcé."
      kill -KILL "$pid" 2>/dev/null
    fi
  done
}

# nginx first (no new request reaches the bot), the databases last.
stop_pidfiles nginx "$NGINX_DIR/nginx.pid"
stop_pidfiles "$(marker rasa)" "$RUN_DIR"/rasa-*.pid          # the Rasa replicas, all at once
stop_pidfiles "$(marker actions)" "$RUN_DIR"/actions-*.pid    # the action servers
stop_pidfiles "$(marker purge)" "$RUN_DIR"/purge.pid          # the daily purge
stop_pidfiles redis-server "$REDIS_DIR/redis.pid"
if [ -f "$PG_DATA/postmaster.pid" ] && [ -n "$PG_BIN" ]; then
  say "Arrêt : postgresql"
  as_user postgres "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w -t 60 stop > /dev/null \
    || say "  PostgreSQL ne s'est pas arrêté proprement (voir $PG_DIR/postgres.log)."
fi

still_open=()
for port in $PROD_HTTP_PORT $PROD_ACTIONS_PROXY_PORT $PROD_REST_PORT $PROD_RASA_PORTS $PROD_ACTION_PORTS \
            $PROD_PG_PORT $PROD_REDIS_PORT; do
  port_open "$port" && still_open+=("$port")
done
if [ ${#still_open[@]} -gt 0 ]; then
  say "ATTENTION : ports encore ouverts : ${still_open[*]}." >&2
  exit 1
fi
say "Aiguillage (production locale) est arrêté. Données gardées dans $PROD_DIR."
