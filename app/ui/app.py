"""Start the window: Qt application, pt-BR locale, single-instance lock, backup, database."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QLockFile, QStandardPaths, QTranslator
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

RESOURCES = Path(__file__).resolve().parent.parent.parent / "resources"


def default_db_path() -> Path:
    """``caderneta.sqlite3`` in one folder named "Caderneta" in the user's data folder:
    ~/.local/share/Caderneta (Linux), %LOCALAPPDATA%\\Caderneta (Windows),
    ~/Library/Application Support/Caderneta (macOS)."""
    _application()
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.GenericDataLocation)
    return db_path_in(Path(base))


def db_path_in(base: Path) -> Path:
    """The database file under the data folder ``base``. Qt's AppDataLocation adds the
    organisation and the application ("Caderneta/Caderneta"); a file already there (first
    versions) keeps being used, so nobody loses her data."""
    legacy = base / "Caderneta" / "Caderneta" / "caderneta.sqlite3"
    return legacy if legacy.exists() else base / "Caderneta" / "caderneta.sqlite3"


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


def run_gui(db_path: Path | None = None, today: date | None = None) -> int:
    """Open the main window on ``db_path`` (default database when None); return exit code."""
    from app.models.db import open_database
    from app.services.backup import daily_backup
    from app.ui.main_window import MainWindow
    from app.ui.style import apply_style

    app = _application()
    _setup_locale(app)
    apply_style(app)
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
    day = today or date.today()
    try:
        daily_backup(db_path, day)
        open_database(db_path, today=day)
    except Exception as exc:  # noqa: BLE001 - shown to the user, never a traceback
        QMessageBox.critical(None, "Não foi possível abrir os dados",
                             f"O arquivo {db_path} não pôde ser aberto:\n{exc}\n\n"
                             "Seus backups estão na pasta “backups” ao lado dele.")
        return 1
    window = MainWindow(today_fn=(lambda: today) if today else date.today)
    window.show()
    window.maybe_welcome()  # issue 13: first run
    code = app.exec()
    lock.unlock()
    return code
