"""Files appear whole from the window too: Salvar PDF and Exportar on a full disk, and the
spill files of exports (names, CPFs) kept out of the system temp folder and swept at start-up.
"""

from __future__ import annotations

import errno
import gc
import signal
import subprocess
import sys
import tempfile
import zipfile

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from app.clock import FixedClock
from app.models.db import close_database, database_path, open_database
from app.services.core.progress import Cancelled
from app.services.people.customers import CustomerInput, save_customer
from app.services.spreadsheets import xlsx_writer
from app.services.spreadsheets.exporter import ExportKind, export_xlsx
from app.services.storage import whole_files
from app.services.storage.scratch import ScratchSession, remove_leftovers, scratch_dir
from app.ui.kit import ops
from app.ui.shell import app as start
from app.ui.shell.main_window import MainWindow
from app.ui.spreadsheets.import_export_page import ImportExportPage
from tests.places import ROOT
from tests.report_data import make_shop


@pytest.fixture
def warnings_shown(monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: shown.append(
        (title, text)))
    return shown


@pytest.fixture
def unraisable(monkeypatch):
    """What Python would print as "Exception ignored in …" (a stream closed by the garbage
    collector after a failure)."""
    found = []
    monkeypatch.setattr(sys, "unraisablehook", lambda info: found.append(info))
    yield found
    gc.collect()


def test_salvar_pdf_on_a_full_disk_says_so_and_keeps_the_old_pdf(qtbot, db, today, tmp_path,
                                                                 monkeypatch, warnings_shown):
    """The PDF's bytes go through ``whole_files``' one write seam, made to raise ``ENOSPC``."""
    make_shop(today)
    window = MainWindow(today_fn=lambda: today)
    qtbot.addWidget(window)
    window.show_page("relatorios")
    qtbot.waitUntil(ops.idle)
    target = tmp_path / "atrasos.pdf"
    target.write_bytes(b"%PDF-1.4 o resumo bom de ontem")

    def disk_full(fd, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(whole_files, "_os_write", disk_full)
    window.reports.save_pdf(target)
    qtbot.waitUntil(lambda: bool(warnings_shown))
    title, text = warnings_shown[0]
    assert title == "O PDF não foi salvo" and text.startswith("O disco está cheio")
    assert "continua como estava" in text
    assert target.read_bytes() == b"%PDF-1.4 o resumo bom de ontem"
    assert sorted(tmp_path.glob("atrasos*")) == [target]  # no partial beside it
    assert not window.reports.feedback.text().startswith("Resumo de atrasos salvo")


class _FillsUp:
    """The zip's file object on a disk with ``room`` bytes left: the write past it raises
    ``ENOSPC`` (the lowest level the zip writes through that a test can reach)."""

    def __init__(self, real, room: int):
        self._real, self._room = real, room

    def write(self, data):
        if self._real.tell() + len(data) > self._room:
            raise OSError(errno.ENOSPC, "No space left on device")
        return self._real.write(data)

    def __getattr__(self, name):
        return getattr(self._real, name)


def test_exportar_on_a_full_disk_says_one_sentence_and_leaves_nothing(
        qtbot, db, today, tmp_path, monkeypatch, unraisable):
    for n in range(30):
        save_customer(CustomerInput(f"Cliente {n}", cpf=None, notes="n" * 80), today)

    class FullDiskZip(zipfile.ZipFile):
        def __init__(self, file, *args, **kwargs):
            super().__init__(file, *args, **kwargs)
            self.fp = _FillsUp(self.fp, room=1_500)

    monkeypatch.setattr(xlsx_writer.zipfile, "ZipFile", FullDiskZip)
    page = ImportExportPage(lambda: today)
    qtbot.addWidget(page)
    target = tmp_path / "tudo.xlsx"
    target.write_bytes(b"a planilha de ontem")
    page.export_panel.export(ExportKind.ALL, target)
    qtbot.waitUntil(ops.idle)
    assert page.export_panel.result.text().startswith(f"O disco está cheio, então {target}")
    assert target.read_bytes() == b"a planilha de ontem"
    assert not (tmp_path / "tudo.xlsx.partial").exists()
    assert list(scratch_dir().iterdir()) == []
    gc.collect()
    assert unraisable == []


def test_export_spills_into_the_apps_folder_never_the_system_temp(db, today, tmp_path,
                                                                  monkeypatch):
    system_tmp = tmp_path / "sistema"
    system_tmp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(system_tmp))
    for n in range(3):
        save_customer(CustomerInput(f"Cliente {n}", cpf="529.982.247-25" if n == 0 else None),
                      today)
    seen = {}

    def look(done, total, text):
        seen.setdefault("spill", sorted(p.name for p in scratch_dir().rglob("*.xml")))
        seen.setdefault("system", list(system_tmp.iterdir()))

    export_xlsx(ExportKind.CUSTOMERS, tmp_path / "clientes.xlsx", today, look)
    assert seen["spill"] and seen["system"] == []  # while writing: in temporarios only
    assert scratch_dir() == database_path().parent / "temporarios"
    assert list(scratch_dir().iterdir()) == [] and list(system_tmp.iterdir()) == []


def test_a_cancelled_export_removes_its_spill_at_once(db, today, tmp_path):
    save_customer(CustomerInput("Ana Souza"), today)

    def cancel(done, total, text):
        raise Cancelled()

    with pytest.raises(Cancelled):
        export_xlsx(ExportKind.ALL, tmp_path / "tudo.xlsx", today, cancel)
    assert list(scratch_dir().iterdir()) == [] and list(tmp_path.glob("tudo*")) == []


KILLED_EXPORT = """
import sys, time
from datetime import date
from app.models.db import open_database
from app.services.spreadsheets.exporter import export_xlsx
open_database(sys.argv[1], today=date(2026, 11, 23))
def stop(done, total, text):
    print("spilling", flush=True)
    time.sleep(60)
export_xlsx("clientes", sys.argv[2], date(2026, 11, 23), stop)
"""


def test_start_up_sweeps_what_a_killed_export_left_and_spares_a_live_one(
        qtbot, tmp_path, today, monkeypatch):
    path = tmp_path / "caderneta.sqlite3"
    open_database(path, today=today)
    save_customer(CustomerInput("Ana Souza", cpf="529.982.247-25"), today)
    close_database()
    child = subprocess.Popen([sys.executable, "-c", KILLED_EXPORT, str(path),
                              str(tmp_path / "c.xlsx")], cwd=ROOT, stdout=subprocess.PIPE,
                             text=True)
    assert child.stdout.readline().strip() == "spilling"
    child.send_signal(signal.SIGKILL)  # kill -9 in the middle of the export
    child.wait()
    child.stdout.close()
    left = list(scratch_dir(path).iterdir())
    assert any(p.is_dir() for p in left)  # its session, with the sheet in it
    alive = ScratchSession(path)  # another export still running (this process)
    try:
        monkeypatch.setattr(QApplication, "exec", lambda self: 0)
        monkeypatch.setattr(MainWindow, "show", lambda self: None)
        assert start.run_gui(path, FixedClock(today)) == 0
        qtbot.waitUntil(ops.idle)
        remaining = sorted(p.name for p in scratch_dir(path).iterdir())
        assert remaining == sorted([alive.folder.name, alive.folder.name + ".lock"])
    finally:
        alive.close()
        ops.wait_for_workers()
        for widget in QApplication.topLevelWidgets():
            widget.close()
        close_database()
    assert remove_leftovers(path) == 0 and list(scratch_dir(path).iterdir()) == []


def test_on_windows_an_export_ends_well_while_a_window_looks_at_its_scratch_lock(
        tmp_path, monkeypatch):
    """A window starting while an export finishes opens that export's lock file to see
    whether it is alive; on Windows the file cannot be deleted meanwhile. The export (its
    sheet already written) must not fail for that: the lock stays, and the next start-up
    sweeps it."""
    import os

    from tests.windows_files import play_windows_file_sharing

    path = tmp_path / "caderneta.sqlite3"
    session = ScratchSession(path)
    session.new_file(".xml").write_text("<sheet/>", encoding="utf-8")
    refused = play_windows_file_sharing(monkeypatch)
    probe = os.open(session._lock.path, os.O_RDWR)  # the other window, looking
    try:
        session.close()
    finally:
        os.close(probe)
    assert refused == [str(session._lock.path)] and not session.folder.exists()
    assert remove_leftovers(path) == 0 and list(scratch_dir(path).iterdir()) == []


def test_a_pdf_that_lost_bytes_anywhere_is_refused(qapp, db, today, tmp_path):
    from app.services.configuration.settings import load_settings
    from app.services.reports import ReportKind, ReportRequest, build_document
    from app.ui.kit.pdf import check_pdf, write_pdf

    make_shop(today)
    document = build_document(ReportRequest(ReportKind.OVERDUE), today, load_settings())
    whole = tmp_path / "inteiro.pdf"
    assert write_pdf(document, whole) == 1
    check_pdf(whole)  # the file as written passes
    data = whole.read_bytes()
    for name, broken in (("cortado.pdf", data[: len(data) // 2]),  # the end never written
                         ("furado.pdf", data[:1000] + data[1100:])):  # a write lost inside
        (tmp_path / name).write_bytes(broken)
        with pytest.raises(OSError, match="incompleto"):
            check_pdf(tmp_path / name)
