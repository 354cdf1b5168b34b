"""``Caderneta --self-test``: prove, step by step, that this program works with nothing but itself.

Run from source or from the frozen folder (PyInstaller), always offscreen, in a temporary
folder that is removed at the end: her own data file is never opened. Each step prints one
line; the last says "Autoteste: tudo certo" (exit 0) or names the step that failed (exit 2).
The steps exercise what a frozen build is most likely to miss: Qt's platform plugin and
translations, SQLite and the migrations, the demo generator, the PDF writer (read back with
pypdf), the spreadsheet reader on a bundled .xlsx and .ods, the Pix QR code, a piece photo
(JPEG written and read back: Qt's ``qjpeg`` plugin) and the main window.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import unicodedata
from collections.abc import Callable
from pathlib import Path

from app.clock import Clock, SystemClock
from app.resources import resource_path
from app.services.core.text import plural

SAMPLE_CUSTOMERS = 20
SAMPLE_PIX_KEY = "loja@example.com"


class SelfTestFailed(Exception):
    """A step found something wrong; the message says what, in Portuguese."""


def run_self_test(clock: Clock | None = None, out=None) -> int:
    """Run every step in order; return 0 when all passed, 2 at the first that failed."""
    os.environ["QT_QPA_PLATFORM"] = "offscreen"  # never a real window, even on a desktop
    out = out or sys.stdout or open(os.devnull, "w", encoding="utf-8")  # a windowed build: none
    _quiet_offscreen_notes()
    clock = clock or SystemClock()
    folder = Path(tempfile.mkdtemp(prefix="caderneta-autoteste-"))
    steps: list[tuple[str, Callable[[], str]]] = [
        ("Qt e tradução em português", _qt_and_translation),
        ("Banco de dados criado e atualizado", lambda: _database(folder, clock)),
        ("Dados de exemplo", lambda: _demo(clock)),
        ("Relatório em PDF", lambda: _pdf(folder, clock)),
        ("Planilhas .xlsx e .ods", _spreadsheets),
        ("Pix com QR code", _pix),
        ("Foto da peça", lambda: _photo(folder)),
        ("Janela principal", lambda: _main_window(clock)),
    ]
    try:
        for name, step in steps:
            try:
                detail = step()
            except Exception as exc:  # noqa: BLE001 - reported as the failing step, no traceback
                print(f"[falhou] {name}: {exc or type(exc).__name__}", file=out)
                print(f"Autoteste: falhou em “{name}”.", file=out)
                return 2
            print(f"[ok] {name}{f' — {detail}' if detail else ''}", file=out)
    finally:
        _close_database()
        shutil.rmtree(folder, ignore_errors=True)
    print("Autoteste: tudo certo", file=out)
    return 0


def _quiet_offscreen_notes() -> None:
    """The offscreen platform notes that it cannot size windows for a window manager
    ("does not support propagateSizeHints"): true, and nothing wrong here. Every other Qt
    message still reaches stderr."""
    from PySide6.QtCore import qInstallMessageHandler

    def handler(_kind, _context, message: str) -> None:
        if "propagateSizeHints" not in message:
            print(message, file=sys.stderr)

    qInstallMessageHandler(handler)


def _qt_and_translation() -> str:
    from PySide6.QtCore import QCoreApplication

    from app.ui.shell.app import application

    app = application()
    cancel = QCoreApplication.translate("QPlatformTheme", "Cancel")
    if cancel != "Cancelar":
        raise SelfTestFailed(f"a tradução do Qt não respondeu (“Cancel” ficou “{cancel}”)")
    return f"plataforma {app.platformName()}, “Cancel” → “{cancel}”"


def _database(folder: Path, clock: Clock) -> str:
    from app.models.db import database
    from app.models.migrations import SCHEMA_VERSION, current_version
    from app.services.storage.opening import open_data

    open_data(folder / "autoteste.sqlite3", clock)
    version = current_version(database)
    if version != SCHEMA_VERSION:
        raise SelfTestFailed(f"o esquema ficou na versão {version}, esperada {SCHEMA_VERSION}")
    return f"esquema versão {version}"


def _demo(clock: Clock) -> str:
    from app.models.people import Customer
    from app.services.demo import generate_demo

    summary = generate_demo(SAMPLE_CUSTOMERS, clock.today(), seed=7)
    if Customer.select().count() != SAMPLE_CUSTOMERS:
        raise SelfTestFailed("as clientes de exemplo não foram gravadas")
    return f"{plural(summary.customers, 'cliente')}, {plural(summary.sales, 'venda')}"


def _pdf(folder: Path, clock: Clock) -> str:
    from pypdf import PdfReader

    from app.services.configuration.settings import load_settings
    from app.services.reports import ReportKind, ReportRequest, build_document
    from app.ui.kit.pdf import write_pdf

    document = build_document(ReportRequest(ReportKind.OVERDUE), clock.today(), load_settings())
    target = folder / "resumo.pdf"
    pages = write_pdf(document, target)
    reader = PdfReader(target)
    if len(reader.pages) != pages:
        raise SelfTestFailed("o PDF gravado não pôde ser lido de volta")
    text = " ".join(unicodedata.normalize("NFKC", reader.pages[0].extract_text()).split())
    if document.title not in text:
        raise SelfTestFailed(f"o PDF não traz o título “{document.title}”")
    return f"{plural(pages, 'página')}, título lido de volta"


def _spreadsheets() -> str:
    from app.services.spreadsheets.spreadsheet_read import read_table

    tables = [read_table(resource_path("selftest", f"amostra.{kind}")) for kind in ("xlsx", "ods")]
    for table in tables:
        if "Nome" not in table.headers or table.row_count < 1:
            raise SelfTestFailed(f"a planilha de amostra da aba “{table.sheet}” não foi lida")
    if [t.samples[0].values[0] for t in tables] != [tables[0].samples[0].values[0]] * 2:
        raise SelfTestFailed("a mesma planilha em .xlsx e .ods deu nomes diferentes")
    return f"{plural(tables[0].row_count, 'cliente')} em cada formato"


def _pix() -> str:
    from PySide6.QtGui import QImage

    from app.services.br.pix import build_payload, parse_payload
    from app.services.br.qr import qr_png_bytes

    payload = build_payload(SAMPLE_PIX_KEY, "Loja Autoteste", "Sao Paulo", 12_345, "AUTOTESTE")
    if parse_payload(payload).amount_cents != 12_345:
        raise SelfTestFailed("o código Pix não confere com o valor pedido")
    image = QImage.fromData(qr_png_bytes(payload))
    if image.isNull() or image.width() < 100:
        raise SelfTestFailed("o QR code não virou imagem")
    return f"QR de {image.width()} px"


def _photo(folder: Path) -> str:
    """A photo as she picks it (a large JPEG) made small by the piece dialog and shown again:
    the path every piece photo takes, through the JPEG reader and writer."""
    from PySide6.QtGui import QColor, QImage, QPixmap

    from app.ui.kit.style import COLOURS
    from app.ui.pieces.piece_dialog import PHOTO_SIDE, photo_bytes

    picked = QImage(1600, 1200, QImage.Format.Format_RGB32)
    picked.fill(QColor(COLOURS.primary))  # any flat colour: the look's own, not a new one
    path = folder / "foto.jpg"
    if not picked.save(str(path), "JPEG"):
        raise SelfTestFailed("o Qt não grava JPEG (falta o plugin de imagem qjpeg)")
    photo = photo_bytes(str(path))
    if not photo:
        raise SelfTestFailed("a foto escolhida não pôde ser reduzida")
    shown = QPixmap()
    if not shown.loadFromData(photo) or max(shown.width(), shown.height()) != PHOTO_SIDE:
        raise SelfTestFailed("a foto reduzida não pôde ser mostrada de volta")
    return f"JPEG 1600×1200 → {shown.width()}×{shown.height()}, {len(photo) // 1024} KB"


def _main_window(clock: Clock) -> str:
    from PySide6.QtCore import QCoreApplication, QDeadlineTimer

    from app.ui.kit import ops
    from app.ui.kit.style import apply_style
    from app.ui.shell.app import application
    from app.ui.shell.main_window import MainWindow

    apply_style(application())
    window = MainWindow(today_fn=clock.today, now_fn=clock.now)
    window.show()
    deadline = QDeadlineTimer(30_000)
    QCoreApplication.processEvents()
    while not ops.idle() and not deadline.hasExpired():  # the Painel's reads
        QCoreApplication.processEvents()
    if not ops.idle():
        raise SelfTestFailed("a janela não terminou de ler o Painel em 30 s")
    title = window.windowTitle()
    window.close()
    window.deleteLater()
    QCoreApplication.processEvents()
    ops.wait_for_workers()
    return f"“{title}” aberta e fechada"


def _close_database() -> None:
    from app.models.db import close_database

    try:
        close_database()
    except Exception:  # noqa: BLE001 - nothing was open
        pass
