"""Pix BR Code: the BCB example, keys, round trips, CRC, limits, and the headless command."""

from __future__ import annotations

import io
from dataclasses import FrozenInstanceError

import pytest
import zxingcpp
from PIL import Image

from app.services.br.pix import (
    PixError,
    build_payload,
    crc16_ccitt,
    detect_key_type,
    format_amount,
    make_txid,
    normalize_pix_key,
    parse_payload,
    pix_city,
    pix_name,
    pix_not_configured_message,
)
from app.services.br.qr import qr_matrix, qr_png_bytes

BCB_KEY = "123e4567-e12b-12d1-a456-426655440000"
BCB_EXAMPLE = (
    "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR"
    "5913Fulano de Tal6008BRASILIA62070503***63041D3D"
)
CPF = "529.982.247-25"
CNPJ = "11.222.333/0001-81"


def _fields(payload: str) -> dict[str, str]:
    """Top-level TLV fields of a payload, read independently of the code under test."""
    out, pos = {}, 0
    while pos < len(payload):
        tag, size = payload[pos:pos + 2], int(payload[pos + 2:pos + 4])
        out[tag] = payload[pos + 4:pos + 4 + size]
        pos += 4 + size
    return out


def _decode_png(data: bytes) -> list[str]:
    return [r.text for r in zxingcpp.read_barcodes(Image.open(io.BytesIO(data)))]


# --- the BCB manual -----------------------------------------------------------------------------


def test_bcb_manual_example_comes_out_exactly():
    assert build_payload(BCB_KEY, "Fulano de Tal", "BRASILIA") == BCB_EXAMPLE


def test_bcb_manual_example_parses_back():
    parsed = parse_payload(BCB_EXAMPLE)
    assert (parsed.key, parsed.name, parsed.city) == (BCB_KEY, "Fulano de Tal", "BRASILIA")
    assert parsed.amount_cents is None and parsed.txid is None and parsed.description is None
    assert parsed.raw == BCB_EXAMPLE
    with pytest.raises(FrozenInstanceError):
        parsed.key = "x"  # type: ignore[misc]


def test_crc16_ccitt_false_check_value():
    assert crc16_ccitt(b"123456789") == 0x29B1
    assert crc16_ccitt(BCB_EXAMPLE[:-4].encode()) == 0x1D3D


# --- keys ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("typed", "kind", "stored"), [
    (CPF, "cpf", "52998224725"),
    ("52998224725", "cpf", "52998224725"),
    (CNPJ, "cnpj", "11222333000181"),
    ("11222333000181", "cnpj", "11222333000181"),
    ("(11) 98765-4321", "phone", "+5511987654321"),
    ("11987654321", "phone", "+5511987654321"),
    ("+5511987654321", "phone", "+5511987654321"),
    ("+55 (21) 99333-4444", "phone", "+5521993334444"),
    ("  Maria.Modas@Example.COM ", "email", "maria.modas@example.com"),
    ("123E4567-E12B-12D1-A456-426655440000", "random", BCB_KEY),
    ("123e4567e12b12d1a456426655440000", "random", BCB_KEY),
])
def test_each_key_type_is_detected_and_normalised(typed, kind, stored):
    assert detect_key_type(typed) == kind
    assert normalize_pix_key(typed) == stored


@pytest.mark.parametrize("landline", ["+55 (21) 3333-4444", "(11) 3333-4444", "1133334444"])
def test_a_landline_is_not_a_pix_phone_key(landline):
    # The old code accepted "+55 (21) 3333-4444" as a phone key; Pix phone keys are mobiles.
    with pytest.raises(PixError, match="telefone fixo"):
        normalize_pix_key(landline)


def test_eleven_digits_that_form_a_valid_cpf_are_a_cpf_unless_written_as_a_phone():
    ambiguous = "11987654374"  # valid CPF check digits and also a plausible São Paulo mobile
    assert detect_key_type(ambiguous) == "cpf"
    assert normalize_pix_key("(11) 98765-4374") == "+5511987654374"
    assert normalize_pix_key("+5511987654374") == "+5511987654374"


@pytest.mark.parametrize(("typed", "words"), [
    ("", "Informe a chave Pix"),
    ("minha chave", "Chave Pix inválida"),
    ("123.456.789-00", "CPF inválido"),
    ("12345678900", "CPF inválido"),
    ("11.222.333/0001-00", "CNPJ inválido"),
    ("98765-4321", "Chave Pix inválida"),
    ("+1 202 555 0143", "Celular inválido"),
    ("maria@", "E-mail inválido"),
])
def test_bad_keys_are_refused_in_portuguese(typed, words):
    with pytest.raises(PixError, match=words):
        normalize_pix_key(typed)
    with pytest.raises(PixError, match=words):
        build_payload(typed, "Maria", "Santos", 1000)


# --- round trips --------------------------------------------------------------------------------


@pytest.mark.parametrize(("key", "stored"), [
    (CPF, "52998224725"),
    (CNPJ, "11222333000181"),
    ("(11) 98765-4321", "+5511987654321"),
    ("Maria.Modas@example.com", "maria.modas@example.com"),
    (BCB_KEY.upper(), BCB_KEY),
])
def test_round_trip_for_every_key_type(key, stored):
    payload = build_payload(key, "Maria Modas", "Campinas", amount_cents=7_550,
                            txid="CAD12X13", description="Parcela 2 de 3")
    parsed = parse_payload(payload)
    assert parsed.key == stored
    assert (parsed.name, parsed.city) == ("Maria Modas", "Campinas")
    assert parsed.amount_cents == 7_550
    assert parsed.txid == "CAD12X13"
    assert parsed.description == "Parcela 2 de 3"
    assert _fields(payload)["54"] == "75.50"
    assert payload.endswith(f"6304{crc16_ccitt(payload[:-4].encode()):04X}")


def test_crc_with_a_leading_zero_keeps_four_digits():
    for cents in range(1, 100_000):
        payload = build_payload(BCB_KEY, "Fulano de Tal", "BRASILIA", amount_cents=cents)
        if int(payload[-4:], 16) < 0x1000:
            break
    else:
        pytest.fail("no payload with a CRC below 0x1000 found")
    assert payload[-8:-4] == "6304"
    assert payload[-4] == "0" and len(payload[-4:]) == 4
    assert payload[-4:] == payload[-4:].upper()
    assert parse_payload(payload).amount_cents == cents


def test_changed_or_cut_code_is_refused():
    changed = BCB_EXAMPLE.replace("Fulano", "Fulana")
    with pytest.raises(PixError, match="CRC inválido"):
        parse_payload(changed)
    with pytest.raises(PixError):
        parse_payload(BCB_EXAMPLE[:60])
    with pytest.raises(PixError, match="não é um código Pix"):
        parse_payload("https://example.com")


# --- text fields --------------------------------------------------------------------------------


def test_accents_are_removed_from_name_and_city():
    payload = build_payload(CPF, "José  Conceição", "São Paulo", 1000)
    fields = _fields(payload)
    assert (fields["59"], fields["60"]) == ("Jose Conceicao", "Sao Paulo")
    assert payload.isascii()
    assert (pix_name("José  Conceição"), pix_city("São Paulo")) == ("Jose Conceicao", "Sao Paulo")


def test_long_name_and_city_are_cut_to_the_limits():
    assert pix_name("Maria Aparecida dos Santos Modas Ltda") == "Maria Aparecida dos Santo"
    assert pix_city("São José dos Campos") == "Sao Jose dos Ca"
    assert pix_name("Loja 🌸 Flor ✿") == "Loja Flor"


def test_empty_name_or_city_is_refused():
    with pytest.raises(PixError, match="nome de quem recebe"):
        build_payload(CPF, "  ", "Santos")
    with pytest.raises(PixError, match="cidade de quem recebe"):
        build_payload(CPF, "Maria", "")


def test_long_description_is_shortened_and_the_code_stays_valid():
    email = "a" * 30 + "@example.com"
    for key in (BCB_KEY, email):
        payload = build_payload(key, "Maria", "Santos", 5000,
                                description="Parcelas 1, 2 e 3 da venda de outubro " * 5)
        assert len(_fields(payload)["26"]) <= 99
        parsed = parse_payload(payload)
        assert parsed.key == key
        assert parsed.description and parsed.description.startswith("Parcelas 1, 2")


@pytest.mark.parametrize("local_part", [55, 65])  # 67 and 77 (the longest) characters
def test_description_is_dropped_when_there_is_no_room(local_part):
    email = "m" * local_part + "@example.com"
    payload = build_payload(email, "Maria", "Santos", description="Parcela 1 de 3, outubro")
    assert len(_fields(payload)["26"]) <= 99
    assert parse_payload(payload).key == email
    assert parse_payload(payload).description is None


# --- amounts and txid ---------------------------------------------------------------------------


def test_amount_is_written_with_a_dot_and_two_decimals():
    assert format_amount(1) == "0.01"
    assert format_amount(123_456) == "1234.56"
    assert format_amount(100) == "1.00"
    assert _fields(build_payload(CPF, "Maria", "Santos", 1))["54"] == "0.01"


@pytest.mark.parametrize(("cents", "words"), [
    (0, "maior que zero"),
    (-500, "maior que zero"),
    (1_000_000_000_000, "máximo é R\\$ 9.999.999.999,99"),
])
def test_impossible_amounts_are_refused(cents, words):
    with pytest.raises(PixError, match=words):
        build_payload(CPF, "Maria", "Santos", cents)


def test_largest_amount_fits():
    payload = build_payload(CPF, "Maria", "Santos", 999_999_999_999)
    assert _fields(payload)["54"] == "9999999999.99"
    assert parse_payload(payload).amount_cents == 999_999_999_999


@pytest.mark.parametrize("txid", ["CAD-12", "pix 12", "Parcela#1", "ç12", "A" * 26])
def test_bad_txid_is_refused(txid):
    with pytest.raises(PixError, match="identificador"):
        build_payload(CPF, "Maria", "Santos", 1000, txid=txid)


def test_make_txid_names_the_installments():
    assert make_txid([13, 12]) == "CAD12X13"
    assert make_txid([7], prefix="LOJA") == "LOJA7"
    many = list(range(1000, 1040))
    long_form = make_txid(many)
    assert long_form == make_txid(list(reversed(many)))
    assert len(long_form) <= 25 and long_form.isalnum() and long_form.startswith("CADZ")
    assert long_form != make_txid(many[:-1])
    payload = build_payload(CPF, "Maria", "Santos", 10, txid=long_form)
    assert parse_payload(payload).txid == long_form


def test_not_configured_message_points_to_the_settings():
    text = pix_not_configured_message()
    assert "Configurações" in text and "Pix" in text


# --- QR and the headless command ----------------------------------------------------------------


def test_qr_matrix_is_square_and_png_decodes_back():
    matrix = qr_matrix(BCB_EXAMPLE)
    assert len(matrix) == len(matrix[0]) and all(isinstance(v, bool) for v in matrix[0])
    assert _decode_png(qr_png_bytes(BCB_EXAMPLE)) == [BCB_EXAMPLE]


def _run(argv: list[str]) -> int:
    from app.cli import main

    return main(argv)


def test_command_prints_the_code_and_writes_a_png(tmp_path, capsys):
    png = tmp_path / "pix.png"
    code = _run(["pix", "--key", "(11) 98765-4321", "--name", "Maria Modas", "--city",
                 "São Paulo", "--amount", "1.234,56", "--txid", "CAD7", "--png", str(png)])
    out = capsys.readouterr().out.strip()
    assert code == 0
    parsed = parse_payload(out)
    assert parsed.key == "+5511987654321"
    assert (parsed.amount_cents, parsed.city) == (123_456, "Sao Paulo")
    assert _decode_png(png.read_bytes()) == [out]


def test_command_amount_12_34_becomes_1234_cents(capsys):
    assert _run(["pix", "--key", CPF, "--name", "Maria", "--city", "Santos",
                 "--amount", "12,34"]) == 0
    assert parse_payload(capsys.readouterr().out.strip()).amount_cents == 1234


@pytest.mark.parametrize(("argv", "words"), [
    (["--key", "123"], "Chave Pix inválida"),
    (["--key", CPF, "--amount", "0"], "maior que zero"),
    (["--key", CPF, "--amount", "doze"], "não é um valor"),
    (["--key", CPF, "--txid", "CAD-1"], "identificador"),
])
def test_command_errors_are_portuguese_and_return_2(argv, words, capsys):
    assert _run(["pix", "--name", "Maria", "--city", "Santos", *argv]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert words in captured.err


def test_command_reads_key_name_and_city_saved_in_the_database(tmp_path, capsys, today):
    from app.models.db import close_database, open_database
    from app.services.configuration.settings import load_settings, save_settings

    path = tmp_path / "loja.sqlite3"
    open_database(path, today=today)
    save_settings(load_settings(), pix_key=CPF, pix_name="Maria Modas", pix_city="Santos")
    close_database()
    assert _run(["pix", "--db", str(path), "--amount", "50,00", "--txid", "CAD3X4"]) == 0
    parsed = parse_payload(capsys.readouterr().out.strip())
    assert (parsed.name, parsed.city, parsed.amount_cents) == ("Maria Modas", "Santos", 5000)


def test_command_without_key_nor_database_says_what_is_missing(capsys):
    assert _run(["pix", "--amount", "10"]) == 2
    assert "--key" in capsys.readouterr().err
