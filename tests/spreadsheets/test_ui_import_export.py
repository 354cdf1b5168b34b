"""Importar/Exportar screen and the LGPD actions on the customer page, driven like a user."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook, load_workbook
from PySide6.QtWidgets import QApplication, QMessageBox

from app.models.people import Customer
from app.services.people.customers import CustomerInput, save_customer
from app.services.spreadsheets.exporter import ExportKind
from app.services.spreadsheets.import_columns import Field
from app.ui.kit import ops
from app.ui.shell.main_window import MainWindow
from app.ui.spreadsheets.import_export_page import ImportExportPage
from tests.places import DATA

IMPORTS = DATA / "import"
SHOTS = Path("/tmp/caderneta-import-shots")


def _page(qtbot, today):
    page = ImportExportPage(lambda: today)
    qtbot.addWidget(page)
    page.resize(1000, 680)
    page.show()
    return page


def _shot(widget, name):
    QApplication.processEvents()  # widgets added to a shown layout appear on the next loop
    SHOTS.mkdir(exist_ok=True)
    widget.grab().save(str(SHOTS / f"{name}.png"))


def test_choose_file_preview_then_import_and_save_rejected_rows(qtbot, db, today, tmp_path):
    page = _page(qtbot, today)
    panel = page.import_panel
    # before a file: one line saying what will appear, no empty mapping box or table
    assert panel.empty.isVisible() and "Escolha a planilha" in panel.empty.text()
    assert not panel.preview_table.isVisible() and not panel.mapping_scroll.isVisible()
    panel.load_file(IMPORTS / "mesma_planilha.xlsx")
    qtbot.waitUntil(ops.idle)
    assert panel.preview_table.isVisible() and not panel.empty.isVisible()
    assert panel.sheet_combo.currentText() == "Clientes" and panel.sheet_combo.isEnabled()
    assert panel.model.rowCount() == 4
    assert panel.model.index(3, 1).data() == "erro"
    assert "3 a criar" in panel.counts.text() and "1 com erro" in panel.counts.text()
    assert Customer.select().count() == 0  # nothing written before Importar
    _shot(page, "1-preview")
    panel.only_noteworthy.click()
    assert [panel.model.index(r, 0).data() for r in range(panel.model.rowCount())] == ["9"]
    panel.only_noteworthy.click()
    assert panel.model.rowCount() == 4
    panel.import_button.click()
    qtbot.waitUntil(ops.idle)
    assert "3 criadas" in panel.report.text()
    assert not panel.import_button.isEnabled()  # the same preview cannot be written twice
    assert Customer.select().count() == 3
    assert panel.rejected_button.isVisible()
    assert page.minimumSizeHint().width() < 1000  # long texts wrap: it fits a laptop screen
    _shot(page, "2-report")
    panel.save_rejected(tmp_path / "nao.xlsx")
    qtbot.waitUntil(ops.idle)
    ws = load_workbook(tmp_path / "nao.xlsx").active
    assert ws.cell(2, ws.max_column).value.startswith("Linha sem nome")


def test_missing_name_column_asks_for_it_and_the_choice_unlocks_import(qtbot, db, today,
                                                                        tmp_path):
    wb = Workbook()
    wb.active.append(["Pessoa", "Whats"])
    wb.active.append(["Rita Lee", "11987654321"])
    wb.save(tmp_path / "lista.xlsx")
    page = _page(qtbot, today)
    panel = page.import_panel
    panel.load_file(tmp_path / "lista.xlsx")
    qtbot.waitUntil(ops.idle)
    assert "Escolha qual coluna é o nome" in panel.message.text()
    assert not panel.import_button.isEnabled()
    _shot(page, "3-no-name-column")
    panel.mapping.set_field(0, Field.NAME)
    qtbot.waitUntil(ops.idle)
    assert panel.model.index(0, 2).data() == "Rita Lee"
    assert panel.import_button.isEnabled() and panel.message.isHidden()


def test_a_pdf_renamed_xlsx_is_explained_on_screen(qtbot, db, today, tmp_path):
    fake = tmp_path / "clientes.xlsx"
    fake.write_bytes(b"%PDF-1.4")
    page = _page(qtbot, today)
    page.import_panel.load_file(fake)
    qtbot.waitUntil(ops.idle)
    assert "é um PDF" in page.import_panel.message.text()
    assert not page.import_panel.preview_table.isVisible()  # no empty table under the message


def test_export_buttons_write_the_workbook(qtbot, db, today, tmp_path):
    save_customer(CustomerInput("Ana Souza", phone="11987654321"), today)
    page = _page(qtbot, today)
    page.tabs.setCurrentWidget(page.export_tab)
    page.export_panel.export(ExportKind.ALL, tmp_path / "tudo")
    qtbot.waitUntil(ops.idle)
    assert "tudo.xlsx" in page.export_panel.result.text()
    assert load_workbook(tmp_path / "tudo.xlsx")["Clientes"]["A2"].value == "Ana Souza"
    _shot(page, "4-export")


def test_customer_page_exports_her_data_and_anonymises_after_confirming(
        qtbot, db, today, tmp_path, monkeypatch):
    cid = save_customer(CustomerInput("Ana Souza", phone="11987654321", notes="filha"), today)
    window = MainWindow(today_fn=lambda: today)
    qtbot.addWidget(window)
    window.show()
    window.open_customer(cid)
    page = window.customer_page
    actions = page.privacy_button.menu().actions()
    assert [a.text() for a in actions] == ["Exportar dados desta cliente…", "Anonimizar…"]
    from app.ui.people import privacy_actions

    privacy_actions.export_to(page, tmp_path / "ana.xlsx")
    qtbot.waitUntil(ops.idle)
    assert load_workbook(tmp_path / "ana.xlsx")["Dados"]["B2"].value == "Ana Souza"
    _shot(window, "5-customer-page")
    asked = []

    def exec_(box):
        asked.append(box.text())
        assert box.defaultButton().text() == "Cancelar"
        next(b for b in box.buttons() if b.text() == "Anonimizar para sempre").click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    actions[1].trigger()
    qtbot.waitUntil(ops.idle)
    assert "não pode ser desfeito" in asked[0]
    assert Customer.get_by_id(cid).name == f"Cliente anonimizada nº {cid}"
    assert Customer.get_by_id(cid).phone is None
    assert page.name_label.text().startswith(f"Cliente anonimizada nº {cid}")  # refreshed


def test_a_header_only_sheet_says_there_are_no_rows_and_forgets_the_last_file(
        qtbot, db, today, tmp_path):
    wb = Workbook()
    wb.active.append(["numero"])
    wb.save(tmp_path / "vazia.xlsx")
    page = _page(qtbot, today)
    panel = page.import_panel
    panel.load_file(IMPORTS / "mesma_planilha.xlsx")
    qtbot.waitUntil(ops.idle)
    panel.load_file(tmp_path / "vazia.xlsx")
    qtbot.waitUntil(ops.idle)
    assert "não tem nenhuma linha de clientes" in panel.message.text()
    assert panel.model.rowCount() == 0 and panel.counts.text() == ""
    assert not panel.import_button.isEnabled()


def test_the_preview_is_worked_out_again_when_customers_change(qtbot, db, today):
    from app.services.core.changes import Changes, Topic
    from app.ui.kit.bus import bus

    page = _page(qtbot, today)
    panel = page.import_panel
    panel.load_file(IMPORTS / "mesma_planilha.xlsx")
    qtbot.waitUntil(ops.idle)
    assert panel.model.index(0, 1).data() == "criar"
    save_customer(CustomerInput("Ana Souza", phone="11987654321"), today)
    bus.publish(Changes.of(Topic.CUSTOMERS))  # as any operation elsewhere would
    qtbot.waitUntil(ops.idle)
    assert panel.model.index(0, 1).data() == "atualizar"
    panel.import_button.click()
    qtbot.waitUntil(ops.idle)
    assert "1 atualizada," in panel.report.text()
    assert panel.model.index(0, 1).data() == "atualizar"  # the table still shows what was done


def _database_state(customer_id):
    from app.models.receivables import Installment, Payment, Sale

    counts = tuple(m.select().count() for m in (Customer, Sale, Installment, Payment))
    c = Customer.get_by_id(customer_id)
    return counts, (c.name, c.phone, c.city, c.neighbourhood, c.notes)


def test_cancelar_in_the_progress_dialog_leaves_the_database_exactly_as_before(
        qtbot, db, today, tmp_path):
    import threading

    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QProgressDialog, QPushButton

    dora = save_customer(CustomerInput("Dora Lima", phone="11977776666", notes="fiel"), today)
    wb = Workbook()
    wb.active.append(["Nome", "Celular", "Cidade", "Saldo"])
    wb.active.append(["Dora Lima", "(11) 97777-6666", "Recife", "30,00"])  # would complete Dora
    for n in range(1_199):
        wb.active.append([f"Cliente {n}", f"1198{n:07d}", "Campinas", "10,00"])
    wb.save(tmp_path / "grande.xlsx")
    before = _database_state(dora)
    page = _page(qtbot, today)
    panel = page.import_panel
    panel.load_file(tmp_path / "grande.xlsx")
    qtbot.waitUntil(ops.idle)
    assert "1 a atualizar" in panel.counts.text()
    assert "as outras 1.100 são clientes novas sem nada a conferir" in panel.counts.text()
    assert panel.model.rowCount() == 100  # her first 100 rows; the rest are counted
    reached, release = threading.Event(), threading.Event()

    def hold_at_row_500(done, total, text):  # on the worker, inside the transaction
        if done >= 500:
            reached.set()
            release.wait(10)

    panel.progress_hook = hold_at_row_500
    try:
        panel.import_button.click()
        qtbot.waitUntil(reached.is_set)  # 500 rows written (and Dora completed), not committed

        def shown_dialog():
            dialogs = [d for d in panel.findChildren(QProgressDialog) if d.isVisible()]
            return dialogs[0] if dialogs else None

        qtbot.waitUntil(lambda: shown_dialog() is not None)  # appears after a moment
        dialog = shown_dialog()
        assert dialog.labelText() == "Importando a linha 501 de 1.200…"
        _shot(dialog, "3-progress")
        cancel = next(b for b in dialog.findChildren(QPushButton) if b.text() == "Cancelar")
        qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    finally:
        release.set()
    qtbot.waitUntil(ops.idle)
    assert panel.report.text() == "Importação cancelada: nada foi gravado."
    assert _database_state(dora) == before  # no customer, sale or change to Dora
    assert panel.import_button.isEnabled()  # she can try again
    _shot(page, "4-cancelled")


def test_the_preview_says_who_shares_a_phone_and_how_a_date_without_year_was_read(
        qtbot, db, today, tmp_path):
    wb = Workbook()
    for row in (["Nome", "WhatsApp", "Saldo", "Vencimento"],
                ["Cida Ramos", "(11) 98765-4321", "120,00", "05/03"],
                ["Júlia Ramos", "11987654321", "80,00", "05/03/2027 e 05/04/2027"]):
        wb.active.append(row)
    wb.save(tmp_path / "caderno.xlsx")
    page = _page(qtbot, today)
    panel = page.import_panel
    panel.load_file(tmp_path / "caderno.xlsx")
    qtbot.waitUntil(ops.idle)
    cells = [[panel.model.index(r, c).data() for c in range(panel.model.columnCount())]
             for r in range(panel.model.rowCount())]
    assert [row[1] for row in cells] == ["criar, com aviso", "criar, com aviso"]
    assert cells[0][5] == "05/03/2027" and "sem ano: entendido como 05/03/2027" in cells[0][6]
    assert cells[1][5] == "05/03/2027 +1"
    assert "Mesmo telefone de Cida Ramos (linha 2)" in cells[1][6]
    _shot(page, "6-shared-phone")
    panel.import_button.click()
    qtbot.waitUntil(ops.idle)
    assert "2 criadas" in panel.report.text()
    assert sorted(c.name for c in Customer.select().where(
        Customer.phone == "+5511987654321")) == ["Cida Ramos", "Júlia Ramos"]
