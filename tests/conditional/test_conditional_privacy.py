"""LGPD and the malinha: her export lists every piece of her malinhas; she is not anonymised
while pieces of the store are with her."""

from __future__ import annotations

from datetime import datetime

from openpyxl import load_workbook

from app.services import conditional
from app.services.people.privacy import anonymize_customer, can_anonymize, export_customer_data


def test_her_export_has_a_sheet_of_malinhas(shelf, ana, today, tmp_path):
    k = conditional.send(ana, [(shelf["M"], 2)], today, note="Festa")
    conditional.settle(k, {shelf["M"]: 1}, today)
    result = export_customer_data(ana, tmp_path / "ana.xlsx", datetime(2026, 11, 23, 10))
    assert ("Condicionais", 1) in result.sheets
    sheet = load_workbook(tmp_path / "ana.xlsx")["Condicionais"]
    header, row = [[c.value for c in r] for r in sheet.iter_rows(max_row=2)]
    assert header[:5] == ["Malinha nº", "Saiu em", "Devolver até", "Acertada em", "Peça"]
    assert row[0] == k and row[4:8] == ["Vestido Lírio M rosa", 2, 1, 1]
    assert row[-1] == "Festa"


def test_no_anonymising_while_she_has_pieces_of_the_store(shelf, ana, today):
    k = conditional.send(ana, [(shelf["blusa"], 1)], today)
    assert can_anonymize(ana).code == "has_malinha"
    conditional.settle(k, {}, today)
    assert can_anonymize(ana) is None
    anonymize_customer(ana, datetime(2026, 11, 23, 10))
