"""The web chat widget's weight and its pure helpers (links in bot text, colours), run with Node.

The browser behaviour itself is tested on the running bot in tests/e2e/test_widget.py and
tests/e2e/test_widget_rgaa.py.
"""
from __future__ import annotations

import gzip
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

WIDGET_DIR = Path(__file__).resolve().parents[2] / "web" / "widget"
WIDGET_JS = WIDGET_DIR / "aiguillage-widget.js"
BUDGET_BYTES = 30 * 1024


def test_widget_files_weigh_less_than_30_kb_gzipped() -> None:
    files = sorted(WIDGET_DIR.glob("*.js")) + sorted(WIDGET_DIR.glob("*.css"))
    assert {f.name for f in files} == {"aiguillage-widget.js", "aiguillage-widget.css"}
    total = sum(len(gzip.compress(f.read_bytes(), compresslevel=9)) for f in files)
    assert total < BUDGET_BYTES, f"{total} bytes gzipped"


def widget(call: str) -> Any:
    """Evaluates `call` (e.g. "w.tokenize('…')") with the widget loaded as `w`, in Node."""
    node = shutil.which("node")
    assert node, "Node.js is needed (make install runs npm)"
    script = f"const w = require({json.dumps(str(WIDGET_JS))}); process.stdout.write(JSON.stringify({call}));"
    result = subprocess.run([node, "-e", script], capture_output=True, text=True, timeout=30, check=True)
    return json.loads(result.stdout)


def links(text: str) -> list:
    return [(t["text"], t["href"]) for t in widget(f"w.tokenize({json.dumps(text)})") if t["type"] == "link"]


def test_a_card_phone_number_becomes_a_tel_link() -> None:
    assert links("☎️ 01 99 00 01 01") == [("01 99 00 01 01", "tel:+33199000101")]
    assert links("Tél. +33 1 99 00 01 01.") == [("+33 1 99 00 01 01", "tel:+33199000101")]
    assert links("appelez le 06.12.34.56.78 ou le 0612345678") == [
        ("06.12.34.56.78", "tel:+33612345678"), ("0612345678", "tel:+33612345678")]


def test_numbers_that_are_not_phone_numbers_stay_text() -> None:
    assert links("dossier 012345678901234, code 93300, 19 ans") == []


def test_web_addresses_and_emails_become_links_without_trailing_punctuation() -> None:
    assert links("Inscription : https://example.org/inscription?x=1. Merci") == [
        ("https://example.org/inscription?x=1", "https://example.org/inscription?x=1")]
    assert links("(voir https://example.org/a)") == [("https://example.org/a", "https://example.org/a")]
    assert links("✉️ contact@example.org") == [("contact@example.org", "mailto:contact@example.org")]


def test_markup_in_bot_text_stays_text() -> None:
    text = '<img src=x onerror="alert(1)"> javascript:alert(1) <a href="https://example.org">x</a>'
    tokens = widget(f"w.tokenize({json.dumps(text)})")
    assert "".join(t["text"] for t in tokens) == text  # nothing lost, nothing added
    assert [t["href"] for t in tokens if t["type"] == "link"] == ["https://example.org/"]


@pytest.mark.parametrize("value", ["javascript:alert(1)", "data:text/html,x", "ftp://example.org", "pas une adresse"])
def test_only_web_addresses_are_accepted_for_the_map_and_website_links(value: str) -> None:
    assert widget(f"w.safeWebUrl({json.dumps(value)})") is None


def test_text_on_the_town_hall_colour_is_black_or_white_whichever_contrasts_most() -> None:
    assert widget("w.textColourOn('#1f4e8c')") == "#ffffff"
    assert widget("w.textColourOn('#ffd200')") == "#000000"  # yellow: white would be 1.5:1
    for colour in ("#1f4e8c", "#ffd200", "#e30613", "#767676", "#00a3e0"):
        ratio = widget(f"w.contrast(w.textColourOn('{colour}'), '{colour}')")
        assert ratio >= 4.5, colour


def test_a_colour_attribute_that_is_not_a_colour_is_ignored() -> None:
    assert widget("w.parseColour('#ABC')") == "#aabbcc"
    assert widget("w.parseColour('red; background: url(x)')") is None


def test_emoji_runs_are_set_apart_from_the_bot_text_to_be_hidden_from_screen_readers() -> None:
    assert widget("w.splitEmoji('☎️ 01 99 00 01 01')") == ["", "☎️", " 01 99 00 01 01"]
    assert widget("w.splitEmoji('📍 12 rue X 🕘 9 h 👩🏽‍💻')") == ["", "📍", " 12 rue X ", "🕘", " 9 h ", "👩🏽‍💻", ""]
    assert widget("w.splitEmoji('Bondy, 93140 : 2 km')") == ["Bondy, 93140 : 2 km"]  # digits are not emoji
