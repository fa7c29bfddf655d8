"""Texts within a platform's limits (bot/channels/kit/text.py): long texts split at natural
boundaries, counted in characters (WhatsApp, SMS) or UTF-16 units (Telegram), titles shortened,
choices numbered."""
from __future__ import annotations

import unicodedata

from bot.channels.kit.text import CHOICE_HINT, numbered_choices, shorten, split_text, unique_titles, utf16_length
from bot.telegram.rendering import TEXT_LIMIT, split_message

# ------------------------------------------------------------- Telegram: 4096 UTF-16 units


def test_a_short_text_is_one_message() -> None:
    assert split_message("Bonjour !\nQuel âge avez-vous ?") == ["Bonjour !\nQuel âge avez-vous ?"]


def test_long_text_is_cut_on_line_boundaries() -> None:
    lines = [f"ligne {n:04d} " + "x" * 80 for n in range(200)]
    pieces = split_message("\n".join(lines))
    assert len(pieces) > 1
    assert all(utf16_length(p) <= TEXT_LIMIT for p in pieces)
    assert "\n".join(pieces).split("\n") == lines  # nothing lost, no line cut in two


def test_emoji_count_twice() -> None:
    text = "\n".join(["📍" * 1000] * 3)  # 2000 UTF-16 units per line
    pieces = split_message(text)
    assert [utf16_length(p) for p in pieces] == [4001, 2000]


def test_a_single_huge_line_is_cut_between_words() -> None:
    words = ["mot%05d" % n for n in range(2000)]  # 15,999 characters on one line
    pieces = split_message(" ".join(words))
    assert all(utf16_length(p) <= TEXT_LIMIT for p in pieces)
    assert " ".join(pieces).split(" ") == words


def test_a_line_without_spaces_is_cut_anywhere_but_not_inside_an_emoji() -> None:
    text = "a" + "🙂" * 5000
    pieces = split_text(text, 100, utf16_length)
    assert all(utf16_length(p) <= 100 for p in pieces)
    assert "".join(pieces) == text


def test_blank_text_gives_nothing() -> None:
    assert split_message("\n\n  \n") == []
    assert split_text("", 10) == []


# ------------------------------------------------------- at the limit, emoji and accents


def test_a_text_exactly_at_the_limit_is_one_part_one_more_unit_is_two() -> None:
    at_limit = "é" * 4095 + "à"  # 4096 characters, 4096 UTF-16 units
    assert split_text(at_limit, 4096) == [at_limit] and split_message(at_limit) == [at_limit]
    emoji_at_limit = "📍" * 2048  # 2048 characters, 4096 UTF-16 units
    assert split_message(emoji_at_limit) == [emoji_at_limit]
    one_more = emoji_at_limit + "a"
    assert [utf16_length(p) for p in split_message(one_more)] == [4096, 1]
    # in characters (WhatsApp, SMS) the same emoji count once: 2049 characters fit in one part
    assert split_text(one_more, 4096) == [one_more]


def test_an_emoji_straddling_the_limit_goes_whole_to_the_next_part() -> None:
    text = "x" * 99 + "🙂" + "y"  # the emoji would take units 100 and 101
    assert split_text(text, 100, utf16_length) == ["x" * 99, "🙂y"]


def test_decomposed_accents_stay_with_their_letter_and_sentences_keep_their_end() -> None:
    sentence = "Vous êtes à Saint-Denis, près de l'hôpital. "
    text = unicodedata.normalize("NFD", sentence * 100)  # "é" as "e" + a combining accent
    parts = split_text(text, 500)
    assert all(len(p) <= 500 for p in parts) and all(p.endswith(".") for p in parts)
    assert all(not unicodedata.combining(p[0]) for p in parts)
    assert " ".join(parts) == text.strip()


def test_zero_width_joined_emoji_count_all_their_units() -> None:
    family = "👩‍👩‍👧"  # 5 code points, 8 UTF-16 units
    pieces = split_message(" ".join([family] * 1000))
    assert all(utf16_length(p) <= TEXT_LIMIT for p in pieces) and len(pieces) == 3
    assert " ".join(pieces) == " ".join([family] * 1000)  # cut between words: no family broken


# -------------------------------------------------------------------- characters (WhatsApp)


def test_without_paragraphs_the_cut_is_after_a_sentence_then_a_word() -> None:
    sentences = "Une phrase assez longue pour compter. " * 200
    parts = split_text(sentences, 1000)
    assert all(len(p) <= 1000 for p in parts) and all(p.endswith(".") for p in parts)
    words = "mot " * 600
    assert all(len(p) <= 1000 and not p.endswith(" ") for p in split_text(words, 1000))
    assert " ".join(split_text(words, 1000)) == words.strip()


def test_text_without_any_space_is_cut_hard_and_nothing_is_lost() -> None:
    parts = split_text("x" * 9000, 4096)
    assert [len(p) for p in parts] == [4096, 4096, 808]


# ------------------------------------------------------------------------------ shortening


def test_short_titles_are_left_alone() -> None:
    assert shorten("Un emploi", 20) == "Un emploi"


def test_shortening_cuts_after_a_whole_word_with_an_ellipsis() -> None:
    assert shorten("Parler ou écrire le français", 20) == "Parler ou écrire le…"
    assert shorten("Transport, permis de conduire", 20) == "Transport, permis…"


def test_a_leading_je_and_its_verb_go_before_words_are_cut() -> None:
    assert shorten("Je préfère ne pas répondre", 20) == "Ne pas répondre"
    assert shorten("Je cherche une formation", 20) == "Une formation"
    assert shorten("J'ai une reconnaissance de handicap", 24) == "Une reconnaissance de…"
    assert shorten("Je ne veux pas donner mon âge", 20) == "Je ne veux pas…"  # negation kept whole


def test_shortening_first_drops_a_parenthesis() -> None:
    assert shorten("Garde d'enfants (crèche, nounou)", 20) == "Garde d'enfants"


def test_a_single_long_word_is_cut() -> None:
    assert shorten("Anticonstitutionnellement", 10) == "Anticonst…"


def test_shortened_titles_never_exceed_the_limit() -> None:
    for title in ("Test E2E Mission Locale Bondy – Jeunes 16-25", "a " * 40, "Détails : " + "x" * 50):
        for limit in (20, 24, 72):
            assert len(shorten(title, limit)) <= limit


def test_a_short_leading_label_goes_before_words_are_cut() -> None:
    assert shorten("Détails : Mission locale Bondy", 24) == "Mission locale Bondy"
    assert shorten("Détails : Test E2E Mission Locale Bondy – Jeunes 16-25", 24) == "Test E2E Mission Locale…"
    assert shorten("Une explication un peu longue : la suite", 24) == "Une explication un peu…"  # not a label


def test_titles_made_identical_by_shortening_get_their_number() -> None:
    titles = unique_titles(["Détails : Mission locale de Bondy", "Détails : Mission locale de Pantin", "Aide"], 20)
    assert titles[0].startswith("1. ") and titles[1].startswith("2. ") and titles[2] == "Aide"
    assert len(set(titles)) == 3 and all(len(t) <= 20 for t in titles)


# ------------------------------------------------------------------------ numbered choices


def test_choices_are_numbered_packed_for_sms_spaced_for_whatsapp() -> None:
    assert numbered_choices("Que cherchez-vous ?", ["Un emploi", "Une formation"]) == \
        f"Que cherchez-vous ?\n1. Un emploi\n2. Une formation\n{CHOICE_HINT}"
    assert numbered_choices(" Et ? ", ["Oui"], spaced=True) == f"Et ?\n\n1. Oui\n\n{CHOICE_HINT}"
    assert numbered_choices(None, ["Oui"]) == f"1. Oui\n{CHOICE_HINT}"
