"""Start the window: Qt application, pt-BR locale, then the checked database (see startup)."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QObject, QTranslator
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from app.clock import Clock, SystemClock
from app.resources import resource_path
from app.services.storage.lockfile import DatabaseLock, LockBusy


def default_db_path() -> Path:
    """``caderneta.sqlite3`` in her data folder (``app.services.storage.paths``: one folder, named
    once, the same for the window and the commands)."""
    from app.services.storage.paths import default_db_path as path

    return path()


def _application() -> QApplication:
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
    app.setApplicationName("Caderneta")
    app.setOrganizationName("Caderneta")
    app.setApplicationDisplayName("Caderneta")
    if app.findChild(QObject, "gc_guard") is None:
        from app.ui.shell import gc_guard

        gc_guard.install(app)  # Qt objects are never freed by a collection on a worker
    return app


def application() -> QApplication:
    """This process's Qt application, made once: names, the pt-BR locale, Qt's translations."""
    app = _application()
    if not _LOCALE_READY:
        _setup_locale(app)
    return app


_LOCALE_READY: list[bool] = []


class _WithoutMnemonic(QTranslator):
    """Qt 6 wrote some of its own words with a shortcut mark ("&Look in:", "Files of
    &type:") that its pt_BR catalog only has without it ("Look in:"): her file dialog said
    "Look in". Asked for a text with "&" that the catalog lacks, this answers the catalog's
    translation of the text without the mark."""

    def __init__(self, catalog: QTranslator, parent=None):
        super().__init__(parent)
        self.catalog = catalog

    def translate(self, context, source_text, disambiguation=None, n=-1):  # noqa: D102
        if not source_text or "&" not in source_text:
            return ""
        return self.catalog.translate(context, source_text.replace("&", ""),
                                      disambiguation, n) or ""

    def isEmpty(self) -> bool:  # noqa: N802 - Qt override
        return False


def _setup_locale(app: QApplication) -> QTranslator | None:
    """Brazilian Portuguese for Qt's own words and numbers: the file dialog says "Procurar
    em", the standard buttons "Sim"/"Não", dates read dd/mm/aaaa. Returns Qt's catalog
    installed (None when Qt's translations are missing: the app still works, in English)."""
    locale = QLocale(QLocale.Language.Portuguese, QLocale.Country.Brazil)
    QLocale.setDefault(locale)
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    _LOCALE_READY.append(True)
    if not translator.load(locale, "qtbase", "_", folder):
        return None
    translator.fallback = _WithoutMnemonic(translator, app)  # asked after the catalog
    app.installTranslator(translator.fallback)
    app.installTranslator(translator)
    return translator


def acquire_lock(db_path: Path) -> DatabaseLock | None:
    """Lock the database for this process; None when another window has it open.

    The lock is the same operating-system lock the headless commands take (``lockfile``);
    a folder that cannot hold the lock file raises ``LockFolderError``.
    """
    try:
        return DatabaseLock(db_path).acquire()
    except LockBusy:
        return None


def run_gui(db_path: Path | None = None, clock: Clock | None = None) -> int:
    """Open the main window on ``db_path`` (default database when None); return exit code."""
    from app.services.storage.dbhealth import is_database_error
    from app.ui.kit.db_errors import install_handler, show_database_error
    from app.ui.kit.style import apply_style, stylesheet
    from app.ui.shell.main_window import MainWindow
    from app.ui.shell.notices import show_start_notices
    from app.ui.shell.startup import open_for_window, start_daily_backup

    app = application()
    if app.styleSheet() != stylesheet():  # a second window in one process (tests): Qt
        apply_style(app)  # would re-style every widget alive, seconds for nothing
    icon = resource_path("icon.png")
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    db_path = Path(db_path) if db_path else default_db_path()
    clock = clock or SystemClock()
    opened = open_for_window(db_path, clock)
    if opened is None:
        return 1
    install_handler()
    try:
        try:
            window = MainWindow(today_fn=clock.today, now_fn=clock.now)
        except Exception as exc:
            if not is_database_error(exc):
                raise
            show_database_error(None, exc)  # too damaged even to read the first screens
            return 1
        show_start_notices(window, opened)
        window.show()
        window.prepare_pages()  # the other pages' code, loaded while she looks at the Painel
        if opened.check_pending:  # the usual start: the check runs now (startup, rule 2)
            from app.ui.shell.startup_check import check_after_showing

            check_after_showing(window, db_path, opened, clock)
        else:
            start_daily_backup(window, db_path, opened, clock)
            window.maybe_welcome()  # issue 13: first run
        code = app.exec()
        return 1 if opened.closed_unopened else code
    finally:
        opened.release()
