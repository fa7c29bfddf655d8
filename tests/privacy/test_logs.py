"""Message text never reaches the logs through Rasa's own code paths (bot/privacy/logs.py).

Each path is driven through Rasa's real code with Rasa's real logging configuration (structlog
rendering JSON lines into standard logging, warnings, SQLAlchemy errors), once without the filter
(the words are there: the path is real) and once with it (they are not)."""
from __future__ import annotations

import asyncio
import io
import json
import logging
import sqlite3
import time
import warnings
from pathlib import Path
from types import SimpleNamespace
from typing import Iterator

import pytest
import sqlalchemy as sa
import structlog
from rasa.core.channels.rest import RestInput
from rasa.core.tracker_store import FailSafeTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.core.training_data.story_reader import yaml_story_reader
from rasa.shared.core.training_data.story_reader.yaml_story_reader import YAMLStoryReader
from rasa.shared.nlu.training_data.message import Message
from rasa.utils.log_utils import configure_structlog

from bot.privacy import logs
from bot.privacy.tracker_store import PrivateSQLTrackerStore

ROOT = Path(__file__).resolve().parents[2]
DOMAIN = Domain.load(str(ROOT / "domain.yml"))
SECRET = "Zéphirine"
SQL_ERROR_TEXT = "je m'appelle Zéphirine Quatrevents"


@pytest.fixture
def rasa_logging(monkeypatch, caplog) -> Iterator[None]:
    """Rasa's logging set up as `rasa run` does (rasa/utils/log_utils.py), no filter installed;
    everything restored afterwards, the filter included if it was installed."""
    monkeypatch.delenv("AIGUILLAGE_DEBUG", raising=False)
    caplog.set_level(logging.INFO)
    monkeypatch.setattr("rasa.utils.log_utils.FORCE_JSON_LOGGING", "1")  # as in production (no tty)
    structlog_config = structlog.get_config()
    processors = list(structlog_config["processors"])
    state = (logs._previous_factory, list(logs._filtered), logs._captured_warnings,
             logging.getLogRecordFactory(), logging._warnings_showwarning)
    with warnings.catch_warnings():
        warnings.simplefilter("always")
        logs._previous_factory, logs._filtered[:], logs._captured_warnings = None, [], False
        logging.setLogRecordFactory(logging.LogRecord)
        for target in state[1]:
            target.removeFilter(logs._FILTER)
        logging._warnings_showwarning = None
        configure_structlog(logging.INFO)
        # Rasa's module-level loggers, unbound, so that they take this configuration.
        monkeypatch.setattr(yaml_story_reader, "structlogger", structlog.get_logger())
        monkeypatch.setattr("rasa.core.channels.rest.structlogger", structlog.get_logger())
        logging.captureWarnings(True)  # what install() does; shown here without the filter too
        try:
            yield
        finally:
            logs.uninstall()
            logging.captureWarnings(False)
    logs._previous_factory, logs._filtered[:], logs._captured_warnings = state[0], state[1], state[2]
    logging.setLogRecordFactory(state[3])
    logging._warnings_showwarning = state[4]
    for target in state[1]:
        target.addFilter(logs._FILTER)
    structlog.configure(**structlog_config)
    structlog_config["processors"][:] = processors


def logged(caplog) -> str:
    """Everything the handlers would write: messages and tracebacks."""
    return caplog.text + "\n".join(r.getMessage() for r in caplog.records)


def filter_if(filtered: bool) -> None:
    if filtered:
        assert logs.install()


both = pytest.mark.parametrize("filtered", [False, True], ids=["without filter", "with filter"])


@both
def test_a_slash_message_that_is_not_an_intent(rasa_logging, caplog, filtered):
    filter_if(filtered)
    for text in ['/pas_une_intention{"x": 1} Zéphirine',           # unknown intent
                 '/affirmer{"inconnu": "Barnabette"} et Eustachine',  # unknown entity, text after
                 '/affirmer@0.5x{"a": "Gontrande"}',                  # bad confidence, text after
                 '/{"secret": "Hippolytine"}',                        # no intent: user_text=
                 '/affirmer{Anastasimir}']:                           # not JSON
        message = YAMLStoryReader.unpack_regex_message(Message({"text": text}), DOMAIN)
        assert message.get("text") == text  # read as text, as before
    text = logged(caplog)
    assert "message.parsing.failed" in text and "Failed to parse arguments in line" in text
    for word in ("Zéphirine", "Barnabette", "Eustachine", "Gontrande", "Hippolytine", "Anastasimir"):
        assert (word in text) != filtered, word
    if filtered:
        assert '"user_text": "[hidden: 26 characters]"' in text


def sql_error() -> sa.exc.OperationalError:
    """A real SQLAlchemy error, with the message among its bound parameters."""
    engine = sa.create_engine("sqlite://")
    try:
        with engine.connect() as connection:
            connection.execute(sa.text("insert into events (data) values (:data)"),
                               {"data": json.dumps({"event": "user", "text": SQL_ERROR_TEXT})})
    except sa.exc.OperationalError as error:
        assert "[parameters: " in str(error) and "Quatrevents" in str(error)
        return error
    raise AssertionError("no error")


def rest_webhook(on_new_message):
    """The handler of Rasa's REST channel (rasa/core/channels/rest.py), as Sanic calls it."""
    blueprint = RestInput().blueprint(on_new_message)
    handler = next(route.handler for route in blueprint._future_routes if route.uri == "/webhook")
    return lambda text: asyncio.run(handler(SimpleNamespace(
        json={"sender": "habitante", "message": text}, args={}, headers={})))


@both
def test_rest_failure_with_an_sql_error_and_rest_time_out(rasa_logging, caplog, filtered):
    filter_if(filtered)

    async def failing(message):
        raise sql_error()

    async def cancelled(message):  # the client went away (Telegram bridge, `make chat`)
        raise asyncio.CancelledError()

    rest_webhook(failing)("bonjour Barnabette")
    rest_webhook(cancelled)("bonsoir Gontrande")
    text = logged(caplog)
    assert "rest.message.received.failure" in text and "rest.message.received.timeout" in text
    assert "OperationalError" in text and "no such table: events" in text  # the error stays
    for word in ("Barnabette", "Gontrande", "Quatrevents"):  # Zéphirine is \u00e9-escaped in JSON
        assert (word in text) != filtered, word
    assert '"locals"' not in text or not filtered  # structlog's tracebacks show every frame's
    if filtered:
        assert "[parameters: hidden]" in text


def store_that_cannot_write(path: Path) -> PrivateSQLTrackerStore:
    """Our tracker store on a database that refuses to store events (as a full disk would)."""
    store = PrivateSQLTrackerStore(domain=DOMAIN, dialect="sqlite", host="", db=str(path))
    with sqlite3.connect(path) as db:
        db.execute("create trigger full before insert on events begin select raise(abort, 'disk full'); end")
    return store


@both
async def test_sql_errors_of_the_tracker_store(rasa_logging, caplog, tmp_path, filtered):
    filter_if(filtered)
    tracker = DialogueStateTracker.from_events(
        "habitante", [UserUttered(SQL_ERROR_TEXT)], slots=DOMAIN.slots)
    # Rasa's fail-safe store logs the error's text (rasa/core/tracker_store.py, FailSafeTrackerStore).
    await FailSafeTrackerStore(store_that_cannot_write(tmp_path / "a.db")).save(tracker)
    # Any code logging the exception itself (Sanic's error handler, asyncio, a channel).
    try:
        await store_that_cannot_write(tmp_path / "b.db").save(tracker)
    except sa.exc.SQLAlchemyError:
        logging.getLogger("sanic.error").exception("Exception occurred while handling uri")
    text = logged(caplog)
    assert "Falling back to use the 'InMemoryTrackerStore'" in text and "Traceback" in text
    assert "disk full" in text
    assert "[SQL: INSERT INTO events" in text  # what failed stays readable
    assert ("phirine" in text) != filtered and ("Quatrevents" in text) != filtered
    if filtered:
        assert text.count("[parameters: hidden]") >= 2


def test_handlers_added_later_and_structlog_configured_again_are_covered(rasa_logging, caplog):
    assert logs.install()
    # Sanic creates its handlers (dictConfig) after our module is imported.
    stream = io.StringIO()
    late = logging.StreamHandler(stream)
    logging.getLogger("late.logger").addHandler(late)
    try:
        logging.getLogger("late.logger").error("Could not save: %s", sql_error())
    finally:
        logging.getLogger("late.logger").removeHandler(late)
    # structlog configured again (a new processor list, without ours): its JSON lines still are.
    configure_structlog(logging.INFO)
    structlog.get_logger().error("rest.message.received.timeout", text="bonjour Barnabette",
                                 parse_data={"text": "bonjour Barnabette"}, sender_id="habitante")
    written = stream.getvalue() + logged(caplog)
    assert "Could not save" in written and "rest.message.received.timeout" in written
    assert "phirine" not in written and "Barnabette" not in written
    assert '"sender_id": "habitante"' in written  # other keys stay


def test_debug_mode_shows_everything(rasa_logging, caplog, monkeypatch):
    monkeypatch.setenv("AIGUILLAGE_DEBUG", "1")
    factory = logging.getLogRecordFactory()
    assert logs.install() is False
    assert logging.getLogRecordFactory() is factory and not logs.installed()
    logging.getLogger("rasa.core.tracker_store").error("error: %s", sql_error())
    assert "Quatrevents" in logged(caplog)


def test_install_is_idempotent_and_undone(rasa_logging):
    assert logs.install() and logs.install()
    processors = structlog.get_config()["processors"]
    assert processors[0] is logs.redact_event_dict and processors.count(logs.redact_event_dict) == 1
    logs.uninstall()
    assert logs.redact_event_dict not in structlog.get_config()["processors"]
    assert logging.getLogRecordFactory() is logging.LogRecord


def test_redact_text_rules():
    # rasa/shared/core/slots.py (CategoricalSlot)
    assert logs.redact_text("Categorical slot 'besoin' is set to a value ('Zéphirine') that is not "
                            "specified in the domain. Value will be ignored") == (
        "Categorical slot 'besoin' is set to a value ([hidden: 11 characters]) that is not "
        "specified in the domain. Value will be ignored")
    # rasa/core/processor.py, rasa/server.py (HTTP API)
    assert "Zéphirine" not in logs.redact_text(
        "Invalid entity specification: ('Zéphirine',). Assuming no entities.")
    assert "Zéphirine" not in logs.redact_text(
        "Append event called, but could not extract a valid event. Request JSON: {'a': 'Zéphirine'}")
    # A quoted part holding the end marker itself is hidden whole; redacting twice changes nothing.
    tricky = ("x is set to a value ('a') that is not specified in the domain Zéphirine') "
              "that is not specified in the domain. ")
    once = logs.redact_text(tricky)
    assert "Zéphirine" not in once and logs.redact_text(once) == once
    warning = ("\x1b[93mio.py:100: UserWarning: Failed to parse arguments in line '/x Zéphirine'.\n"
               "  More info at https://rasa.com/docs/rasa/stories\n\x1b[0m")
    assert logs.redact_text(warning) == (
        "\x1b[93mio.py:100: UserWarning: Failed to parse arguments in line [hidden: 66 characters]\x1b[0m")
    assert logs.redact_text("a message that quotes nothing") == "a message that quotes nothing"
    # A resident cannot pass for what is already hidden.
    assert logs.hidden("[hidden: Zéphirine]") == "[hidden: 19 characters]"
    assert logs.hidden("[hidden: 20 characters]") == "[hidden: 20 characters]"


def test_redaction_takes_linear_time():
    texts = ["[parameters: " + " " * 200_000, "Failed to parse arguments in line " + "\n " * 100_000,
             "is set to a value (" + "') " * 70_000, '{"event": "x", "text": "' + "a" * 200_000 + '"}']
    start = time.monotonic()
    for text in texts:
        logs.redact_text(text)
        logs.redact_record(logging.LogRecord("x", logging.ERROR, __file__, 1, text, (), None))
    assert time.monotonic() - start < 2
