"""Cutting long answers into Telegram messages (4096 UTF-16 units at most)."""
from __future__ import annotations

from bot.telegram.splitting import TEXT_LIMIT, split_text, utf16_length


def test_a_short_text_is_one_message() -> None:
    assert split_text("Bonjour !\nQuel âge avez-vous ?") == ["Bonjour !\nQuel âge avez-vous ?"]


def test_long_text_is_cut_on_line_boundaries() -> None:
    lines = [f"ligne {n:04d} " + "x" * 80 for n in range(200)]
    pieces = split_text("\n".join(lines))
    assert len(pieces) > 1
    assert all(utf16_length(p) <= TEXT_LIMIT for p in pieces)
    assert "\n".join(pieces).split("\n") == lines  # nothing lost, no line cut in two


def test_emoji_count_twice() -> None:
    text = "\n".join(["📍" * 1000] * 3)  # 2000 UTF-16 units per line
    pieces = split_text(text)
    assert [utf16_length(p) for p in pieces] == [4001, 2000]


def test_a_single_huge_line_is_cut_between_words() -> None:
    words = ["mot%05d" % n for n in range(2000)]  # 15,999 characters on one line
    pieces = split_text(" ".join(words))
    assert all(utf16_length(p) <= TEXT_LIMIT for p in pieces)
    assert " ".join(pieces).split(" ") == words


def test_a_line_without_spaces_is_cut_anywhere_but_not_inside_an_emoji() -> None:
    text = "a" + "🙂" * 5000
    pieces = split_text(text, limit=100)
    assert all(utf16_length(p) <= 100 for p in pieces)
    assert "".join(pieces) == text


def test_blank_text_gives_nothing() -> None:
    assert split_text("\n\n  \n") == []
