"""Nova peça / Editar peça: name, reference, price, cost, low-stock warning, notes, a photo,
and the size × colour grid with the stock of each cell."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
)

from app.services.core.errors import ValidationError
from app.services.core.text import plural
from app.services.pieces.catalog import PieceInput, piece_data, save_piece
from app.services.pieces.stock import MAX_QUANTITY
from app.ui.kit.files import ask_open_path
from app.ui.kit.fitting import resize_to_fit
from app.ui.kit.ops import Op, validation_or_message
from app.ui.kit.style import set_primary, set_role
from app.ui.kit.widgets import ErrorLabel, FieldForm, MoneyEdit, named_button
from app.ui.pieces.grid_editor import GridEditor

PHOTO_SIDE = 480  # a photo is kept at most this many pixels a side (a few dozen KB)
THUMB = 88


def photo_bytes(path: str) -> bytes | None:
    """The picture at ``path`` made small, as JPEG bytes (None: not a picture Qt can read,
    or no JPEG writer in this Qt — the frozen folder carries the ``qjpeg`` plugin for it)."""
    image = QImage(path)
    if image.isNull():
        return None
    if max(image.width(), image.height()) > PHOTO_SIDE:
        image = image.scaled(PHOTO_SIDE, PHOTO_SIDE, Qt.AspectRatioMode.KeepAspectRatio,
                             Qt.TransformationMode.SmoothTransformation)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.convertToFormat(QImage.Format.Format_RGB32).save(buffer, "JPEG", 85):
        return None
    return bytes(data.data())


class PieceDialog(QDialog):
    """Create (``piece_id=None``) or edit a piece; nothing is saved until every field is
    right, and what she typed stays when something is refused."""

    def __init__(self, today: date, piece_id: int | None = None, parent=None):
        super().__init__(parent)
        self.today = today
        self.piece_id = piece_id
        self.saved_id: int | None = None
        self.photo: bytes | None = None
        data = piece_data(piece_id) if piece_id else None
        self.setWindowTitle(f"Editar peça — {data.name}" if data else "Nova peça")
        layout = QVBoxLayout(self)
        columns = QHBoxLayout()
        columns.addLayout(self._fields(), 5)
        columns.addWidget(self._grid_box(data), 6)
        layout.addLayout(columns, 1)
        layout.addWidget(self._buttons())
        if data:
            self._load(data)
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)
        self.save_button.setDefault(True)  # Enter in a field saves, as in Nova cliente
        resize_to_fit(self, 900, 520)
        self.inputs["name"].setFocus()

    def _fields(self) -> QVBoxLayout:
        column = QVBoxLayout()
        self.form = FieldForm()
        self.inputs: dict[str, QLineEdit] = {}
        for key, label, hint in (("name", "Nome *", "Vestido Lírio"),
                                 ("reference", "Referência", "seu código (opcional)")):
            edit = QLineEdit(placeholderText=hint)
            edit.setObjectName(f"piece_{key}")
            self.inputs[key] = self.form.add(key, label, edit)
        for key, label, hint in (("price", "Preço de venda *", "0,00"),
                                 ("cost", "Custo", "o que você paga (opcional)")):
            edit = MoneyEdit()
            edit.setPlaceholderText(hint)
            edit.setObjectName(f"piece_{key}")
            self.inputs[key] = self.form.add(key, label, edit)
        self.low_stock = QSpinBox(minimum=0, maximum=MAX_QUANTITY, value=1)
        self.low_stock.setObjectName("piece_low_stock")
        self.low_stock.valueChanged.connect(self._low_stock_words)
        self._low_stock_words(self.low_stock.value())
        self.form.add("low_stock", "Avisar quando restar", self.low_stock)
        self.notes = QPlainTextEdit()
        self.notes.setObjectName("piece_notes")
        self.notes.setPlaceholderText("Tecido, fornecedora, como lavar…")
        self.notes.setFixedHeight(54)
        self.form.add("notes", "Observações", self.notes)
        column.addLayout(self.form)
        column.addLayout(self._photo_row())
        column.addStretch(1)
        return column

    def _low_stock_words(self, value: int) -> None:
        """"1 peça ou menos", "3 peças ou menos" (the number is the spin's own)."""
        self.low_stock.setSuffix(" " + plural(value, "peça").split(" ", 1)[1] + " ou menos")

    def _photo_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        frame = set_role(QFrame(), "card")
        frame.setFixedSize(THUMB + 8, THUMB + 8)
        inside = QVBoxLayout(frame)
        inside.setContentsMargins(4, 4, 4, 4)
        self.photo_label = QLabel("sem foto")
        self.photo_label.setObjectName("piecePhoto")
        self.photo_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        set_role(self.photo_label, "hint")
        inside.addWidget(self.photo_label)
        row.addWidget(QLabel("Foto"))
        row.addWidget(frame)
        buttons = QVBoxLayout()
        buttons.addWidget(named_button("Escolher foto…", "choosePhotoButton", self._choose_photo))
        self.remove_photo = named_button("Tirar a foto", "removePhotoButton",
                                         lambda: self.set_photo(None))
        buttons.addWidget(self.remove_photo)
        self.photo_error = ErrorLabel()
        buttons.addWidget(self.photo_error)
        row.addLayout(buttons)
        row.addStretch(1)
        self.set_photo(None)
        return row

    def _grid_box(self, data) -> QGroupBox:
        box = QGroupBox("Grade: tamanhos × cores")
        column = QVBoxLayout(box)
        hint = set_role(QLabel("Separe com vírgulas. Em cada quadrinho, quantas peças você tem "
                               "agora; “não tem” quando a peça não existe naquela combinação."),
                        "hint")
        hint.setWordWrap(True)
        column.addWidget(hint)
        self.grid = GridEditor(list(data.variants) if data else [])
        self.grid.changed.connect(self._update_total)
        column.addWidget(self.grid, 1)
        self.grid_total = set_role(QLabel(), "muted")
        column.addWidget(self.grid_total)
        self.form.errors["variants"] = self.grid.error
        self.form.fields["variants"] = self.grid.sizes
        self._update_total()
        return box

    def _buttons(self) -> QDialogButtonBox:
        buttons = QDialogButtonBox()
        self.save_button = set_primary(QPushButton("Salvar peça"))
        self.save_button.setObjectName("savePieceButton")
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        cancel = buttons.addButton("Cancelar", QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.clicked.connect(self.save)
        cancel.clicked.connect(self.reject)
        return buttons

    def _load(self, data) -> None:
        self.inputs["name"].setText(data.name)
        self.inputs["reference"].setText(data.reference)
        self.inputs["price"].set_cents(data.price_cents)
        self.inputs["cost"].set_cents(data.cost_cents)
        self.low_stock.setValue(data.low_stock)
        self.notes.setPlainText(data.notes)
        self.set_photo(data.photo)

    # photo --------------------------------------------------------------------------------
    def _choose_photo(self) -> None:
        path = ask_open_path(self, "Foto da peça", "Imagens (*.jpg *.jpeg *.png *.bmp)",
                             pictures=True)
        if path is not None:
            self.set_photo_file(str(path))

    def set_photo_file(self, path: str) -> None:
        """Use the picture at ``path`` (made small); say so when it cannot be read."""
        photo = photo_bytes(path)
        self.photo_error.show_error(None if photo else
                                    "Não deu para abrir esta imagem. Escolha uma foto JPG ou PNG.")
        if photo:
            self.set_photo(photo)

    def set_photo(self, photo: bytes | None) -> None:
        self.photo = photo
        pixmap = QPixmap()
        if photo and pixmap.loadFromData(photo):
            self.photo_label.setPixmap(pixmap.scaled(
                THUMB, THUMB, Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation))
        else:
            self.photo_label.clear()
            self.photo_label.setText("sem foto")
        self.remove_photo.setEnabled(bool(photo))

    # saving -------------------------------------------------------------------------------
    def _update_total(self) -> None:
        total = self.grid.opening_total()
        cells = len(self.grid.variants())
        self.grid_total.setText(
            plural(cells, "variação", "variações")
            + (f" · {plural(total, 'peça nova', 'peças novas')} no estoque" if total else ""))

    def collect(self) -> PieceInput:
        """What she typed (ValueError naming the field when a price cannot be read)."""
        price = self.inputs["price"].cents() if self.inputs["price"].text().strip() else 0
        cost_text = self.inputs["cost"].text().strip()
        return PieceInput(self.inputs["name"].text(), price, self.inputs["reference"].text(),
                          self.grid.variants(),
                          self.inputs["cost"].cents() if cost_text else None,
                          self.notes.toPlainText(), self.low_stock.value(), self.photo)

    def save(self) -> None:
        self.form.clear_errors()
        problems = {}
        for key in ("price", "cost"):
            try:
                self.inputs[key].cents_or_zero()
            except ValueError as exc:
                problems[key] = str(exc)
        if problems:
            self.form.show_errors(problems)
            return
        data, today, pid = self.collect(), self.today, self.piece_id
        Op(self, lambda _p: save_piece(data, today, pid), busy=self.save_button).success(
            self._saved).failure(validation_or_message(self, self._refused)).run()

    def _refused(self, exc: ValidationError) -> None:
        self.form.show_errors(dict(exc.errors))

    def _saved(self, piece_id: int) -> None:
        self.saved_id = piece_id
        self.accept()
