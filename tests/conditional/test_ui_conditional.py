"""The malinha through the widgets: Nova condicional typed and saved, the termo sent, the acerto
ticked into one sale, the Condicionais page's filters, search and undo, the settings tab."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from app.models.receivables import Installment, Payment, Sale
from app.services import catalog, conditional
from app.services.configuration.settings import load_settings
from app.ui.conditional.conditional_dialog import ConditionalDialog
from app.ui.conditional.conditional_settings import ConditionalSettingsTab
from app.ui.conditional.conditionals_page import ConditionalsPage
from app.ui.conditional.settle_dialog import SettleDialog
from app.ui.kit import ops
from tests.typing_helpers import type_text


def _dialog(qtbot, today, customer_id=None) -> ConditionalDialog:
    dialog = ConditionalDialog(today, customer_id)
    dialog.confirm_discard = lambda: True  # closing at the end of a test never asks
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(ops.idle)  # her customers and the catalogue are read on a worker
    return dialog


def test_nova_condicional_typed_like_a_person_then_the_termo(qtbot, shelf, ana, today,
                                                             opened_links, tmp_path,
                                                             monkeypatch):
    dialog = _dialog(qtbot, today)
    type_text(qtbot, dialog.picker.search, "ana sou")
    qtbot.keyClick(dialog.picker.search, Qt.Key.Key_Return)
    assert dialog.picker.customer_id() == ana
    type_text(qtbot, dialog.pieces.search, "vestido lirio m")  # no accent typed
    assert [v.name for v in dialog.pieces.model.rows()] == ["Vestido Lírio M rosa"]
    dialog.pieces.quantity.setValue(2)
    qtbot.keyClick(dialog.pieces.search, Qt.Key.Key_Return)
    dialog.pieces.search.clear()
    type_text(qtbot, dialog.pieces.search, "blusa")
    qtbot.keyClick(dialog.pieces.search, Qt.Key.Key_Return)
    assert dialog.total_label.text() == "3 peças · se ficar com tudo: R$\xa0439,70"
    assert dialog.return_by.value() == today + timedelta(days=2)  # Configurações: 2 days
    type_text(qtbot, dialog.note, "Festa de sábado")
    qtbot.keyClick(dialog, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(ops.idle, timeout=20_000)
    assert dialog.saved_id is not None and dialog.pages.currentIndex() == 1
    assert dialog.done_label.text().startswith(
        f"Condicional nº {dialog.saved_id} registrada para Ana Souza: 3 peças (R$\xa0439,70)")
    assert catalog.variant(shelf["M"]).in_conditional == 2
    qtbot.mouseClick(dialog.findChild(type(dialog.save_button), "doneTermoCopy"),
                     Qt.MouseButton.LeftButton)
    assert "Total se ficar com tudo: R$\xa0439,70" in QGuiApplication.clipboard().text()
    qtbot.mouseClick(dialog.findChild(type(dialog.save_button), "doneTermoWhatsapp"),
                     Qt.MouseButton.LeftButton)
    assert opened_links.opened[-1].startswith("https://wa.me/5511987654321?text=")
    from app.ui.kit import files

    monkeypatch.setattr(files.QFileDialog, "getSaveFileName",
                        lambda *args: (str(tmp_path / "termo.pdf"), "PDF (*.pdf)"))
    qtbot.mouseClick(dialog.findChild(type(dialog.save_button), "doneTermoPdf"),
                     Qt.MouseButton.LeftButton)
    qtbot.waitUntil(ops.idle)
    assert (tmp_path / "termo.pdf").stat().st_size > 0
    assert dialog.saved_pdf.isVisibleTo(dialog)  # with Abrir PDF and Abrir pasta
    assert dialog.saved_pdf.message.text().endswith(f"salvo em {tmp_path / 'termo.pdf'}.")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # after saving, Esc just closes
    assert dialog.result() == ConditionalDialog.DialogCode.Accepted


def test_after_saving_she_sees_the_termo_choices_and_fechar(qtbot, shelf, ana, today):
    """The page after "Salvar" is made only then (issue 18: most openings never get there);
    what she sees there is the same."""
    from PySide6.QtWidgets import QPushButton

    dialog = _dialog(qtbot, today, ana)
    assert dialog.findChild(QPushButton, "doneTermoA4") is None  # not made yet
    type_text(qtbot, dialog.pieces.search, "blusa")
    qtbot.keyClick(dialog.pieces.search, Qt.Key.Key_Return)
    qtbot.keyClick(dialog, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(ops.idle, timeout=20_000)
    assert dialog.done_page.isVisible() and dialog.done_label.isVisible()
    assert dialog.done_label.text().startswith(
        f"Condicional nº {dialog.saved_id} registrada para Ana Souza: 1 peça (R$\xa059,90)")
    shown = {b.objectName(): b.text() for b in dialog.done_page.findChildren(QPushButton)
             if b.isVisible()}
    assert shown == {
        "doneTermoA4": "Imprimir termo (A4)…", "doneTermoRoll": "Imprimir em bobina 80 mm…",
        "doneTermoPdf": "Salvar termo em PDF…", "doneTermoWhatsapp": "Enviar termo pelo WhatsApp",
        "doneTermoCopy": "Copiar texto do termo", "closeConditionalButton": "Fechar"}
    qtbot.mouseClick(dialog.findChild(QPushButton, "closeConditionalButton"),
                     Qt.MouseButton.LeftButton)
    assert dialog.result() == ConditionalDialog.DialogCode.Accepted and not dialog.isVisible()


def test_closing_nova_condicional_lets_the_catalogue_go_at_once(qtbot, shelf, ana, today):
    """Issue 18: the catalogue it read (50,000 cells in a big one) is freed when the dialog
    closes, by reference counting, not by a full collection long after."""
    import weakref

    dialog = _dialog(qtbot, today)
    catalogue = weakref.ref(dialog.pieces.catalogue)
    assert catalogue() is not None and dialog.pieces.model.rowCount() == 5
    dialog.reject()
    assert not dialog.isVisible() and catalogue() is None  # no collection (off in the tests)


def test_refusals_show_by_the_field_and_keep_the_pieces(qtbot, shelf, ana, today):
    dialog = _dialog(qtbot, today)
    dialog.add_piece(catalog.variant(shelf["G"]), 2)  # only one G on the shelf
    assert dialog.items_error.text() == "Vestido Lírio G rosa: só há 1 em estoque."
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.customer_error.text().startswith("Escolha a cliente")
    dialog.picker.select_id(ana)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(ops.idle, timeout=20_000)
    assert dialog.items_error.text() == "Só há 1 Vestido Lírio G rosa em estoque (pediu 2)."
    assert dialog.chosen.rowCount() == 1 and dialog.saved_id is None
    assert conditional.open_conditionals(today) == []


def _settle(qtbot, k, today) -> SettleDialog:
    dialog = SettleDialog(k, today)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(ops.idle)  # the malinha is read on a worker
    return dialog


def _malinha(shelf, ana, today, back_in=-2):
    return conditional.send(ana, [(shelf["M"], 2), (shelf["blusa"], 1)],
                            today - timedelta(days=4), return_by=today + timedelta(back_in))


def test_acertar_ticks_what_came_back_and_what_she_kept_into_one_sale(qtbot, shelf, ana,
                                                                      today):
    k = _malinha(shelf, ana, today)
    dialog = _settle(qtbot, k, today)
    assert "2 dias de atraso" in dialog.findChild(type(dialog.outcome), "settleHeading").text()
    dialog.kept_spins[0].setValue(1)  # one Vestido M stays with her
    dialog.back_spins[1].setValue(1)  # the blouse came back
    assert dialog.back_spins[0].maximum() == 1  # never more than is with her
    assert dialog.outcome.text() == ("Volta 1 peça · ela fica com 1 peça (R$\xa0189,90) · 1 peça "
                                     "continua com ela (a malinha fica aberta)")
    assert dialog.total_label.text() == "Venda: R$\xa0189,90"
    assert dialog.plan_form.preview.rowCount() == 3  # the usual plan, previewed
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(ops.idle, timeout=20_000)
    assert dialog.summary == "Acerto registrado: voltou 1 peça; venda de R$\xa0189,90 na caderneta."
    assert Installment.select().count() == 3
    view = conditional.get_conditional(k, today)
    assert view.is_open and view.pieces_out == 1


def test_acertar_a_vista_when_she_keeps_everything(qtbot, shelf, ana, today):
    k = _malinha(shelf, ana, today)
    dialog = _settle(qtbot, k, today)
    qtbot.mouseClick(dialog.findChild(type(dialog.save_button), "allKeptButton"),
                     Qt.MouseButton.LeftButton)
    dialog.plan_form.cash.setChecked(True)
    assert not dialog.plan_form.plan_area.isVisible()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(ops.idle, timeout=20_000)
    assert Sale.get().total_cents == 2 * 18_990 + 5_990 and Installment.select().count() == 0
    assert Payment.get().method == "pix"
    assert conditional.get_conditional(k, today).closed_on == today


def test_acertar_on_dates_she_chooses_with_an_entrada_as_in_nova_venda(qtbot, shelf, ana,
                                                                       today):
    dialog = _settle(qtbot, _malinha(shelf, ana, today), today)
    dialog.kept_spins[0].setValue(1)  # one Vestido M (R$ 189,90) stays with her
    dialog.back_spins[0].setValue(1)
    dialog.back_spins[1].setValue(1)
    form = dialog.plan_form
    type_text(qtbot, form.down, "29,90")
    form.count.setValue(2)
    form.interval.setCurrentIndex(form.interval.findData("custom"))
    assert form.custom.isVisible() and not form.day.isVisible()
    assert not form.first_due.isEnabled()  # the dates she types say when the first is due
    type_text(qtbot, form.custom, "10/12/2026; 15/01/2027")
    preview = [(form.preview.data(form.preview.index(r, 1)),
                form.preview.data(form.preview.index(r, 2))) for r in range(2)]
    assert preview == [("10/12/2026", "R$\xa080,00"), ("15/01/2027", "R$\xa080,00")]
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(ops.idle, timeout=20_000)
    assert dialog.summary == ("Acerto registrado: voltaram 2 peças; venda de R$\xa0189,90 na "
                              "caderneta.")
    assert [(str(i.due_date), i.amount_cents) for i in Installment.select().order_by(
        Installment.number)] == [("2026-12-10", 8_000), ("2027-01-15", 8_000)]
    assert Payment.get().amount_cents == 2_990  # the entrada, paid today


def test_nothing_ticked_is_refused_with_a_sentence(qtbot, shelf, ana, today):
    dialog = _settle(qtbot, _malinha(shelf, ana, today), today)
    assert not dialog.payment_box.isEnabled()  # nothing kept: no sale to set up
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(ops.idle, timeout=20_000)
    assert dialog.items_error.text() == "Marque o que voltou ou o que ela ficou."
    assert dialog.isVisible()


def test_the_page_lists_filters_searches_and_shows_the_pieces(qtbot, shelf, ana, bia, today):
    late = _malinha(shelf, ana, today)
    conditional.send(bia, [(shelf["saia"], 1)], today, return_by=today + timedelta(days=2))
    page = ConditionalsPage(lambda: today)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=20_000)
    assert page.selected_id() == late  # the most late first
    assert page.model.row_at(0).status_text == "2 dias de atraso"
    assert page.summary.text().startswith("<b>2</b> malinhas abertas · <b>1</b> atrasada")
    assert [line.name for line in page.lines.rows()] == ["Vestido Lírio M rosa", "Blusa Ana"]
    variant = page.lines.column_named("Variação")  # pieces of one model told apart by it
    assert [page.lines.index(n, variant).data() for n in range(2)] == ["M rosa", "—"]
    page.filter.setCurrentIndex(2)  # Devolvem hoje
    qtbot.waitUntil(ops.idle, timeout=20_000)
    assert page.model.rowCount() == 0 and page.empty.isVisible()
    page.filter.setCurrentIndex(1)  # No prazo
    qtbot.waitUntil(ops.idle, timeout=20_000)
    assert [k.customer_name for k in page.model.rows()] == ["Beatriz Lima"]
    page.filter.setCurrentIndex(0)
    qtbot.waitUntil(ops.idle, timeout=20_000)
    type_text(qtbot, page.search, "beatriz")
    assert [k.customer_name for k in page.model.rows()] == ["Beatriz Lima"]


def test_settle_from_the_page_then_undo_it(qtbot, shelf, ana, today, monkeypatch):
    k = _malinha(shelf, ana, today)
    conditional.settle(k, {shelf["M"]: 1}, today)
    page = ConditionalsPage(lambda: today)
    qtbot.addWidget(page)
    page.show()
    page.filter.setCurrentIndex(4)  # Acertadas
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=20_000)
    assert not page.settle_button.isEnabled() and page.undo_button.isEnabled()
    assert "ficou com 1 peça (R$\xa0189,90)" in page.history.text()
    from PySide6.QtWidgets import QMessageBox

    monkeypatch.setattr(QMessageBox, "exec", lambda box: next(  # she clicks "Desfazer o acerto"
        b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.AcceptRole
    ).click())
    qtbot.mouseClick(page.undo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.model.rowCount() == 0 and ops.idle(), timeout=20_000)
    assert page.feedback.text() == "Acerto desfeito: as peças estão com ela de novo."
    assert Sale.select().count() == 0
    page.filter.setCurrentIndex(0)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=20_000)
    dialog = page.open_settle()
    qtbot.addWidget(dialog)
    qtbot.waitUntil(ops.idle)
    assert [line.out for line in dialog.lines] == [2, 1]


def test_the_settings_tab_saves_the_days_and_shows_an_example(qtbot, db, today):
    tab = ConditionalSettingsTab(lambda: today)
    qtbot.addWidget(tab)
    tab.show()
    assert "volta até quarta-feira, 25/11/2026" in tab.example.text()
    tab.days.setValue(3)
    tab.business.setChecked(True)
    tab.block.setChecked(True)
    assert "volta até quinta-feira, 26/11/2026" in tab.example.text()
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(ops.idle, timeout=20_000)
    settings = load_settings()
    assert (settings.conditional_return_days, settings.conditional_business_days,
            settings.conditional_block_late) == (3, 1, 1)
    assert tab.feedback.text() == "Configurações da condicional salvas."


def test_the_catalogue_is_read_on_a_worker_and_typing_searches_it_in_memory(
        qtbot, shelf, today, monkeypatch):
    import threading

    from app.models.db import database
    from app.ui.conditional import piece_search

    gate, read_on_gui = threading.Event(), []
    real = piece_search.list_grids

    def held():  # the worker waits until the test lets it go (no race with the machine)
        read_on_gui.append(threading.current_thread() is threading.main_thread())
        gate.wait(10)
        return real()

    monkeypatch.setattr(piece_search, "list_grids", held)
    dialog = ConditionalDialog(today)
    dialog.confirm_discard = lambda: True
    qtbot.addWidget(dialog)
    dialog.show()
    search = dialog.pieces.search
    type_text(qtbot, search, "blusa")
    assert dialog.pieces.model.rowCount() == 0
    assert dialog.pieces.empty.text() == "Carregando as peças do catálogo…"
    qtbot.keyClick(search, Qt.Key.Key_Return)  # nothing to add yet, and nothing breaks
    assert dialog.chosen.rowCount() == 0
    gate.set()
    qtbot.waitUntil(ops.idle)
    assert read_on_gui == [False]
    assert [v.name for v in dialog.pieces.model.rows()] == ["Blusa Ana"]  # what she typed
    assert not dialog.pieces.empty.isVisible()
    queries = []
    real_sql = database.execute_sql
    monkeypatch.setattr(database, "execute_sql", lambda *a, **k: (
        queries.append(a[0]), real_sql(*a, **k))[1])
    search.clear()
    type_text(qtbot, search, "vestido g")
    assert [v.name for v in dialog.pieces.model.rows()] == ["Vestido Lírio G rosa"]
    assert queries == []  # each keystroke searched in memory, never the database


def test_nova_condicional_opens_from_the_condicionais_page(qtbot, shelf, ana, today):
    from PySide6.QtWidgets import QPushButton

    from app.ui.shell.main_window import MainWindow

    window = MainWindow(today_fn=lambda: today)
    qtbot.addWidget(window)
    window.show()
    window.show_page("condicionais")
    qtbot.waitUntil(ops.idle)
    button = window.conditionals.findChild(QPushButton, "newConditionalButton")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    dialog = window.conditional_dialog
    qtbot.waitUntil(ops.idle)  # the catalogue is read on a worker
    assert dialog.isVisible() and dialog.windowTitle() == "Nova condicional"
    assert dialog.picker.customer_id() is None and dialog.picker.search.hasFocus()
    assert dialog.pieces.model.rowCount() == 5  # every variant of the shelf, to pick from
    qtbot.mouseClick(dialog.findChild(QPushButton, "cancelConditionalButton"),
                     Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert conditional.open_conditionals(today) == []


def test_acertar_offers_her_loyalty_discount_and_the_sale_carries_it(qtbot, shelf, ana,
                                                                     today):
    from datetime import date

    from app.services.configuration.settings import save_settings
    from app.services.receivables.payments import record_payment
    from app.services.receivables.sales import ItemInput, PlanInput, create_sale

    save_settings(load_settings(), loyalty_bronze_min=2, loyalty_silver_min=3, loyalty_gold_min=4)
    create_sale(ana, date(2026, 6, 1), [ItemInput("Bolsa", 3, 5_000)], today,
                plan=PlanInput(3, date(2026, 7, 1), "monthly"))
    for month in (7, 8, 9):  # three installments paid on their day: Prata, 3%
        record_payment(ana, 5_000, date(2026, month, 1), "pix", date(2026, month, 1))
    dialog = _settle(qtbot, _malinha(shelf, ana, today), today)
    assert not dialog.loyalty.isVisible()  # nothing kept yet: nothing to discount
    dialog.kept_spins[0].setValue(1)  # one Vestido M stays with her
    dialog.back_spins[0].setValue(1)
    dialog.back_spins[1].setValue(1)
    assert dialog.loyalty.isVisible()
    assert dialog.loyalty.button.text() == "Dar desconto de 3%"
    qtbot.mouseClick(dialog.loyalty.button, Qt.MouseButton.LeftButton)
    assert dialog.loyalty.line.text() == "Desconto fidelidade (Prata 3%): −R$\xa05,70"
    assert dialog.total_label.text() == "Venda: R$\xa0184,20"
    dialog.plan_form.cash.setChecked(True)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(ops.idle)
    assert dialog.summary == "Acerto registrado: voltaram 2 peças; venda de R$\xa0184,20 à vista."
    sale = Sale.select().order_by(Sale.id.desc()).get()
    assert (sale.total_cents, sale.discount_cents) == (18_420, 570)
    assert Payment.select().where(Payment.sale == sale.id).get().amount_cents == 18_420


def test_both_dialogs_fit_a_small_laptop_once_their_reads_arrive(qtbot, shelf, ana, today,
                                                                   qapp):
    from app.ui.kit.style import apply_style
    from tests.kit.test_ui_fitting import _fits

    apply_style(qapp)  # measured with the real look (padding counts)
    try:
        acerto = _settle(qtbot, _malinha(shelf, ana, today), today)
        assert len(acerto.kept_spins) == 2
        assert _fits(acerto) == []
        nova = _dialog(qtbot, today, ana)
        assert nova.pieces.model.rowCount() == 5
        assert _fits(nova) == []  # the piece names keep the widest column
    finally:
        qapp.setStyleSheet("")


def test_a_malinha_that_no_longer_exists_is_said_and_nothing_can_be_saved(qtbot, db, today):
    dialog = _settle(qtbot, 999, today)
    assert dialog.heading.text() == ("Não consegui abrir esta malinha: Essa condicional não "
                                     "existe.")
    assert not dialog.save_button.isEnabled() and not dialog.payment_box.isEnabled()
