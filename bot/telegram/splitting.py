"""Cutting a long text into Telegram messages, on line boundaries when possible."""
from __future__ import annotations

from typing import List

# Telegram refuses a message longer than 4096 characters, counted in UTF-16 code units
# (an emoji such as 📍 counts twice).
TEXT_LIMIT = 4096


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _cut_long_line(line: str, limit: int) -> List[str]:
    """A single line longer than the limit: cut after the last space that fits, else anywhere."""
    pieces: List[str] = []
    while utf16_length(line) > limit:
        end, used = 0, 0
        while end < len(line) and used + utf16_length(line[end]) <= limit:
            used += utf16_length(line[end])
            end += 1
        space = line.rfind(" ", 0, end + 1)  # a space right after the piece is a fine cut too
        cut = space if space > 0 else end
        pieces.append(line[:cut].rstrip())
        line = line[cut:].lstrip()
    pieces.append(line)
    return pieces


def split_text(text: str, limit: int = TEXT_LIMIT) -> List[str]:
    """Pieces of at most `limit` UTF-16 units, each one or more whole lines when a line fits.
    Blank pieces are dropped (Telegram refuses an empty message)."""
    chunks: List[str] = []
    current = ""
    for line in text.split("\n"):
        for piece in _cut_long_line(line, limit):
            candidate = f"{current}\n{piece}" if current else piece
            if utf16_length(candidate) <= limit:
                current = candidate
            else:
                chunks.append(current)
                current = piece
    chunks.append(current)
    return [chunk.strip("\n") for chunk in chunks if chunk.strip()]
