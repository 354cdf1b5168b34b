"""How many SMS a text goes as on a phone (GSM 03.38 / 3GPP TS 23.038 §6.2.1, and TS
23.040's concatenation header): GSM-7 160 a message or 153 a part, UCS-2 70 or 67."""

from __future__ import annotations

import pytest

from app.services.collection.sms import (
    GSM7_BASIC,
    GSM7_EXTENSION,
    is_gsm7,
    outside_gsm7,
    sms_parts,
    sms_store_name,
    sms_text,
)

# 3GPP TS 23.038 §6.2.1, the default alphabet: code → character (a sample of the table)
PUBLISHED = {0x00: "@", 0x01: "£", 0x02: "$", 0x04: "è", 0x05: "é", 0x09: "Ç", 0x0A: "\n",
             0x0E: "Å", 0x10: "Δ", 0x1C: "Æ", 0x1E: "ß", 0x1F: "É", 0x20: " ", 0x24: "¤",
             0x40: "¡", 0x41: "A", 0x5B: "Ä", 0x5C: "Ö", 0x5D: "Ñ", 0x5E: "Ü", 0x5F: "§",
             0x60: "¿", 0x7B: "ä", 0x7C: "ö", 0x7D: "ñ", 0x7E: "ü", 0x7F: "à"}


def test_the_alphabet_is_the_published_table():
    assert len(GSM7_BASIC) == 128 and len(set(GSM7_BASIC)) == 128
    for code, char in PUBLISHED.items():
        assert GSM7_BASIC[code] == char, hex(code)
    assert set(GSM7_EXTENSION) == set("\f^{}\\[~]|€")


@pytest.mark.parametrize("char", list("éèùìòÇÑñüÜàäöÄÖÅåÆæßÉ") + ["@", "_", "$", "!"])
def test_letters_a_phone_sends_in_seven_bits(char):
    assert is_gsm7(f"Oi, Zé{char}") and sms_parts(char * 160) == 1


@pytest.mark.parametrize("char", list("ãõçóêâíúáÁÃÕÊÓÍÚ") + ["\xa0", "“", "—", "😊"])
def test_letters_that_make_the_whole_sms_unicode(char):
    text = "a" * 69 + char
    assert not is_gsm7(text) and outside_gsm7(text) == [char]
    assert sms_parts(text) == (1 if char != "😊" else 2)  # an emoji is two UTF-16 units


@pytest.mark.parametrize("text, parts", [
    ("", 0), ("a", 1), ("a" * 160, 1), ("a" * 161, 2), ("a" * 306, 2), ("a" * 307, 3),
    ("€" * 80, 1), ("€" * 81, 2),  # the extension characters count two
    ("ç" * 70, 1), ("ç" * 71, 2), ("ç" * 134, 2), ("ç" * 135, 3),
    ("🎉" * 35, 1), ("🎉" * 36, 2),
    # 306 septets, yet three parts: the € (escape + character) never splits across two
    ("a" * 152 + "€" + "a" * 152, 3),
    ("a" * 66 + "🎉" + "a" * 66, 3),  # nor an emoji's two units
])
def test_parts_as_a_phone_counts_them(text, parts):
    assert sms_parts(text) == parts


def test_an_sms_has_plain_spaces_so_one_amount_does_not_make_it_unicode():
    assert sms_text("R$\xa01.234,56 e R$\u202f5,00") == "R$ 1.234,56 e R$ 5,00"
    assert is_gsm7(sms_text("Oi, Rita! R$\xa075,00 em aberto."))


@pytest.mark.parametrize("name, short", [
    ("Natália Modas", "Natália Modas"),
    ("Ateliê Maria Bonita Modas", "Ateliê Maria Bonita"),
    ("Zé & Cia Modas Finas e Acessórios", "Zé & Cia Modas Finas"),
    ("Casa da Moda de Campinas Ltda", "Casa da Moda"),  # never ends on "de"
    ("Supercalifragilisticexpialidocious", "Supercalifragilistic"),
    ("  Bella   Moda  ", "Bella Moda"),
])
def test_the_store_name_in_an_sms_is_its_first_words_up_to_20_characters(name, short):
    assert sms_store_name(name) == short and len(sms_store_name(name)) <= 20
