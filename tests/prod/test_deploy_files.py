"""The files for a real server (deploy/) are accepted by the tools that will read them: nginx for the
site, systemd for the units; the environment file sets every variable Rasa's files read."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"


def test_the_nginx_site_is_accepted_by_nginx(tmp_path: Path) -> None:
    # The site as installed: /etc/nginx/sites-enabled/ inside http { }, snippets in snippets/.
    (tmp_path / "snippets").mkdir()
    for snippet in ("aiguillage-routes.conf", "aiguillage-internal.conf", "aiguillage-rest.conf"):
        shutil.copy(DEPLOY / "nginx" / snippet, tmp_path / "snippets")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=aiguillage.example.fr", "-keyout", str(tmp_path / "key.pem"),
                    "-out", str(tmp_path / "cert.pem")], check=True, capture_output=True)
    site = (DEPLOY / "nginx" / "aiguillage.conf").read_text()
    site = (site.replace("/etc/letsencrypt/live/aiguillage.example.fr/fullchain.pem", str(tmp_path / "cert.pem"))
            .replace("/etc/letsencrypt/live/aiguillage.example.fr/privkey.pem", str(tmp_path / "key.pem"))
            .replace("/var/log/nginx/", f"{tmp_path}/"))
    (tmp_path / "site.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nevents {{}}\nhttp {{\n    include {tmp_path}/site.conf;\n}}\n")
    checked = subprocess.run(["/usr/sbin/nginx", "-t", "-p", str(tmp_path), "-e", f"{tmp_path}/error.log",
                              "-c", str(tmp_path / "nginx.conf")], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr


def test_the_systemd_units_are_accepted_by_systemd(tmp_path: Path) -> None:
    # Installed in /opt/aiguillage on a server; here the programs are those of this checkout.
    for unit in (DEPLOY / "systemd").glob("aiguillage*"):
        if unit.suffix in (".service", ".timer", ".target"):
            (tmp_path / unit.name).write_text(unit.read_text().replace("/opt/aiguillage", str(ROOT)))
    units = [tmp_path / name for name in ("aiguillage-rasa@5005.service", "aiguillage-actions@5055.service",
                                           "aiguillage-purge.service", "aiguillage-purge.timer",
                                           "aiguillage.target")]
    for instance in units[:2]:  # template instances are verified through a link named after them
        instance.symlink_to(tmp_path / re.sub(r"@\d+", "@", instance.name))
    checked = subprocess.run(["systemd-analyze", "verify", *map(str, units)], capture_output=True, text=True)
    assert checked.returncode == 0 and not checked.stderr.strip(), checked.stderr  # warnings too


def test_the_server_environment_file_sets_every_variable_rasa_reads() -> None:
    needed = set()
    for name in ("endpoints.yml", "credentials.yml"):  # the values, not the comments
        needed |= set(re.findall(r"\$\{(\w+)\}", json.dumps(yaml.safe_load((ROOT / name).read_text()))))
    example = (DEPLOY / "systemd" / "aiguillage.env.example").read_text()
    defined = set(re.findall(r"^(\w+)=", example, flags=re.MULTILINE))
    assert needed and needed <= defined, needed - defined
    assert "LOCK_STORE=bot.redis_lock_store.AtomicRedisLockStore" in example



def test_the_site_asks_for_https_always_and_keeps_the_rest_channel_off_the_internet() -> None:
    site = (DEPLOY / "nginx" / "aiguillage.conf").read_text()
    routes = (DEPLOY / "nginx" / "aiguillage-routes.conf").read_text()
    assert "Strict-Transport-Security" in site and "limit_req_zone" in site
    assert "/webhooks/rest" not in routes and "location /webhooks/ " not in routes
    rest_server = site[site.index("include snippets/aiguillage-rest.conf") - 200:]
    assert "listen 127.0.0.1:8082" in rest_server
