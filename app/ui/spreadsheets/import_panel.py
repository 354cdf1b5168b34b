"""Importar clientes: choose file → sheet → mapping → preview → import (worker) → report."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.clock import noon_of
from app.services.configuration.settings import load_settings
from app.services.core.changes import Topic
from app.services.core.progress import Cancelled
from app.services.core.text import plural
from app.services.spreadsheets.import_columns import Field, guess_mapping
from app.services.spreadsheets.import_files import RejectedRows, write_rejected, write_template
from app.services.spreadsheets.importer import (
    ImportReport,
    MissingNameColumn,
    Preview,
    preview_import,
    run_import,
)
from app.services.spreadsheets.spreadsheet_read import SpreadsheetError, Table, read_table
from app.ui.kit.bus import RefreshOnChange, bus
from app.ui.kit.files import ask_open_path, ask_save_path
from app.ui.kit.ops import Op, Reader
from app.ui.kit.style import set_role
from app.ui.kit.tables.table_model import RowTableModel
from app.ui.kit.widgets import row_table
from app.ui.spreadsheets.import_mapping import MappingEditor
from app.ui.spreadsheets.import_preview import ImportPreviewTableModel, preview_summary

FILE_FILTER = "Planilhas (*.xlsx *.xlsm *.xls *.ods *.csv);;Todos os arquivos (*)"


class ImportPanel(RefreshOnChange, QWidget):
    """The import flow; long steps run on a worker through ``Op``. A preview on screen is
    worked out again when customers or settings change elsewhere, so it never goes stale.

    The flow is the same for every kind of import: what is customer-specific (the texts, the
    columns, the services that preview and import) are the class attributes and the small
    methods below ``# --- what is imported``, which ``PieceImportPanel`` overrides."""

    WATCHED = frozenset({Topic.CUSTOMERS, Topic.SETTINGS})
    INTRO = ("Traga sua lista de clientes de uma planilha do Excel, do Google Planilhas ou do "
             "LibreOffice (.xlsx, .xls, .ods ou .csv). Nada é gravado antes de você conferir a "
             "prévia e clicar em Importar.")
    MAPPING_HINT = ("Confira para onde vai cada coluna (clique para mudar). Colunas que o "
                    "programa não conhece vão para Observações.")
    NO_ROWS = ("Esta aba não tem nenhuma linha de clientes abaixo do cabeçalho. Escolha outra "
               "aba ou outra planilha.")
    IMPORTING = "Importando clientes…"
    TEMPLATE_NAME = "modelo-clientes.xlsx"

    def __init__(self, today_fn, parent=None, now_fn=None):
        super().__init__(parent)
        self.today_fn = today_fn
        self.now_fn = now_fn or (lambda: noon_of(today_fn()))
        self.path: Path | None = None
        self.table: Table | None = None
        self.preview: Preview | None = None
        self.last_preview: Preview | None = None
        self.last_report: ImportReport | None = None
        # called on the worker at each progress report of an import (tests watch it)
        self.progress_hook: Callable[[int, int | None, str], None] | None = None
        self._importing = False
        self._build()
        self.previews = Reader(self, hint=False)  # the preview has its own progress dialog
        bus.changed.connect(self._on_changed)

    def refresh(self) -> None:
        self._dirty = False
        if self.preview is not None and not self._importing:
            self.update_preview()

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        intro = QLabel(self.INTRO)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addLayout(self._file_row())
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.hide()
        layout.addWidget(self.message)
        self.mapping_hint = QLabel(self.MAPPING_HINT)
        set_role(self.mapping_hint, "muted")
        layout.addWidget(self.mapping_hint)
        self.mapping = self._mapping_editor()
        self.mapping.changed.connect(self.update_preview)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.mapping)
        scroll.setFixedHeight(118)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        layout.addWidget(scroll)
        self.mapping_scroll = scroll
        counts_row = QHBoxLayout()
        self.counts = QLabel()
        self.counts.setWordWrap(True)  # a long summary wraps instead of widening the window
        self.only_noteworthy = QCheckBox("Mostrar só as linhas com aviso, repetidas ou com erro")
        self.only_noteworthy.toggled.connect(lambda _=False: self._fill_table())
        counts_row.addWidget(self.counts, 1)
        counts_row.addWidget(self.only_noteworthy)
        layout.addLayout(counts_row)
        self.model = self._preview_model()
        self.preview_table = row_table(self.model, "import_preview")
        self.preview_table.sortByColumn(0, Qt.SortOrder.AscendingOrder)  # her row order
        layout.addWidget(self.preview_table, 1)
        self.empty = QLabel("Escolha a planilha: aqui aparece para onde vai cada coluna e o que "
                            "vai acontecer com cada linha, antes de qualquer coisa ser gravada.")
        self.empty.setObjectName("import_empty")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        set_role(self.empty, "muted")
        layout.addWidget(self.empty, 1)
        layout.addLayout(self._bottom())
        self._show_work_area(False)

    def _show_work_area(self, shown: bool) -> None:
        """Mapping, counts and preview only once a sheet was read; before that (or after a
        file that could not be read) one line saying what will appear, not empty boxes."""
        for widget in (self.mapping_hint, self.mapping_scroll, self.counts,
                       self.only_noteworthy, self.preview_table, self.sheet_label,
                       self.sheet_combo):
            widget.setVisible(shown)
        self.empty.setVisible(not shown)

    def _file_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.choose_button = QPushButton("Escolher planilha…")
        self.choose_button.clicked.connect(self.choose_file)
        self.file_label = QLabel("Nenhuma planilha escolhida.")
        self.sheet_combo = QComboBox()
        self.sheet_combo.setObjectName("sheet")
        self.sheet_combo.setEnabled(False)
        self.sheet_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.sheet_combo.activated.connect(lambda _=0: self._load(self.sheet_combo.currentText()))
        self.template_button = QPushButton("Baixar modelo de planilha")
        self.template_button.clicked.connect(self.choose_template_path)
        row.addWidget(self.choose_button)
        row.addWidget(self.file_label, 1)
        self.sheet_label = QLabel("Aba:")
        row.addWidget(self.sheet_label)
        row.addWidget(self.sheet_combo)
        row.addWidget(self.template_button)
        return row

    def _bottom(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.import_button = QPushButton("Importar")
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.start_import)
        self.report = QLabel()
        self.report.setWordWrap(True)
        self.rejected_button = QPushButton("Salvar linhas não importadas…")
        self.rejected_button.hide()
        self.rejected_button.clicked.connect(self.choose_rejected_path)
        row.addWidget(self.import_button)
        row.addWidget(self.report, 1)
        row.addWidget(self.rejected_button)
        return row

    # --- choosing the file and the sheet -------------------------------------------------

    def choose_file(self) -> None:
        path = ask_open_path(self, "Escolher planilha", FILE_FILTER)
        if path is not None:
            self.load_file(path)

    def load_file(self, path: Path) -> None:
        """Read ``path`` (first sheet with a customer table) and show mapping and preview."""
        self.path = path
        self.file_label.setText(path.name)
        self.report.clear()
        self.rejected_button.hide()
        self.preview = self.last_preview = self.last_report = None
        self.model.set_rows([])
        self.counts.setText("Lendo a planilha…")
        self.empty.setText("Lendo a planilha…")
        self._load(None)

    def _load(self, sheet: str | None) -> None:
        path = self.path
        op = Op(self, lambda progress: self._read(path, sheet), write=False,
                label="Lendo a planilha…")
        op.success(self._table_loaded).failure(self._load_failed).run()

    def _table_loaded(self, table: Table) -> None:
        self.table = table
        self._show_work_area(True)
        self.sheet_combo.blockSignals(True)
        self.sheet_combo.clear()
        self.sheet_combo.addItems(list(table.sheets))
        self.sheet_combo.setCurrentText(table.sheet)
        self.sheet_combo.setEnabled(len(table.sheets) > 1)
        self.sheet_combo.blockSignals(False)
        samples = [r.values for r in table.samples]
        self.mapping.blockSignals(True)
        self.mapping.set_columns(table.headers, samples, self._guess(table.headers))
        self.mapping.blockSignals(False)
        self.update_preview()

    def _load_failed(self, exc: BaseException) -> None:
        self.table = self.preview = None
        self.model.set_rows([])
        self.mapping.set_columns((), [], ())
        self.counts.clear()
        self.import_button.setEnabled(False)
        self._show_work_area(False)
        self.empty.setText("")
        text = str(exc) if isinstance(exc, SpreadsheetError) else (
            "Não foi possível ler esta planilha. Salve como .xlsx ou .csv e tente de novo.")
        self._say(text, error=True)

    # --- mapping and preview --------------------------------------------------------------

    def _say(self, text: str, error: bool = False) -> None:
        self.message.setText(text)
        set_role(self.message, "error" if error else "")
        self.message.setVisible(bool(text))

    def update_preview(self) -> None:
        """Recompute the preview for the current mapping (on a worker)."""
        table = self.table
        if table is None:
            return
        mapping = self.mapping.mapping()
        self.import_button.setEnabled(False)
        missing = self._missing_name(table, mapping)
        if missing:
            self.preview = None
            self.model.set_rows([])
            self.counts.clear()
            self._say(missing, error=True)
            return
        if not table.row_count:
            self._say(self.NO_ROWS, error=True)
            self.preview = None
            self.model.set_rows([])
            self.counts.clear()
            return
        self._say("")
        make = self._previewer(table, mapping, self.today_fn())
        self.previews.read(  # a mapping changed again meanwhile: only the newest is shown
            make, self._show_preview, self._preview_failed, label="Conferindo a planilha…",
            cancellable=True)

    def _preview_failed(self, exc: BaseException) -> None:
        if isinstance(exc, Cancelled):
            self.counts.setText("Prévia interrompida. Mude uma coluna ou escolha o arquivo de "
                                "novo para conferir outra vez.")
        else:
            self.counts.clear()
            self._say("Não foi possível conferir esta planilha. Salve como .xlsx e tente de "
                      "novo.", error=True)

    def _show_preview(self, preview: Preview) -> None:
        self.preview = preview
        self._fill_table()
        self.counts.setText(self._summary(preview))
        counts = preview.report
        self.import_button.setEnabled(counts.created + counts.updated > 0)

    def _fill_table(self) -> None:
        preview = self.preview or self.last_preview
        rows = list(preview.rows) if preview else []
        if self.only_noteworthy.isChecked():
            rows = [r for r in rows if r.noteworthy]
        self.model.set_rows(rows)

    # --- importing and the report -----------------------------------------------------------

    def start_import(self) -> None:
        preview = self.preview
        if preview is None:
            return
        self.import_button.setEnabled(False)
        self._importing = True
        now = self.now_fn()
        op = Op(self, lambda progress: self._run(preview, self._observed(progress), now),
                label=self.IMPORTING, cancellable=True, busy=self.import_button)
        op.success(lambda report: self._imported(preview, report))
        op.failure(self._import_failed).run()

    def _observed(self, progress):
        """``progress``, then ``progress_hook`` told the same (on the worker)."""
        hook = self.progress_hook
        if hook is None:
            return progress

        def observed(done: int, total: int | None = None, text: str = "") -> None:
            progress(done, total, text)
            hook(done, total, text)

        return observed

    def _imported(self, preview: Preview, report: ImportReport) -> None:
        self._importing = False
        self.last_preview, self.preview, self.last_report = preview, None, report
        self.import_button.setEnabled(False)  # this preview is written; choose a file again
        self.report.setText(f"<b>Importação concluída.</b> {report.summary()}")
        self.rejected_button.setVisible(bool(report.rejected))
        self.counts.setText("Pronto. Para importar outra planilha, escolha o arquivo.")

    def _import_failed(self, exc: BaseException) -> None:
        self._importing = False
        self.import_button.setEnabled(True)
        if isinstance(exc, Cancelled):
            self.report.setText("Importação cancelada: nada foi gravado.")
        else:
            self.report.setText("A importação não terminou e nada foi gravado. Tente de novo; "
                                "se repetir, salve a planilha como .xlsx e importe esse arquivo.")

    def choose_rejected_path(self) -> None:
        path = ask_save_path(self, "Salvar linhas não importadas",
                             "linhas-nao-importadas.xlsx", "Excel (*.xlsx)", ".xlsx")
        if path is not None:
            self.save_rejected(path)

    def _rejected(self) -> RejectedRows | None:
        """The rows the last import left out (or, before importing, the preview's)."""
        if self.last_report is not None:
            return self.last_report.rejected
        return self.preview.rejected if self.preview is not None else None

    def save_rejected(self, path: Path) -> None:
        rejected = self._rejected()
        if rejected is None:
            return
        Op(self, lambda progress: write_rejected(rejected, path), write=False).success(
            lambda n: self.report.setText(f"{plural(n, 'linha salva', 'linhas salvas')} em "
                                          f"{path.name}. Corrija e importe "
                                          "esse arquivo de novo.")).run()

    def choose_template_path(self) -> None:
        path = ask_save_path(self, "Baixar modelo de planilha", self.TEMPLATE_NAME,
                             "Excel (*.xlsx)", ".xlsx")
        if path is not None:
            self.save_template(path)

    def save_template(self, path: Path) -> None:
        Op(self, lambda progress: self._write_template(path), write=False).success(
            lambda _: self._say(f"Modelo salvo em {path}. Preencha e importe.")).run()

    # --- what is imported (customers here; ``PieceImportPanel`` overrides) -----------------

    def _mapping_editor(self) -> MappingEditor:
        return MappingEditor()

    def _preview_model(self) -> RowTableModel:
        return ImportPreviewTableModel(self)

    def _read(self, path: Path, sheet: str | None) -> Table:
        return read_table(path, sheet)

    def _guess(self, headers: tuple[str, ...]) -> tuple:
        return guess_mapping(headers)

    def _missing_name(self, table: Table, mapping: tuple) -> str:
        """The sentence when no column is the name (empty when one is)."""
        if Field.NAME not in mapping and table.row_count:
            return str(MissingNameColumn(table.headers))
        return ""

    def _previewer(self, table: Table, mapping: tuple, today) -> Callable:
        """The worker's job that previews ``table`` (it takes the progress callback)."""
        return lambda progress: preview_import(table, mapping, today,
                                               load_settings().default_ddd, progress)

    def _run(self, preview, progress, now):
        return run_import(preview, progress, now)

    def _summary(self, preview) -> str:
        return preview_summary(preview)

    def _write_template(self, path: Path) -> None:
        write_template(path)
