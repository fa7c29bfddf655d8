"""Keeps what residents write out of the servers' logs, whatever code path logs it.

Rasa itself logs message text at INFO level and above, in places our code never sees:
- structlog events with the text as a key: `message.parsing.failed user_text=…` (a message
  starting with "/" that does not parse), `rest.message.received.timeout text=…` (a REST client
  that gave up waiting: the Telegram bridge, `make chat`) and `rest.message.received.failure
  text=…`, whose traceback structlog renders with every frame's local variables;
- warnings (`warnings.warn`) that quote the message: "Failed to parse arguments in line
  '/pas_une_intention{…}'…" (a "/" message that is not an intent or entity of the domain);
- SQLAlchemy errors, whose text ends with the statement's bound parameters, i.e. the stored
  event with what the resident wrote: "[parameters: ('…', '{"text": "…"}')]", logged by Rasa's
  fail-safe tracker store, the HTTP API's error responses, channels' error handlers.

`install()` hides them at the root, in the process that calls it:
- standard logging: a record factory (`logging.setLogRecordFactory`) redacts every record when it
  is created, before any logger, filter or handler sees it, so it holds whatever handlers are
  added or replaced later (Sanic's `dictConfig`, coloredlogs, `--log-file`, pytest); the same
  redaction is also a filter on every handler that exists at install time (records built by
  `logging.makeLogRecord` do not go through the factory). Warnings are routed to logging
  (`logging.captureWarnings`) so that they go through it too;
- structlog: a processor at the head of the configured processor chain, inserted into the list
  itself, which the loggers Rasa has already cached share; if structlog were configured again
  later, its output (a JSON line given to a standard logger) would still be redacted by the
  record factory, which reads structlog's JSON events.

Redacted means: the values of keys that carry text (`text`, `user_text`, `parse_data`…) become
"[hidden: N characters]"; in free text (messages, tracebacks), the quoted line of Rasa's "/"
warnings and SQL bound parameters become "[hidden…]"; an exception logged through structlog is
rendered as a plain traceback, without the local variables of its frames that Rasa's structlog
set-up would print (`text`, `tracker`…). Nothing else changes (levels, logger names, exception
types and messages, stack traces), and no record is dropped.

With AIGUILLAGE_DEBUG=1 (a developer's machine, `--debug`), `install()` does nothing: the logs
show everything, message text included.
"""
from __future__ import annotations

import json
import logging
import re
import sys
import traceback
from typing import Any, Callable, Dict, List, Optional

from bot import settings

HIDDEN = "[hidden]"

# structlog keys whose values are (or contain) what a resident wrote, or what the bot knows of
# them: Rasa's own list (rasa/utils/log_utils.py, `_anonymizer`), and a few more.
TEXT_KEYS = frozenset({
    # rasa.utils.log_utils._anonymizer
    "text", "response_text", "user_text", "slot_values", "parse_data_text", "parse_data_entities",
    "prediction_events", "tracker_latest_message", "prefilled_slots", "message", "response",
    "slot_candidates", "rasa_event", "rasa_events", "tracker_states", "current_states",
    "old_states", "successes", "current_entity", "next_entity", "states", "entity", "token_text",
    "user_message", "json_message",
    # and
    "parse_data", "tracker", "events", "slots", "entities", "metadata", "request_json", "body",
    "payload", "value", "values", "parameters",
    # the local variables of each frame in a traceback rendered by structlog (dict_tracebacks)
    "locals",
})

# Free text where Rasa quotes a message: (the text that starts the quoted part, the text that
# follows it, or None: to the end of the message). The end is searched from the end, so that a
# message holding the end text itself is hidden whole.
QUOTING_RULES = [
    # rasa/shared/core/training_data/story_reader/yaml_story_reader.py: every warning about a
    # "/" message (unknown intent, unknown entities, bad JSON or confidence, text after it)
    # starts with it and goes on quoting parts of the message.
    ("Failed to parse arguments in line ", None),
    # rasa/shared/core/slots.py (CategoricalSlot): a value set outside the domain.
    ("is set to a value (", ") that is not specified in the domain"),
    # rasa/core/processor.py (trigger_external_user_uttered, HTTP API)
    ("Invalid entity specification: ", ". Assuming no entities."),
    # rasa/server.py (append events, HTTP API): the request body.
    ("Request JSON: ", None),
]
# SQLAlchemy's StatementError text: "…\n[SQL: INSERT …]\n[parameters: ('…', '{"text": …}')]\n
# (Background on this error at: …)". The parameters are repr()'d on one line.
SQL_PARAMETERS = re.compile(r"\[parameters: [^\r\n]*")
SQL_PARAMETERS_HIDDEN = "[parameters: hidden]"
# Rasa colours its warnings (rasa.shared.utils.io.raise_warning): the reset is kept.
COLOUR_RESET = "\x1b[0m"

ALREADY_HIDDEN = re.compile(r"\[hidden(?:: \d{1,9} characters)?\]")

_MARK = "_aiguillage_redacted"


def hidden(value: Any) -> Any:
    """What replaces a value that carries text: its length only."""
    if isinstance(value, str):
        if ALREADY_HIDDEN.fullmatch(value):  # by structlog, then in its JSON line
            return value
        return f"[hidden: {len(value)} characters]"
    if value is None:
        return value
    return HIDDEN


def redact_text(text: str) -> str:
    """`text` (a log message, a traceback, a string value) without the parts that quote what a
    resident wrote. Linear in the length of the text: a 100,000-character message costs
    milliseconds."""
    if "[parameters: " in text:
        text = SQL_PARAMETERS.sub(SQL_PARAMETERS_HIDDEN, text)
    for start, end in QUOTING_RULES:
        at = text.find(start)
        if at < 0:
            continue
        after = at + len(start)
        if end is None:  # to the end, but for the colour reset of a warning
            stop = len(text)
            trimmed = text.rstrip()
            if trimmed.endswith(COLOUR_RESET) and len(trimmed) - len(COLOUR_RESET) >= after:
                stop = len(trimmed) - len(COLOUR_RESET)
        else:
            stop = text.rfind(end, after)
            if stop < 0:
                stop = len(text)
        text = text[:after] + hidden(text[after:stop]) + text[stop:]
    return text


def _scrub(value: Any) -> Any:
    """`value` with its strings redacted, inside lists and dicts too (new containers)."""
    if isinstance(value, str):
        return redact_text(value)
    if isinstance(value, dict):
        return {k: hidden(v) if k in TEXT_KEYS else _scrub(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_scrub(v) for v in value)
    return value


def _exception_info(exc_info: Any) -> Optional[tuple]:
    if exc_info is True:
        exc_info = sys.exc_info()
    elif isinstance(exc_info, BaseException):
        exc_info = (type(exc_info), exc_info, exc_info.__traceback__)
    if isinstance(exc_info, tuple) and len(exc_info) == 3 and exc_info[0] is not None:
        return exc_info
    return None


def redact_event_dict(_logger: Any, method: str, event_dict: Dict[str, Any]) -> Dict[str, Any]:
    """structlog processor: the values of TEXT_KEYS hidden, the other strings redacted, and the
    exception rendered here as a plain traceback, redacted. Rendered further down the chain, it
    would show the exception's text as it is and, worse, the local variables of every frame
    (Rasa's `dict_tracebacks` in JSON mode, rich tracebacks on a terminal): `text`, `tracker`,
    SQL `parameters`…"""
    if method == "exception" and "exc_info" not in event_dict:  # structlog.dev.set_exc_info, later
        event_dict["exc_info"] = True
    for key, value in list(event_dict.items()):
        if key in TEXT_KEYS:
            event_dict[key] = hidden(value)
        elif key == "exc_info":
            info = _exception_info(value)
            if info is not None:
                del event_dict["exc_info"]
                event_dict["exception"] = redact_text("".join(traceback.format_exception(*info)))
        else:
            event_dict[key] = _scrub(value)
    return event_dict


def _redact_structlog_line(message: str) -> str:
    """A JSON event rendered by structlog (Rasa's JSONRenderer), redacted as by the processor;
    any other message unchanged."""
    if not (message.startswith("{") and message.rstrip().endswith("}") and '"event"' in message):
        return message
    try:
        event = json.loads(message)
    except ValueError:
        return message
    if not isinstance(event, dict):
        return message
    redacted = redact_event_dict(None, "", dict(event))
    return message if redacted == event else json.dumps(redacted)


def redact_record(record: logging.LogRecord) -> logging.LogRecord:
    """The record without message text: its message and its exception's text redacted."""
    if getattr(record, _MARK, False):
        return record
    setattr(record, _MARK, True)
    try:
        message = record.getMessage()
    except Exception:  # a malformed call: logging reports it when the record is formatted
        return record
    redacted = redact_text(_redact_structlog_line(message))
    if redacted != message:
        record.msg, record.args = redacted, ()
    if record.exc_info and not record.exc_text:
        record.exc_text = logging.Formatter().formatException(record.exc_info)
    if record.exc_text:
        record.exc_text = redact_text(record.exc_text)
    return record


class RedactingFilter(logging.Filter):
    """Redacts each record (see `redact_record`); never drops one."""

    def filter(self, record: logging.LogRecord) -> bool:
        redact_record(record)
        return True


_FILTER = RedactingFilter()
_previous_factory: Optional[Callable[..., logging.LogRecord]] = None
_filtered: List[Any] = []  # the root logger and the handlers that hold _FILTER
_captured_warnings = False


def _redacting_factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
    assert _previous_factory is not None
    return redact_record(_previous_factory(*args, **kwargs))


def _all_handlers() -> List[logging.Handler]:
    loggers = [logging.getLogger()] + [logger for logger in logging.Logger.manager.loggerDict.values()
                                       if isinstance(logger, logging.Logger)]
    handlers: List[logging.Handler] = []
    for logger in loggers:
        handlers += [h for h in logger.handlers if h not in handlers]
    return handlers


def installed() -> bool:
    return _previous_factory is not None


def install() -> bool:
    """Hides message text from this process's logs from now on, unless AIGUILLAGE_DEBUG=1.
    Idempotent: called again, it also filters the handlers added since. True when installed."""
    global _previous_factory, _captured_warnings
    if settings.current().debug:
        return False
    if _previous_factory is None:
        _previous_factory = logging.getLogRecordFactory()
        logging.setLogRecordFactory(_redacting_factory)
    for target in [logging.getLogger(), *_all_handlers()]:
        if _FILTER not in target.filters:
            target.addFilter(_FILTER)
            _filtered.append(target)
    if not _captured_warnings:
        logging.captureWarnings(True)
        _captured_warnings = True
    try:
        import structlog
    except ImportError:  # the action server does not need structlog
        return True
    processors = structlog.get_config()["processors"]  # the list itself, shared by cached loggers
    if redact_event_dict not in processors:
        if isinstance(processors, list):
            processors.insert(0, redact_event_dict)
        else:  # a tuple: loggers cached before keep the old chain, the record factory covers them
            structlog.configure(processors=[redact_event_dict, *processors])
    return True


def uninstall() -> None:
    """Undoes `install` (for tests)."""
    global _previous_factory, _captured_warnings
    if _previous_factory is not None and logging.getLogRecordFactory() is _redacting_factory:
        logging.setLogRecordFactory(_previous_factory)
    _previous_factory = None
    for target in _filtered:
        target.removeFilter(_FILTER)
    _filtered.clear()
    if _captured_warnings:
        logging.captureWarnings(False)
        _captured_warnings = False
    structlog = sys.modules.get("structlog")
    if structlog is not None:
        processors = structlog.get_config()["processors"]
        if isinstance(processors, list):
            while redact_event_dict in processors:
                processors.remove(redact_event_dict)
        elif redact_event_dict in processors:
            structlog.configure(processors=[p for p in processors if p is not redact_event_dict])
