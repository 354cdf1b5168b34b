"""Pix BR Codes checked against the vectors other projects publish (exact payload and CRC).

Each vector names its source next to it. Where a project decides differently from us (upper
case names, cutting a long txid instead of refusing it), the vector is fed with what our rule
keeps, and the difference is said in a comment.
"""

from __future__ import annotations

import pytest

from app.services.br.pix import PixError, build_payload, crc16_ccitt, parse_payload

BUILT = [
    pytest.param(
        # Banco Central do Brasil, "Manual de Padrões para Iniciação do Pix", static BR Code
        # example (also quoted in DESIGN.md): random key, no amount, txid ***.
        dict(key="123e4567-e12b-12d1-a456-426655440000", name="Fulano de Tal",
             city="BRASILIA"),
        "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802"
        "BR5913Fulano de Tal6008BRASILIA62070503***63041D3D", id="bcb-manual-static"),
    pytest.param(
        # thalesog/pix-utils tests/creator.test.ts ("create a static pix from mandatory
        # fields") with STATIC_TEST_EMV of tests/emvCodes.ts (commit 17ebf44): the city
        # "SÃO MIGUÉL DO O" loses its accents and fits 15 characters exactly; the description
        # goes in 26/02; R$ 10,00 is written "10.00".
        dict(key="thalesog@me.com", name="Thales Ogliari", city="SÃO MIGUÉL DO O",
             amount_cents=1_000, description="Pedido 123"),
        "00020126510014br.gov.bcb.pix0115thalesog@me.com0210Pedido 123520400005303986540510.00"
        "5802BR5914Thales Ogliari6015SAO MIGUEL DO O62070503***63044367", id="pix-utils-static"),
    pytest.param(
        # starkbank/brcode-python brcode/tests/brcodeTests/testStaticBrcode.py: amount given
        # in centavos (12500 → "125.00"), the name cut to 25 characters, "São Paulo" without
        # accent. Stark cuts the 41-character txid to 25; we refuse a txid over 25 (the app
        # makes its own, always ≤ 25), so the vector is fed the 25 characters Stark keeps.
        dict(key="arya@stark.com", name="Arya Stark with a very long name", city="São Paulo",
             amount_cents=12_500, txid="verylongreconciliationidt"),
        "00020126360014br.gov.bcb.pix0114arya@stark.com5204000053039865406125.005802BR5925Arya "
        "Stark with a very lo6009Sao Paulo62290525verylongreconciliationidt630466F4",
        id="starkbank-static"),
]


@pytest.mark.parametrize(("given", "published"), BUILT)
def test_our_payload_is_the_published_one(given, published):
    assert build_payload(**given) == published
    back = parse_payload(published)
    assert back.amount_cents == given.get("amount_cents")
    assert back.txid == given.get("txid")


READ = [
    pytest.param(
        # joseviniciusnunes/qrcode-pix __tests__/QrCode.test.ts "03 - Basic - Value": field
        # 01 = 11 (reusable), upper-case GUI, no field 62.
        "00020101021126380014BR.GOV.BCB.PIX0116test@mail.com.br5204000053039865406100.995802BR"
        "5913Fulano de Tal6009SAO PAULO6304442D",
        ("test@mail.com.br", "Fulano de Tal", "SAO PAULO", 10_099, None), id="qrcode-pix-value"),
    pytest.param(
        # joseviniciusnunes/qrcode-pix __tests__/QrCode.test.ts "05 - Basic - cep": field 61.
        "00020101021126380014BR.GOV.BCB.PIX0116test@mail.com.br5204000053039865802BR5913Fulano"
        " de Tal6009SAO PAULO61088500010063047B55",
        ("test@mail.com.br", "Fulano de Tal", "SAO PAULO", None, None), id="qrcode-pix-cep"),
    pytest.param(
        # joseviniciusnunes/qrcode-pix __tests__/QrCode.test.ts "08 - notRepeatPayment":
        # field 01 = 12 (one payment only).
        "00020101021226380014BR.GOV.BCB.PIX0116test@mail.com.br5204000053039865802BR5913Fulano"
        " de Tal6009SAO PAULO6304DC67",
        ("test@mail.com.br", "Fulano de Tal", "SAO PAULO", None, None), id="qrcode-pix-once"),
    pytest.param(
        # thalesog/go-pix-utils crc_test.go TestCalculateCRC: amount "10" without decimals.
        "00020126370014br.gov.bcb.pix0115thalesog@me.com5204000053039865402105802BR5914THALES "
        "OGLIARI6015SAO MIGUEL DO O62070503***63044C2E",
        ("thalesog@me.com", "THALES OGLIARI", "SAO MIGUEL DO O", 1_000, None),
        id="go-pix-utils-amount-10"),
    pytest.param(
        # thalesog/go-pix-utils crc_test.go TestValidateCorrectCRC (upper-case name).
        "00020126510014br.gov.bcb.pix0115thalesog@me.com0210Pedido 123520400005303986540510.00"
        "5802BR5914THALES OGLIARI6015SAO MIGUEL DO O62070503***63040DC6",
        ("thalesog@me.com", "THALES OGLIARI", "SAO MIGUEL DO O", 1_000, None),
        id="go-pix-utils-static"),
    pytest.param(
        # thalesog/pix-utils (lib-rewrite) crc test: a two-letter city.
        "00020126510014br.gov.bcb.pix0115thalesog@me.com0210Pedido 123520400005303986540510.00"
        "5802BR5914Thales Ogliari6002SC62070503***6304E5AB",
        ("thalesog@me.com", "Thales Ogliari", "SC", 1_000, None), id="pix-utils-city-sc"),
]


@pytest.mark.parametrize(("code", "fields"), READ)
def test_published_codes_are_read_back(code, fields):
    got = parse_payload(code)
    assert (got.key, got.name, got.city, got.amount_cents, got.txid) == fields
    assert f"{crc16_ccitt(code[:-4].encode('ascii')):04X}" == code[-4:]


def test_published_wrong_crc_and_dynamic_codes_are_refused():
    # thalesog/go-pix-utils crc_test.go TestValidateWrongCRC: the last digit changed.
    with pytest.raises(PixError, match="CRC"):
        parse_payload("00020126510014br.gov.bcb.pix0115thalesog@me.com0210Pedido 1235204000053"
                      "03986540510.005802BR5914THALES OGLIARI6015SAO MIGUEL DO O62070503***6304"
                      "0DCX")
    # thalesog/pix-utils tests/emvCodes.ts DYNAMIC_TEST_EMV (CRC 0C64 per tests/crc.test.ts):
    # a dynamic code (a URL, no key) is valid EMV but not something we can pay to.
    dynamic = ("00020126740014br.gov.bcb.pix2552payload.psp.com/3ec9d2f9-5f03-4e0e-820d-63a81e"
               "769e875204000053039865802BR5914Thales Ogliari6015SAO MIGUEL DO O62070503***6304"
               "0C64")
    assert f"{crc16_ccitt(dynamic[:-4].encode('ascii')):04X}" == "0C64"
    with pytest.raises(PixError, match="dinâmico"):
        parse_payload(dynamic)


def test_crc16_ccitt_false_catalogue_check_value():
    # Greg Cook's CRC catalogue (reveng), CRC-16/IBM-3740 a.k.a. CCITT-FALSE: check=0x29B1.
    assert crc16_ccitt(b"123456789") == 0x29B1
