"""Start the window: Qt application, pt-BR locale, single-instance lock, backup, database."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QLockFile, QTranslator
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from app.clock import Clock, SystemClock

RESOURCES = Path(__file__).resolve().parent.parent.parent / "resources"


def default_db_path() -> Path:
    """``caderneta.sqlite3`` in her data folder (``app.services.paths``: one folder, named
    once, the same for the window and the commands)."""
    from app.services.paths import default_db_path as path

    return path()


def _application() -> QApplication:
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
    app.setApplicationName("Caderneta")
    app.setOrganizationName("Caderneta")
    app.setApplicationDisplayName("Caderneta")
    return app


def _setup_locale(app: QApplication) -> None:
    locale = QLocale(QLocale.Language.Portuguese, QLocale.Country.Brazil)
    QLocale.setDefault(locale)
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load(locale, "qtbase", "_", folder):
        app.installTranslator(translator)


def acquire_lock(db_path: Path) -> QLockFile | None:
    """Lock the database for this process; None when another window has it open."""
    lock = QLockFile(str(db_path) + ".lock")
    lock.setStaleLockTime(0)
    if not lock.tryLock(200):
        return None
    return lock


def run_gui(db_path: Path | None = None, clock: Clock | None = None) -> int:
    """Open the main window on ``db_path`` (default database when None); return exit code."""
    from app.services.backup import daily_backup
    from app.services.opening import open_data
    from app.ui.main_window import MainWindow

    app = _application()
    _setup_locale(app)
    icon = RESOURCES / "icon.png"
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    db_path = Path(db_path) if db_path else default_db_path()
    db_path.parent.mkdir(parents=True, exist_ok=True)
    lock = acquire_lock(db_path)
    if lock is None:
        QMessageBox.warning(None, "Caderneta já está aberto",
                            f"O arquivo {db_path} já está aberto em outra janela do Caderneta. "
                            "Use a janela que já está aberta (ou feche-a antes).")
        return 1
    clock = clock or SystemClock()
    day = clock.today()
    try:
        daily_backup(db_path, day)
        open_data(db_path, clock)
    except Exception as exc:  # noqa: BLE001 - shown to the user, never a traceback
        QMessageBox.critical(None, "Não foi possível abrir os dados",
                             f"O arquivo {db_path} não pôde ser aberto:\n{exc}\n\n"
                             "Seus backups estão na pasta “backups” ao lado dele.")
        return 1
    window = MainWindow(today_fn=clock.today, now_fn=clock.now)
    window.show()
    code = app.exec()
    lock.unlock()
    return code
