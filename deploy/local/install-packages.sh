#!/usr/bin/env bash
# Install the Debian packages of the local production stack (PostgreSQL, Redis, nginx) when one is
# missing, WITHOUT letting them start their own system services: `make prod-up` runs its own
# instances, as files under var/prod/, and nothing must stay listening on the default ports.
set -euo pipefail

missing=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
[ -x /usr/sbin/nginx ] || missing+=(nginx)
command -v systemd-analyze >/dev/null 2>&1 || missing+=(systemd)  # tests check the units with it
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "Paquets manquants : ${missing[*]}. Installez-les (sudo apt-get install ${missing[*]}) puis relancez." >&2
  exit 1
fi

echo "Installation des paquets Debian : ${missing[*]} (sans démarrer leurs services système)…"
# policy-rc.d answering 101 forbids maintainer scripts to start services (Debian policy).
# Keep an existing one (containers often have it); otherwise add one for the install only.
policy=/usr/sbin/policy-rc.d
own_policy=
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' > "$policy"
  chmod 755 "$policy"
  own_policy=1
fi
restore_policy() { [ -z "$own_policy" ] || rm -f "$policy"; }
trap restore_policy EXIT

install() {
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
}
install || { apt-get update && install; }

# With systemd, policy-rc.d is honoured too, but units stay enabled for the next boot: disable them.
# Stop any instance that started anyway (only the packages' own services, by their service name).
for service in postgresql redis-server nginx; do
  if [ -d /run/systemd/system ]; then
    systemctl disable --now "$service" >/dev/null 2>&1 || true
  elif service "$service" status >/dev/null 2>&1; then
    service "$service" stop || true
  fi
done
echo "Paquets installés ; leurs services système sont arrêtés."
