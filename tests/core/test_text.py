"""Text cleaned on the way in: what shows nothing is removed, what she sees is kept."""

from __future__ import annotations

import pytest

from app.services.core.text import (
    clean_text,
    first_name,
    fold,
    has_letter,
    strip_invisible,
    transliterate,
)

BIDI = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068",
        "\u2069", "\u200e", "\u200f", "\u061c"]
ZERO_WIDTH = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u2800", "\u00ad", "\u3164",
              "\u115f", "\u1160", "\uffa0", "\u180e", "\u034f", "\U000e0041"]


@pytest.mark.parametrize("char", BIDI + ZERO_WIDTH)
def test_every_invisible_character_is_removed(char):
    assert strip_invisible(f"An{char}a Sou{char}za") == "Ana Souza"
    assert clean_text(f"{char}Ana{char}") == "Ana"


def test_a_bidi_override_can_no_longer_reverse_the_rest_of_a_reminder():
    name = "Ana \u202eazuoS"  # shows as "Ana Souza" reversed… and everything after it
    message = f"Oi, {clean_text(name)}! Sua parcela de R$ 75,00 vence amanhã."
    assert "\u202e" not in message
    assert message == "Oi, Ana azuoS! Sua parcela de R$ 75,00 vence amanhã."


def test_emoji_stay_whole():
    for emoji in ("👩\u200d💻", "❤️\u200d🔥", "👨\u200d👩\u200d👧", "🏳️\u200d🌈", "👍🏽",
                  "🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f"):
        assert strip_invisible(f"Zélia {emoji}") == f"Zélia {emoji}"
    # a joiner between letters, or at the ends, joins nothing visible
    assert strip_invisible("\u200dAna\u200d Paula\u200d💃") == "Ana Paula💃"


def test_control_characters_go_tabs_and_line_breaks_stay_in_notes():
    assert clean_text("Ana\x00 \x07Souza\x1b") == "Ana Souza"
    assert clean_text("prefere Pix\r\nliga à noite  \r\n\n\u2028fim\x85", multiline=True) == (
        "prefere Pix\nliga à noite\n\n\nfim")
    assert clean_text("col1\tcol2", multiline=True) == "col1\tcol2"


def test_one_line_texts_have_single_spaces():
    assert clean_text("  Maria \u00a0 da\tPenha\n ") == "Maria da Penha"
    assert clean_text(None) == "" and clean_text("") == ""


def test_a_name_must_keep_a_letter():
    assert has_letter("Zoë") and has_letter("李") and has_letter("Ana 💃")
    for nothing in ("\u2800\u2800", "\u200b", "\u3164", "123", "💃🏽", "---", ""):
        assert not has_letter(nothing)


def test_search_and_pix_names_ignore_invisible_characters():
    assert fold("Jo\u200bsé \u202eSilva") == "jose silva"
    assert transliterate("Lu\u2060ísa") == "Luisa"


@pytest.mark.parametrize("name, first", [
    ("Ana Paula Souza", "Ana"), ("Dona Cida Souza", "Cida"), ("dona cida", "cida"),
    ("D. Maria das Dores", "Maria"), ("Sra. Ana Lima", "Ana"), ("Sra Ana", "Ana"),
    ("Sr. João", "João"), ("Seu Zé da Padaria", "Zé"), ("Dra. Lúcia", "Lúcia"),
    ("Dr Paulo", "Paulo"), ("Dona", "Dona"), ("Dona Sra.", "Dona"), ("Cida Dona", "Cida"),
    ("Donatela Reis", "Donatela"), ("", ""),
])
def test_first_name_skips_honorifics(name, first):
    """A greeting says her name, not "Dona": "Feliz aniversário, Cida!"."""
    assert first_name(name) == first
