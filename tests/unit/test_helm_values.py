"""The Helm values (deploy/helm/) are safe to put on the internet.

Helm and Rasa's charts are not on the development machine: these tests read the values files as
they are and check them against what the charts do with them (RasaHQ/helm-charts, chart `rasa`
1.17 and `rasa-action-server` 1.0, see deploy/helm/README.md):
- the chart's default container arguments start Rasa with `--enable-api`, `--auth-token` and
  `--jwt-secret` taken from the chart's own Secret (token "rasaToken", JWT secret "UNSET"):
  the values replace them, without the API;
- every secret the pods read comes from a Kubernetes Secret, never a literal in the values;
- the ingress routes only the channels (socket.io, WhatsApp) and the action servers' pages;
- the chart's default initial model (downloaded into an emptyDir mounted over /app/models) is
  off: Rasa serves the bot's own model, baked into its image;
- CORS is limited to the town's website.
"""
from __future__ import annotations

import re
from pathlib import Path, PurePosixPath
from typing import Any, Dict, Iterator, List, Optional, Tuple

import pytest
import yaml

HELM = Path(__file__).resolve().parents[2] / "deploy" / "helm"
RASA_FILE = "rasa-values.yaml"
ACTIONS_FILE = "actions-values.yaml"

# The Services the ingress may send to: the release names of deploy/helm/README.md's commands
# (`helm install aiguillage rasa/rasa`, `helm install aiguillage-actions rasa/rasa-action-server`).
RASA_SERVICE = "aiguillage-rasa"
ACTIONS_SERVICE = "aiguillage-actions-rasa-action-server"

# What the public may reach, as on a plain server (deploy/nginx/aiguillage-routes.conf), less the
# REST channel (any sender id, so anyone's conversation) and Rasa's health page.
RASA_PUBLIC_PATHS = {"/socket.io", "/webhooks/whatsapp/webhook"}
ACTIONS_PUBLIC_PATHS = {"/widget", "/personnel", "/health/catalogue"}
# Paths that must stay private whatever the allowed list becomes (Rasa's HTTP API, the REST
# channel, the actions' webhook).
NEVER_PUBLIC = ["/webhooks/rest", "/conversations", "/model", "/status", "/version", "/domain",
                "/webhook", "/actions"]

# The model baked into the Rasa image (deploy/helm/README.md).
MODEL_DIR = PurePosixPath("/app/models")

# A mapping key, or an environment variable name, that holds a secret.
SECRET_WORD = re.compile(r"token|secret|password|passwd|jwt|api[_-]?key|private[_-]?key|_key$", re.I)
# Keys that name a Secret (or a key in it) rather than hold one.
SECRET_REFERENCE_KEYS = {"existingSecret", "existingSecretKey", "existingSecretPasswordKey",
                         "existingPasswordSecret", "secretName", "certificateSecret"}
ENV_REFERENCE = re.compile(r"^\$\{[A-Z][A-Z0-9_]*\}$")  # ${VAR}: read from the environment
# Variables the `rasa` chart itself sets on Rasa's container (rasa-common: DB_*, REDIS_*; the
# action server's URL), the secret ones from the PostgreSQL and Redis Secrets.
CHART_ENV = {"DB_HOST", "DB_PORT", "DB_USER", "DB_PASSWORD", "DB_DATABASE",
             "REDIS_HOST", "REDIS_PORT", "REDIS_PASSWORD", "ACTION_SERVER_URL"}


def load(name: str) -> Dict[str, Any]:
    with open(HELM / name, encoding="utf-8") as values:
        return yaml.safe_load(values)


@pytest.fixture(scope="module")
def rasa() -> Dict[str, Any]:
    return load(RASA_FILE)


@pytest.fixture(scope="module")
def actions() -> Dict[str, Any]:
    return load(ACTIONS_FILE)


def dig(tree: Dict[str, Any], dotted: str, default: Any = None) -> Any:
    for part in dotted.split("."):
        if not isinstance(tree, dict) or part not in tree:
            return default
        tree = tree[part]
    return tree


def option_values(args: List[str], option: str) -> List[str]:
    """The values after `option` on a command line, up to the next option."""
    if option not in args:
        return []
    values = []
    for arg in args[args.index(option) + 1:]:
        if arg.startswith("--"):
            break
        values.append(arg)
    return values


def env_entries(values: Dict[str, Any]) -> Dict[str, Dict[str, Any]]:
    return {entry["name"]: entry for entry in values.get("extraEnv") or []}


def from_secret(entry: Dict[str, Any]) -> bool:
    ref = dig(entry, "valueFrom.secretKeyRef") or {}
    return "value" not in entry and bool(ref.get("name")) and bool(ref.get("key"))


# --- Rasa's HTTP API ----------------------------------------------------------------------------

def test_rasa_http_api_is_off(rasa: Dict[str, Any]) -> None:
    assert dig(rasa, "applicationSettings.enableAPI") is False, "the chart's default is true"
    # Without `args`, the chart adds --jwt-secret and --auth-token from its own Secret (default
    # values) and ignores enableAPI in older chart versions: the command line is ours.
    args = rasa.get("args")
    assert args and args[0] == "run", "the values must give Rasa's whole command line (`args`)"
    for option in ("--enable-api", "--auth-token", "--jwt-secret", "--jwt-method", "--debug"):
        assert option not in args, option
    assert not rasa.get("extraArgs"), "ignored by the chart once `args` is given: put them in `args`"
    assert not dig(rasa, "applicationSettings.rasaX.enabled")
    assert not dig(rasa, "applicationSettings.debugMode"), "debug logs hold the residents' messages"


def test_rasa_service_stays_inside_the_cluster(rasa: Dict[str, Any], actions: Dict[str, Any]) -> None:
    for values in (rasa, actions):
        assert dig(values, "service.type", "ClusterIP") == "ClusterIP"
    assert dig(rasa, "nginx.enabled") is False, "the chart's nginx sidecar proxies every path"


# --- secrets --------------------------------------------------------------------------------------

def literal_secrets(node: Any, path: str = "") -> Iterator[str]:
    """Where the tree holds a secret as a literal instead of a reference to a Secret."""
    if isinstance(node, dict):
        if "name" in node and ("value" in node or "valueFrom" in node):  # an environment variable
            if SECRET_WORD.search(str(node["name"])) and not from_secret(node):
                yield f"{path} (environment variable {node['name']}: not from a Secret)"
        for key, value in node.items():
            where = f"{path}.{key}" if path else str(key)
            if key in SECRET_REFERENCE_KEYS or key == "secretKeyRef":
                continue
            if SECRET_WORD.search(str(key)) and not isinstance(value, (dict, list)):
                if not (isinstance(value, str) and ENV_REFERENCE.match(value)):
                    yield f"{where} = {value!r}"
                continue
            yield from literal_secrets(value, where)
    elif isinstance(node, list):
        for index, item in enumerate(node):
            where = f"{path}[{index}]"
            if isinstance(item, str) and item.startswith("--") and SECRET_WORD.search(item):
                yield f"{where} = {item!r} (a secret on the command line)"
            yield from literal_secrets(item, where)


@pytest.mark.parametrize("name", [RASA_FILE, ACTIONS_FILE])
def test_no_secret_is_written_in_the_values(name: str) -> None:
    found = list(literal_secrets(load(name)))
    assert found == [], f"{name}: secrets must come from Kubernetes Secrets: {found}"


def test_the_secret_detector_sees_literals() -> None:
    tree = {"applicationSettings": {"token": "rasaToken",
                                    "endpoints": {"lockStore": {"password": "${REDIS_PASSWORD}"}}},
            "rasaX": {"jwtSecret": ""},
            "extraEnv": [{"name": "STAFF_PASSWORD", "value": "hunter2"},
                         {"name": "PSEUDONYM_KEY", "valueFrom": {"secretKeyRef": {"name": "s", "key": "k"}}}],
            "global": {"postgresql": {"existingSecret": "aiguillage-postgresql"}},
            "args": ["run", "--auth-token", "abc"]}
    assert sorted(literal_secrets(tree)) == sorted([
        "applicationSettings.token = 'rasaToken'",
        "rasaX.jwtSecret = ''",
        "extraEnv[0] (environment variable STAFF_PASSWORD: not from a Secret)",
        "args[1] = '--auth-token' (a secret on the command line)",
    ])


def test_rasa_reads_its_secrets_from_secrets(rasa: Dict[str, Any]) -> None:
    env = env_entries(rasa)
    # Channels' credentials and the conversations' pseudonyms.
    for name in ("WHATSAPP_VERIFY_TOKEN", "WHATSAPP_APP_SECRET", "WHATSAPP_ACCESS_TOKEN", "PSEUDONYM_KEY"):
        assert name in env and from_secret(env[name]), name
    # PostgreSQL: the chart reads DB_PASSWORD from global.postgresql.existingSecret, under
    # `postgresql-postgres-password` (the superuser's) unless postgresql.existingSecretKey says
    # otherwise, while it connects as postgresqlUsername.
    assert dig(rasa, "global.postgresql.existingSecret")
    assert dig(rasa, "global.postgresql.postgresqlUsername") != "postgres"
    assert dig(rasa, "postgresql.existingSecretKey") == "postgresql-password"
    # Redis: the chart reads REDIS_PASSWORD from redis.existingSecret (else from a Secret the
    # Redis subchart does not create once auth.existingSecret is set).
    assert dig(rasa, "redis.existingSecret")
    assert dig(rasa, "redis.auth.existingSecret") == dig(rasa, "redis.existingSecret")
    assert dig(rasa, "redis.auth.existingSecretPasswordKey") == "redis-password"
    assert dig(rasa, "redis.existingSecretPasswordKey", "redis-password") == "redis-password"


def test_every_variable_of_rasa_configuration_is_set(rasa: Dict[str, Any]) -> None:
    """Rasa refuses to start on an unset ${VAR} of credentials.yml or endpoints.yml."""
    config = {"credentials": dig(rasa, "applicationSettings.credentials"),
              "endpoints": dig(rasa, "applicationSettings.endpoints")}
    used = set(re.findall(r"\$\{([A-Z][A-Z0-9_]*)\}", yaml.safe_dump(config)))
    assert used - CHART_ENV - set(env_entries(rasa)) == set()


def test_staff_password_comes_from_a_secret(actions: Dict[str, Any]) -> None:
    env = env_entries(actions)
    assert "STAFF_PASSWORD" in env and from_secret(env["STAFF_PASSWORD"])


# --- ingress ------------------------------------------------------------------------------------

def ingress_routes(values: Dict[str, Any], own_service: str) -> List[Tuple[str, Optional[str], str]]:
    """(path, pathType, Service) of every route the chart's Ingress would have."""
    ingress = values.get("ingress") or {}
    if not ingress.get("enabled"):
        return []
    # The chart always adds ingress.path (default "/") towards its own Service.
    routes = [(ingress.get("path", "/"), ingress.get("pathType"), own_service)]
    for extra in ingress.get("extraPaths") or []:
        routes.append((extra["path"], extra.get("pathType"), dig(extra, "backend.service.name")))
    return routes


def public_paths(rasa: Dict[str, Any], actions: Dict[str, Any]) -> List[Tuple[str, Optional[str], str]]:
    return ingress_routes(rasa, RASA_SERVICE) + ingress_routes(actions, ACTIONS_SERVICE)


def test_ingress_routes_only_the_channels_and_the_pages(rasa: Dict[str, Any],
                                                        actions: Dict[str, Any]) -> None:
    allowed = {RASA_SERVICE: RASA_PUBLIC_PATHS, ACTIONS_SERVICE: ACTIONS_PUBLIC_PATHS}
    routes = public_paths(rasa, actions)
    for path, path_type, service in routes:
        # The chart's default ImplementationSpecific is a prefix (or a regex) for ingress-nginx.
        assert path_type in ("Exact", "Prefix"), (path, path_type)
        assert service in allowed, (path, service)
        assert path.rstrip("/") in allowed[service], f"{path} → {service} is not a public path"
        for private in NEVER_PUBLIC:
            covered = private == path.rstrip("/") or (
                path_type == "Prefix" and private.startswith(path.rstrip("/") + "/"))
            assert not covered, f"{path} ({path_type}) would publish {private}"
    # The widget and WhatsApp need theirs.
    routed = {(path.rstrip("/"), service) for path, _, service in routes}
    for service, paths in allowed.items():
        for path in paths:
            assert (path, service) in routed, f"{path} → {service} is missing"


def test_ingress_is_https_only(rasa: Dict[str, Any], actions: Dict[str, Any]) -> None:
    for values in (rasa, actions):
        if dig(values, "ingress.enabled"):
            assert dig(values, "ingress.tls"), "the staff password and the conversations travel in clear"


def test_ingress_check_catches_rasa_on_every_path() -> None:
    committed = {"ingress": {"enabled": True, "path": "/", "pathType": "Prefix"}}
    with pytest.raises(AssertionError):
        test_ingress_routes_only_the_channels_and_the_pages(committed, {})


# --- the model ------------------------------------------------------------------------------------

def test_rasa_serves_the_model_of_its_image(rasa: Dict[str, Any]) -> None:
    settings = rasa["applicationSettings"]
    # The chart's default initialModel is a demo model from GitHub, downloaded by an init
    # container into an emptyDir mounted over /app/models: it must be explicitly empty.
    assert settings.get("initialModel") == ""
    assert settings.get("trainInitialModel") is False
    assert not dig(settings, "endpoints.models.enabled"), "no model server"
    assert not dig(settings, "rasaX.useConfigEndpoint")
    model = option_values(rasa["args"], "--model")
    assert len(model) == 1 and PurePosixPath(model[0]).parent == MODEL_DIR and model[0].endswith(".tar.gz")
    model_path = PurePosixPath(model[0])
    for mount in rasa.get("volumeMounts") or []:
        mounted = PurePosixPath(mount["mountPath"])
        assert mounted != model_path and mounted not in model_path.parents, f"{mounted} hides the model"
    for volume in rasa.get("volumes") or []:
        assert "emptyDir" not in volume, volume


# --- CORS -----------------------------------------------------------------------------------------

def test_cors_is_the_town_website_only(rasa: Dict[str, Any]) -> None:
    origin = dig(rasa, "applicationSettings.cors")
    assert origin and origin != "*"
    origins = option_values(rasa.get("args") or [], "--cors")
    assert origins and "*" not in origins
    assert origin in origins, "applicationSettings.cors and the --cors of `args` must agree"
    for each in origins:
        assert re.match(r"^https://[^/*]+$", each), f"{each}: an origin is https://host, without a path"
