"""Importar/Exportar: the import flows (clientes, peças) in their tabs, the exports (one button
each) in the last."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.services.core.progress import Cancelled
from app.services.spreadsheets.exporter import ExportKind, ExportResult, export_xlsx
from app.ui.kit.files import ask_save_path
from app.ui.kit.ops import Op
from app.ui.kit.style import level_tabs, set_role
from app.ui.kit.widgets import MadeWhenShown, title_label
from app.ui.spreadsheets.import_panel import ImportPanel
from app.ui.spreadsheets.piece_import_panel import PieceImportPanel

EXPORT_BUTTONS = (
    (ExportKind.CUSTOMERS, "Clientes", "as mesmas colunas que a importação lê"),
    (ExportKind.SALES, "Vendas", "cada peça vendida numa linha"),
    (ExportKind.INSTALLMENTS, "Parcelas", "com situação e dias de atraso"),
    (ExportKind.PAYMENTS, "Pagamentos", "recebimentos, entradas e estornos"),
    (ExportKind.OVERDUE, "Em atraso", "o resumo de atrasos de hoje"),
    (ExportKind.PIECES, "Peças", "o estoque por tamanho e cor, com preço e custo (a importação "
                                 "de peças lê estas colunas)"),
    (ExportKind.ALL, "Tudo", "uma planilha com uma aba para cada"),
)


class ExportPanel(QWidget):
    """One button per export; each asks where to save and writes on a worker."""

    def __init__(self, today_fn, parent=None):
        super().__init__(parent)
        self.today_fn = today_fn
        self._target: Path | None = None  # the file being exported, for a failure's sentence
        layout = QVBoxLayout(self)
        intro = QLabel("Seus dados são seus: leve para o contador, para a marca ou para guardar. "
                       "As planilhas abrem no Excel, no Google Planilhas e no LibreOffice, com "
                       "valores em R$ e datas de verdade (dá para somar e filtrar).")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        grid = QGridLayout()
        self.buttons: dict[ExportKind, QPushButton] = {}
        for row, (kind, text, hint) in enumerate(EXPORT_BUTTONS):
            button = QPushButton(f"Exportar {text.lower()}…" if kind is not ExportKind.ALL
                                 else "Exportar tudo…")
            button.setObjectName(f"export_{kind.value}")
            button.setMinimumWidth(200)
            button.clicked.connect(lambda _=False, k=kind: self.choose_path(k))
            self.buttons[kind] = button
            grid.addWidget(button, row, 0)
            label = QLabel(hint)
            set_role(label, "muted")
            grid.addWidget(label, row, 1)
        grid.setColumnStretch(1, 1)
        layout.addLayout(grid)
        self.result = QLabel()
        self.result.setWordWrap(True)
        layout.addWidget(self.result)
        layout.addStretch(1)

    def choose_path(self, kind: ExportKind) -> None:
        default = f"caderneta-{kind.value}-{self.today_fn().isoformat()}.xlsx"
        path = ask_save_path(self, "Salvar planilha", default, "Excel (*.xlsx)", ".xlsx")
        if path is not None:
            self.export(kind, path)

    def export(self, kind: ExportKind, path: Path) -> None:
        """Write the ``kind`` export to ``path`` on a worker, with progress and Cancelar."""
        if path.suffix.lower() != ".xlsx":
            path = path.with_name(path.name + ".xlsx")
        today = self.today_fn()
        self._target = path
        op = Op(self, lambda progress: export_xlsx(kind, path, today, progress),
                label="Exportando…", cancellable=True, write=False, busy=self.buttons[kind])
        op.success(self._done).failure(self._failed).run()

    def _done(self, result: ExportResult) -> None:
        self.result.setText(result.summary())

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, Cancelled):
            self.result.setText("Exportação cancelada.")
        elif isinstance(exc, OSError):  # a full disk, a folder she cannot write…
            from app.services.storage.whole_files import write_failure

            self.result.setText(write_failure(exc, self._target))
        else:
            self.result.setText("A exportação não terminou. Tente de novo.")


class ImportExportPage(QWidget):
    """The Importar/Exportar screen."""

    def __init__(self, today_fn, parent=None, now_fn=None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.addWidget(title_label("Importar/Exportar"))
        self.tabs = QTabWidget()
        level_tabs(self.tabs)
        self.import_panel = ImportPanel(today_fn, now_fn=now_fn)
        # the other two tabs are made when she opens them (issue 18: the three panels at once
        # were ~110 ms of the click that opens the page)
        self.piece_import_tab = MadeWhenShown(lambda: PieceImportPanel(today_fn, now_fn=now_fn))
        self.export_tab = MadeWhenShown(lambda: ExportPanel(today_fn))
        self.tabs.addTab(self.import_panel, "Importar clientes")
        self.tabs.addTab(self.piece_import_tab, "Importar peças")
        self.tabs.addTab(self.export_tab, "Exportar")
        layout.addWidget(self.tabs, 1)

    @property
    def piece_import_panel(self) -> PieceImportPanel:
        """The "Importar peças" tab's panel (made when first shown or asked for)."""
        return self.piece_import_tab.made()

    @property
    def export_panel(self) -> ExportPanel:
        """The "Exportar" tab's panel (made when first shown or asked for)."""
        return self.export_tab.made()
