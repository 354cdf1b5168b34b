"""Each service says what it writes (``@writes``), once, where it writes: whoever collects on
the same thread hears it when the call returns, never when it fails."""

from __future__ import annotations

import threading

import pytest

from app.services.core.changes import Changes, Topic, collecting, writes
from app.services.core.errors import ValidationError


def test_a_call_that_returns_notes_its_topics():
    @writes(Topic.PAYMENTS, Topic.CUSTOMERS)
    def pay():
        return 42

    with collecting() as made:
        assert pay() == 42
    assert made.changes == Changes.of(Topic.PAYMENTS, Topic.CUSTOMERS)
    assert pay.changes == made.changes  # readable without calling


def test_a_call_that_fails_notes_nothing():
    @writes(Topic.SALES)
    def refuse():
        raise ValidationError({"total": "Informe o valor."})

    with collecting() as made, pytest.raises(ValidationError):
        refuse()
    assert not made.changes


def test_nothing_is_noted_outside_a_collector_nor_on_another_thread():
    @writes(Topic.CONTACTS)
    def log():
        return None

    log()  # a command or a test: no collector, nothing kept anywhere
    with collecting() as made:
        thread = threading.Thread(target=log)
        thread.start()
        thread.join()
    assert not made.changes  # the worker's own collector would have heard it


def test_nested_collectors_each_hear_what_was_made_inside_them():
    @writes(Topic.SETTINGS)
    def save():
        return None

    @writes(Topic.BACKUPS)
    def backup():
        return None

    with collecting() as outer:
        backup()
        with collecting() as inner:
            save()
    assert inner.changes == Changes.of(Topic.SETTINGS)
    assert outer.changes == Changes.of(Topic.SETTINGS, Topic.BACKUPS)


def test_the_services_the_screens_call_declare_what_they_write():
    from app.services.collection import cadence, contacts, worklist
    from app.services.conditional import conditional, conditional_undo, malinha_cadence
    from app.services.configuration import first_run, settings
    from app.services.negotiation import agreements
    from app.services.people import birthdays, customers, privacy
    from app.services.pieces import catalog, returns, stock
    from app.services.receivables import payments, sales
    from app.services.spreadsheets import import_pieces, importer
    from app.services.storage import backup, restore

    t = Topic
    expected = {
        sales.create_sale: {t.SALES, t.CUSTOMERS, t.PAYMENTS},
        payments.record_payment: {t.PAYMENTS, t.CUSTOMERS},
        payments.reverse_payment: {t.PAYMENTS, t.CUSTOMERS},
        customers.save_customer: {t.CUSTOMERS},
        customers.set_blocked: {t.CUSTOMERS},
        customers.set_archived: {t.CUSTOMERS},
        customers.remove_customer: {t.CUSTOMERS},
        contacts.log_contact: {t.CONTACTS},
        contacts.undo_contact: {t.CONTACTS},
        worklist.log_entry_action: {t.CONTACTS},
        worklist.skip_entry: {t.CONTACTS},
        worklist.promise_entry: {t.CONTACTS},
        birthdays.log_birthday: {t.CONTACTS},
        settings.save_settings: {t.SETTINGS},
        first_run.save_welcome: {t.SETTINGS},
        first_run.skip_welcome: {t.SETTINGS},
        first_run.confirm_store_name: {t.SETTINGS},
        cadence.save_stages: {t.SETTINGS},
        cadence.reset_stages: {t.SETTINGS},
        agreements.close_agreement: {t.AGREEMENTS, t.PAYMENTS, t.CUSTOMERS, t.CONTACTS},
        agreements.undo_agreement: {t.AGREEMENTS, t.PAYMENTS, t.CUSTOMERS, t.CONTACTS},
        privacy.anonymize_customer: {t.CUSTOMERS, t.SALES, t.PAYMENTS, t.CONTACTS,
                                     t.AGREEMENTS, t.PIECES, t.CONDITIONALS},
        importer.run_import: {t.CUSTOMERS, t.SALES, t.PAYMENTS},
        import_pieces.run_piece_import: {t.PIECES},
        catalog.save_piece: {t.PIECES},
        catalog.archive_piece: {t.PIECES},
        catalog.restore_piece: {t.PIECES},
        stock.record_entry: {t.PIECES},
        stock.adjust_stock: {t.PIECES},
        stock.adjust_counts: {t.PIECES},
        stock.discard_defective: {t.PIECES},
        returns.return_items: {t.SALES, t.PAYMENTS, t.PIECES, t.CUSTOMERS},
        returns.exchange: {t.SALES, t.PAYMENTS, t.PIECES, t.CUSTOMERS},
        returns.cancel_sale: {t.SALES, t.PAYMENTS, t.PIECES, t.CUSTOMERS},
        conditional.send: {t.CONDITIONALS, t.PIECES},
        conditional.return_pieces: {t.CONDITIONALS, t.PIECES},
        conditional.settle: {t.CONDITIONALS, t.PIECES, t.SALES, t.PAYMENTS, t.CUSTOMERS},
        conditional_undo.undo_settle: {t.CONDITIONALS, t.PIECES, t.SALES, t.PAYMENTS,
                                       t.CUSTOMERS},
        malinha_cadence.save_malinha_stages: {t.SETTINGS},
        malinha_cadence.reset_malinha_stages: {t.SETTINGS},
        backup.make_backup: {t.BACKUPS},
        backup.daily_backup: {t.BACKUPS},
        restore.restore_backup: set(Topic),
    }
    wrong = {fn.__name__: fn.changes.topics for fn, topics in expected.items()
             if fn.changes.topics != frozenset(topics)}
    assert wrong == {}


def test_a_real_payment_is_heard_with_its_topics(db, today):
    from app.services.people.customers import CustomerInput, save_customer
    from app.services.receivables.payments import record_payment
    from app.services.receivables.sales import ItemInput, PlanInput, create_sale

    cid = save_customer(CustomerInput("Ana Souza"), today)
    create_sale(cid, today, [ItemInput("Vestido", 1, 10_000)], today, PlanInput(1, today))
    with collecting() as made:
        record_payment(cid, 5_000, today, "pix", today)
    assert made.changes == Changes.of(Topic.PAYMENTS, Topic.CUSTOMERS)
