"""Termo de condicional: rendered to PDF (A4 and the 80 mm roll) and read back with pypdf, and
the same words as a WhatsApp text."""

from __future__ import annotations

import re
import unicodedata
from datetime import timedelta

import pytest
from pypdf import PdfReader

from app.services import conditional
from app.services.configuration.settings import load_settings, save_settings
from app.services.reports.conditional_doc import conditional_document, conditional_text
from app.services.reports.document import PageFormat


def pdf_text(document, path) -> tuple[int, str, float]:
    """(pages, text with spaces normalised, width of the first page in mm)."""
    from app.ui.kit.pdf import write_pdf

    write_pdf(document, path)
    reader = PdfReader(path)
    text = " ".join(unicodedata.normalize("NFKC", p.extract_text()) for p in reader.pages)
    return (len(reader.pages), re.sub(r"\s+", " ", text),
            float(reader.pages[0].mediabox.width) / 72 * 25.4)


@pytest.fixture
def store(db):
    return save_settings(load_settings(), store_name="Natália Modas",
                         store_document="11222333000181", store_address="Rua Sete, 40, Campinas")


@pytest.fixture
def malinha(shelf, ana, today) -> int:
    return conditional.send(ana, [(shelf["M"], 1), (shelf["blusa"], 2)], today,
                            return_by=today + timedelta(days=2), note="Leva para a festa")


def test_the_termo_on_a4_names_store_customer_pieces_total_and_date(
        malinha, store, today, tmp_path, qapp):
    pages, text, width = pdf_text(conditional_document(malinha, today, store),
                                  tmp_path / "termo.pdf")
    assert pages == 1 and round(width) == 210
    assert f"Termo de condicional no {malinha} Malinha entregue em 23/11/2026" in text  # NFKC
    assert "Natália Modas" in text and "CNPJ 11.222.333/0001-81" in text
    assert "Rua Sete, 40, Campinas" in text
    assert "Ana Souza" in text and "CPF 529.982.247-25" in text
    assert "Rua das Flores, 12, Campinas" in text
    assert "Vestido Lírio M rosa 1 R$ 189,90 R$ 189,90" in text
    assert "Blusa Ana Único 2 R$ 59,90 R$ 119,80" in text
    assert "Total se ficar com tudo (3 peças) R$ 309,70" in text
    assert "Devolução combinada até 25/11/2026 (quarta-feira)" in text
    assert "Observação: Leva para a festa" in text
    assert len(re.findall(r"_{20,}", text)) == 2 and "recebi as peças acima" in text


def test_the_termo_on_an_80mm_roll_is_narrow_and_says_the_same(
        malinha, store, today, tmp_path, qapp):
    document = conditional_document(malinha, today, store, page=PageFormat.ROLL_80MM)
    pages, text, width = pdf_text(document, tmp_path / "bobina.pdf")
    assert pages == 1 and round(width) == 80
    assert "Total se ficar com tudo: R$ 309,70" in text
    assert "Vestido Lírio M rosa 1 × R$ 189,90 = R$ 189,90" in text
    assert "CPF 529.982.247-25" in text and "25/11/2026" in text
    assert "Rua Sete, 40, Campinas" in text  # the store's address (CDC art. 42-A)
    assert "Rua das Flores, 12, Campinas" in text  # hers
    assert len(re.findall(r"_{20,}", text)) == 2  # a line for each signature
    assert re.search(r"_{20,} Ana Souza \(recebi as peças\) _{20,} Natália Modas", text)


def test_a_settled_malinha_reprints_with_what_came_back_and_what_she_kept(
        malinha, shelf, store, today, tmp_path, qapp):
    conditional.settle(malinha, {shelf["blusa"]: 1}, today + timedelta(days=1))
    _, text, _ = pdf_text(conditional_document(malinha, today, store), tmp_path / "t.pdf")
    assert "ACERTADA em 24/11/2026" in text
    assert "voltou 1, ficou 1" in text and "voltou 1" in text


def test_the_whatsapp_text_has_the_same_pieces_total_and_date(malinha, store):
    text = conditional_text(malinha, store)
    assert text.startswith(f"*Termo de condicional nº {malinha}*\nNatália Modas · CNPJ "
                           "11.222.333/0001-81 · Rua Sete, 40, Campinas")
    assert "Cliente: Ana Souza · CPF 529.982.247-25" in text
    assert "• Vestido Lírio M rosa: R$\xa0189,90" in text
    assert "• Blusa Ana: 2 × R$\xa059,90 = R$\xa0119,80" in text
    assert "Total se ficar com tudo: R$\xa0309,70" in text
    assert "Devolução combinada até 25/11/2026 (quarta-feira)." in text
    assert text.endswith("Qualquer dúvida, é só me chamar! Natália Modas")
