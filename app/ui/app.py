"""Start the window: Qt application, pt-BR locale, then the checked database (see startup)."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QStandardPaths, QTranslator
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from app.services.lockfile import DatabaseLock, LockBusy

RESOURCES = Path(__file__).resolve().parent.parent.parent / "resources"


def default_db_path() -> Path:
    """``caderneta.sqlite3`` in the user's data folder (AppDataLocation)."""
    _application()
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(folder) / "caderneta.sqlite3"


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


def acquire_lock(db_path: Path) -> DatabaseLock | None:
    """Lock the database for this process; None when another window has it open.

    The lock is the same operating-system lock the headless commands take (``lockfile``);
    a folder that cannot hold the lock file raises ``LockFolderError``.
    """
    try:
        return DatabaseLock(db_path).acquire()
    except LockBusy:
        return None


def run_gui(db_path: Path | None = None, today: date | None = None) -> int:
    """Open the main window on ``db_path`` (default database when None); return exit code."""
    from app.services.dbhealth import is_database_error
    from app.ui.db_errors import install_handler, show_database_error
    from app.ui.main_window import MainWindow
    from app.ui.notices import show_start_notices
    from app.ui.startup import open_for_window

    app = _application()
    _setup_locale(app)
    icon = RESOURCES / "icon.png"
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    db_path = Path(db_path) if db_path else default_db_path()
    day = today or date.today()
    opened = open_for_window(db_path, day)
    if opened is None:
        return 1
    install_handler()
    try:
        try:
            window = MainWindow(today_fn=(lambda: today) if today else date.today)
        except Exception as exc:
            if not is_database_error(exc):
                raise
            show_database_error(None, exc)  # too damaged even to read the first screens
            return 1
        show_start_notices(window, opened)
        window.show()
        return app.exec()
    finally:
        opened.release()
