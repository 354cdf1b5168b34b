"""Headless ``acordos``: the list of agreements and the proposals, in Portuguese."""

from __future__ import annotations

from datetime import date

import pytest

from app.cli import main
from app.models.db import close_database, open_database
from app.services.negotiation.agreements import close_agreement, propose_options
from app.services.people.customers import CustomerInput, save_customer
from app.services.receivables.sales import ItemInput, PlanInput, create_sale

TODAY = date(2026, 11, 23)


@pytest.fixture
def notebook(tmp_path):
    path = tmp_path / "loja.sqlite3"
    open_database(path, today=TODAY)
    ana = save_customer(CustomerInput("Ana Souza"), TODAY)
    bia = save_customer(CustomerInput("Bia Lima"), TODAY)
    for cid in (ana, bia):
        create_sale(cid, date(2026, 9, 1), [ItemInput("Saia", 2, 6_000)], TODAY,
                    plan=PlanInput(2, date(2026, 10, 1), "monthly"))
    close_agreement(ana, propose_options(ana, TODAY)[1], TODAY)
    close_database()
    return path, bia


def test_lists_agreements_with_progress(notebook, capsys):
    path, _ = notebook
    assert main(["acordos", "--db", str(path), "--today", "2026-11-23"]) == 0
    out = capsys.readouterr().out.strip()
    assert out == ("nº 1 · Ana Souza · fechado em 23/11/2026 · R$\xa0120,00 · 0/2 pagas · "
                   "próximo 30/11/2026 R$\xa060,00 · Em dia")
    assert main(["acordos", "--db", str(path), "--today", "2026-12-02",
                 "--situacao", "quebrado"]) == 0
    assert capsys.readouterr().out.strip().endswith("· Quebrado")


def test_shows_the_proposals_for_a_customer(notebook, capsys):
    path, bia = notebook
    assert main(["acordos", "--db", str(path), "--today", "2026-11-23",
                 "--propor", str(bia)]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    # fees off: the cash proposal's default 5% off the principal is its only discount
    assert lines[0] == ("À vista com desconto: total R$\xa0114,00, desconto R$\xa06,00 — "
                        "Pagamento à vista R$\xa0114,00 em 23/11/2026")
    assert lines[1].startswith("2x: total R$\xa0120,00")


def test_a_customer_with_nothing_late_is_one_portuguese_line(notebook, capsys):
    path, _ = notebook
    assert main(["acordos", "--db", str(path), "--today", "2026-11-23",
                 "--propor", "99"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("Cliente 99:") and "Traceback" not in err
