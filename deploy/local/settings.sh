# Settings of the local production stack, sourced by prod-up.sh and prod-down.sh.
# Every value can be overridden from the environment (the tests use free ports and their own
# folder). prod-up.sh writes the values it used to $PROD_DIR/settings.env, which prod-down.sh
# reads back, so that `make prod-down` stops exactly what `make prod-up` started.

: "${PROD_DIR:=var/prod}"
mkdir -p "$PROD_DIR"
PROD_DIR="$(cd "$PROD_DIR" && pwd)"
if [ -f "$PROD_DIR/settings.env" ] && [ -z "${PROD_IGNORE_SAVED:-}" ]; then
  # shellcheck disable=SC1091
  . "$PROD_DIR/settings.env"
fi

: "${PROD_HTTP_PORT:=8080}"           # nginx, the only public entry (widget, webhooks, pages)
: "${PROD_ACTIONS_PROXY_PORT:=8081}"  # nginx, internal: Rasa -> action servers, 127.0.0.1 only
: "${PROD_REST_PORT:=8082}"           # nginx, internal: the REST channel, 127.0.0.1 only
: "${PROD_RASA_PORTS:=5105 5106}"     # one Rasa replica per port
: "${PROD_ACTION_PORTS:=5155 5156}"   # one action server per port
: "${PROD_PG_PORT:=55432}"            # PostgreSQL (not the default 5432)
: "${PROD_REDIS_PORT:=56379}"         # Redis (not the default 6379)
: "${PROD_LOCK_LIFETIME:=60}"         # seconds a dead replica's conversation lock blocks it (Rasa: 60)
: "${CATALOGUE_DIR:=${CATALOG_DIR:-services_catalogue}}"  # CATALOG_DIR: the former name
: "${MODEL:=models/aiguillage.tar.gz}"
export PROD_HTTP_PORT PROD_ACTIONS_PROXY_PORT PROD_REST_PORT PROD_RASA_PORTS PROD_ACTION_PORTS  # nginx-conf.sh

PG_DIR="$PROD_DIR/postgres"   # owned by the postgres user when run as root
PG_DATA="$PG_DIR/data"
PG_SOCKET_DIR="$PG_DIR/run"
REDIS_DIR="$PROD_DIR/redis"   # owned by the redis user when run as root
NGINX_DIR="$PROD_DIR/nginx"
RUN_DIR="$PROD_DIR/run"       # pid files of the Rasa replicas and action servers
LOG_DIR="$PROD_DIR/log"
SECRETS="$PROD_DIR/secrets.env"

# The newest installed PostgreSQL server (Debian puts it outside PATH).
PG_BIN="${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}"

save_settings() {
  local name
  : > "$PROD_DIR/settings.env"
  for name in PROD_HTTP_PORT PROD_ACTIONS_PROXY_PORT PROD_REST_PORT PROD_RASA_PORTS PROD_ACTION_PORTS \
              PROD_PG_PORT PROD_REDIS_PORT; do
    printf '%s="%s"\n' "$name" "${!name}" >> "$PROD_DIR/settings.env"
  done
}

# Run a command as a service's own user when we are root (PostgreSQL refuses to run as root),
# as ourselves otherwise.
as_user() {
  local user=$1; shift
  if [ "$(id -u)" -eq 0 ]; then runuser -u "$user" -- "$@"; else "$@"; fi
}

owned_by() {  # owned_by USER DIR: create DIR, give it to USER when we are root
  mkdir -p "$2"
  if [ "$(id -u)" -eq 0 ]; then chown "$1": "$2"; fi
  chmod 700 "$2"
}

# True when a pid file names a live process whose command line contains $2 (guards against a
# pid reused by another program since).
alive() {
  local pid
  pid=$(head -n 1 "$1" 2>/dev/null) || return 1
  [ -n "$pid" ] && tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -q -- "$2"
}

# What the command line of each kind of server started by prod-up.sh contains.
marker() {
  case "$1" in
    rasa) echo "bot.serve" ;;
    actions) echo "actions.server" ;;
    purge) echo "bot.privacy" ;;
    *) echo "$1" ;;
  esac
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
