"""Issue 19: an agreement's installments belong to the agreement everywhere she reads them —
their own block in the extrato (printed and on her page), their own column in the export,
and named by the agreement in her payments — never "1/3" inside the oldest purchase."""

from __future__ import annotations

from datetime import date

import pytest
from openpyxl import load_workbook

from app.services.configuration.settings import load_settings
from app.services.negotiation.agreement_plans import agreement_basis, build_option
from app.services.negotiation.agreements import close_agreement
from app.services.people.customers import CustomerInput, save_customer
from app.services.receivables.payments import list_payments
from app.services.receivables.sales import ItemInput, PlanInput, create_sale
from app.services.receivables.statement import customer_detail, statement_html
from app.services.reports.statement_doc import statement_document
from app.services.spreadsheets.exporter import ExportKind, export_xlsx
from tests.reports.test_reports import pdf_pages

TODAY = date(2026, 11, 23)


@pytest.fixture
def joana(db) -> tuple[int, int]:
    """Joana's dress of 22/06/2025 (3 × R$ 100,00, all late) went into agreement nº 1 with
    R$ 60,00 of entrada paid at closing and 2 × R$ 120,00; a bag of 10/11/2026 is apart."""
    cid = save_customer(CustomerInput("Joana Prado", phone="(11) 96666-3333"), TODAY)
    dues = (date(2025, 7, 22), date(2025, 8, 22), date(2025, 9, 22))
    dress = create_sale(cid, date(2025, 6, 22), [ItemInput("Vestido", 1, 30_000)], TODAY,
                        plan=PlanInput(3, dues[0], "custom", custom_dates=dues))
    create_sale(cid, date(2026, 11, 10), [ItemInput("Bolsa", 1, 9_000)], TODAY,
                plan=PlanInput(1, date(2026, 12, 10), "monthly"))
    basis = agreement_basis(cid, TODAY, load_settings(), list(dress.installment_ids))
    option = build_option(basis, load_settings(), down_payment_cents=6_000, count=2,
                          first_due=date(2026, 12, 23), interval="monthly", discount_cents=0)
    agreement_id = close_agreement(cid, option, TODAY, list(dress.installment_ids),
                                   entrada_method="pix")
    return cid, agreement_id


def test_the_printed_extrato_has_the_agreement_in_its_own_block(qtbot, joana, tmp_path):
    cid, agreement_id = joana
    document = statement_document(cid, TODAY, load_settings())
    text = " ".join(pdf_pages(document, tmp_path))  # read back NFKC: "nº" reads "no"
    number = f"Acordo no {agreement_id}"
    dress = text[text.index("Compra de 22/06/2025"):text.index("Compra de 10/11/2026")]
    assert dress.count(f"renegociada no acordo no {agreement_id}") == 3
    assert "1/3 22/07/2025" in dress and "R$ 120,00" not in dress  # no agreement row inside
    assert text.index("Compra de 10/11/2026") < text.index(number)  # blocks go by date
    block = text[text.index(f"{number}, fechado em 23/11/2026 · R$ 300,00"):
                 text.index("Pagamentos")]
    assert "1/3 23/11/2026 R$ 60,00 R$ 60,00 R$ 0,00 paga" in block
    assert "2/3 23/12/2026 R$ 120,00 R$ 0,00 R$ 120,00 a vencer" in block
    assert "3/3 25/01/2027 R$ 120,00" in block  # 23/01/2027 is a Saturday
    assert f"Pix parcela 1/3 do acordo no {agreement_id}" in text  # the entrada's payment


def test_her_page_extrato_and_her_payments_name_the_agreement(joana):
    cid, agreement_id = joana
    detail = customer_detail(cid, TODAY)
    (agreement,) = detail.agreements
    assert (agreement.id, agreement.total_cents) == (agreement_id, 30_000)
    assert [i.amount_cents for i in agreement.installments] == [6_000, 12_000, 12_000]
    assert all(not s.own_installments or not any(i.agreement_id for i in s.own_installments)
               for s in detail.sales)
    html = statement_html(detail, "Loja", TODAY)
    assert html.index("Compra:</b> Vestido") < html.index(f"<b>Acordo nº {agreement_id}</b>")
    assert "renegociada no acordo nº 1" in html
    (payment,) = list_payments(cid)
    assert payment.paid_names == (f"Acordo nº {agreement_id} 1/3",)  # not "Vestido 1/3"


def test_the_export_lists_them_in_their_own_column_not_under_the_sale(joana, tmp_path):
    cid, agreement_id = joana
    export_xlsx(ExportKind.INSTALLMENTS, tmp_path / "parcelas.xlsx", TODAY)
    sheet = load_workbook(tmp_path / "parcelas.xlsx").active
    header, *rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert header[:4] == ["Cliente", "Venda nº", "Acordo nº", "Parcela"]
    own = [r for r in rows if r[2] == agreement_id]
    assert [(r[1], r[3], r[5]) for r in own] == [(None, "1/3", 60), (None, "2/3", 120),
                                                  (None, "3/3", 120)]
    replaced = [r for r in rows if r[2] is None and r[1] == 1]
    assert [r[8] for r in replaced] == [f"renegociada no acordo nº {agreement_id}"] * 3
