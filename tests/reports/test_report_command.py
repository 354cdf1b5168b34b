"""Headless ``report`` command: documents to PDF without a window; bad input explained."""

from __future__ import annotations

import re
import unicodedata

import pytest
from pypdf import PdfReader

from app.cli import main
from app.models.db import close_database, open_database
from tests.report_data import make_shop


@pytest.fixture
def shop_file(tmp_path, today, qapp):
    path = tmp_path / "loja.sqlite3"
    open_database(path, today=today)
    shop = make_shop(today)
    close_database()
    return path, shop


def _text(path) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize(
        "NFKC", " ".join(p.extract_text() for p in PdfReader(path).pages)))


def _run(*args) -> int:
    return main(["report", *map(str, args), "--today", "2026-11-23"])


def test_overdue_summary_by_neighbourhood(shop_file, tmp_path, capsys):
    db, _ = shop_file
    pdf = tmp_path / "atrasos.pdf"
    assert _run("atrasos", "--pdf", pdf, "--ordem", "bairro", "--db", db) == 0
    assert capsys.readouterr().out.strip() == f"Resumo de atrasos: 1 página em {pdf}"
    text = _text(pdf)
    assert "Por bairro" in text and "Total geral: 2 clientes, 3 parcelas em atraso" in text


def test_statement_receipt_and_carne(shop_file, tmp_path):
    db, shop = shop_file
    for args, expected in (
            (("extrato", "--customer", shop.joana), "Pague com Pix: R$ 102,43"),
            (("extrato", "--customer", shop.joana, "--sem-pix"), "Saldo em aberto R$ 100,00"),
            (("recibo", "--payment", shop.payment, "--bobina"),
             "cento e dois reais e vinte e três centavos"),
            (("carne", "--sale", shop.bia_sale), "Parcela 2/2 Vencimento: 14/11/2026")):
        pdf = tmp_path / "doc.pdf"
        assert _run(*args, "--pdf", pdf, "--db", db) == 0
        assert expected in _text(pdf)


@pytest.mark.parametrize("args, message", [
    (("extrato",), "Para o documento “extrato” informe --customer ID."),
    (("recibo", "--payment", "999"), "Pagamento não encontrado. Confira o número informado."),
    (("carne", "--sale", "999"), "Venda não encontrada. Confira o número informado."),
])
def test_missing_or_unknown_record_is_one_line_and_exit_2(shop_file, tmp_path, capsys, args,
                                                          message):
    db, _ = shop_file
    assert _run(*args, "--pdf", tmp_path / "x.pdf", "--db", db) == 2
    assert capsys.readouterr().err.strip() == message
    assert not (tmp_path / "x.pdf").exists()


def test_unwritable_target_and_missing_database(shop_file, tmp_path, capsys):
    db, _ = shop_file
    assert _run("atrasos", "--pdf", tmp_path / "no" / "x.pdf", "--db", db) == 2
    assert "informe um arquivo numa pasta que existe" in capsys.readouterr().err
    assert _run("atrasos", "--pdf", tmp_path / "x.pdf", "--db", tmp_path / "nada.sqlite3") == 2
    assert "não encontrado" in capsys.readouterr().err


def test_one_aging_bucket_only(shop_file, tmp_path):
    db, _ = shop_file
    pdf = tmp_path / "faixa.pdf"
    assert _run("atrasos", "--faixa", "31-60", "--pdf", pdf, "--db", db) == 0
    text = _text(pdf)
    assert "Beatriz Lima" in text and "Joana D'Arc" not in text
    assert "faixa 31–60 dias" in text
    # one rule with the screen's card: Bia is 40 days late, so both her installments (the
    # 7-day one too) are in 31–60, and the band's customers and money are what it lists
    assert "Total geral: 1 cliente, 2 parcelas em atraso R$ 154,70" in text
    assert "31–60 1 R$ 154,70" in text.replace(" dias", "")


def test_a_pdf_that_cannot_be_written_is_explained(shop_file, tmp_path, capsys):
    db, _ = shop_file
    not_a_folder = tmp_path / "notas.txt"
    not_a_folder.write_text("x")
    target = not_a_folder / "atrasos.pdf"  # Qt cannot open it: its "folder" is a file
    assert _run("atrasos", "--pdf", target, "--db", db) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"Não foi possível gravar {target}")
    assert "Traceback" not in err and len(err.splitlines()) == 1


def test_termo_de_acordo(tmp_path, today, qapp, capsys):
    from tests.report_data import close_bia_agreement

    path = tmp_path / "loja.sqlite3"
    open_database(path, today=today)
    agreement_id, _ = close_bia_agreement(make_shop(today), today)
    close_database()
    pdf = tmp_path / "acordo.pdf"
    assert _run("acordo", "--agreement", agreement_id, "--pdf", pdf, "--db", path) == 0
    assert "Total combinado" in _text(pdf)
    assert _run("acordo", "--pdf", pdf, "--db", path) == 2
    assert "informe --agreement ID" in capsys.readouterr().err
