"""Configurações → Pix: the reseller's key, receiver name and city, and a code checker."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.services.br.pix import (
    PixError,
    detect_key_type,
    normalize_pix_key,
    parse_payload,
    pix_city,
    pix_name,
)
from app.services.configuration.settings import load_settings, save_settings
from app.services.core.money import format_brl
from app.ui.kit.ops import Op, validation_or_message
from app.ui.kit.style import set_primary, set_role
from app.ui.kit.widgets import FieldForm

KEY_LABELS = {"cpf": "CPF", "cnpj": "CNPJ", "phone": "celular", "email": "e-mail",
              "random": "chave aleatória"}


def key_feedback(text: str) -> tuple[bool, str]:
    """The live check of a Pix key as typed: (valid, what it is or what is wrong)."""
    key = text.strip()
    if not key:
        return True, ""
    try:
        return True, f"Chave do tipo {KEY_LABELS[detect_key_type(key)]}: {normalize_pix_key(key)}."
    except PixError as exc:
        return False, str(exc)


class PixSettingsTab(QWidget):
    """Edit the Pix key with live validation and see how name and city go into the code."""

    def __init__(self, parent=None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        intro = QLabel("Com a chave Pix configurada, lembretes, recibos e a página da cliente "
                       "trazem um código Pix com o valor exato, para ela pagar em dois toques.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.form = FieldForm()
        self.key = self.form.add("pix_key", "Chave Pix", QLineEdit(
            placeholderText="CPF, CNPJ, celular, e-mail ou chave aleatória"))
        self.key.setObjectName("pixKeyEdit")
        self.name = self.form.add("pix_name", "Nome do recebedor", QLineEdit())
        self.name.setObjectName("pixNameEdit")
        self.name.setToolTip("Com o nome da loja (ou em branco), se você mudar o nome da "
                             "loja o Pix muda junto. Escreva outro nome só se o banco mostrar "
                             "outro (o seu nome, por exemplo).")
        self._store_name = ""
        self.city = self.form.add("pix_city", "Cidade do recebedor", QLineEdit())
        self.city.setObjectName("pixCityEdit")
        box = QWidget()
        box.setMaximumWidth(640)
        box.setLayout(self.form)
        layout.addWidget(box)
        self.preview = QLabel()
        self.preview.setObjectName("pixPreview")
        self.preview.setWordWrap(True)  # a long error wraps instead of widening the window
        set_role(self.preview, "muted")
        layout.addWidget(self.preview)
        row = QHBoxLayout()
        save = self.save_button = set_primary(QPushButton("Salvar Pix"))
        save.setObjectName("savePixButton")
        save.clicked.connect(self.save)
        self.feedback = QLabel()
        row.addWidget(save)
        row.addWidget(self.feedback)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(QLabel("Conferir um código Pix (cole aqui um copia e cola):"))
        self.check_input = QPlainTextEdit()
        self.check_input.setObjectName("pixCheckInput")
        self.check_input.setMaximumHeight(70)
        self.check_input.textChanged.connect(self.check_code)
        layout.addWidget(self.check_input)
        self.check_result = QLabel()
        self.check_result.setObjectName("pixCheckResult")
        self.check_result.setWordWrap(True)
        layout.addWidget(self.check_result)
        layout.addStretch(1)
        for edit in (self.key, self.name, self.city):
            edit.textChanged.connect(self._update_preview)
        self.load()

    def load(self) -> None:
        s = load_settings()
        self.key.setText(s.pix_key)
        self._store_name = s.store_name
        self.name.setText(s.pix_name or s.store_name)  # the store name: it follows a rename
        self.city.setText(s.pix_city or s.city)
        self.follow_store(s.store_name)

    def _follows(self) -> bool:
        return self.name.text().strip() in ("", self._store_name.strip())

    def follow_store(self, store_name: str) -> None:
        """The store was renamed (here or elsewhere): a receiver that is the store's name
        becomes the new name; one she typed stays."""
        if self._follows():
            self.name.setText(store_name)
        self._store_name = store_name
        self.name.setPlaceholderText(f"Igual ao nome da loja: {store_name}")
        self._update_preview()

    def _update_preview(self) -> None:
        kind = key_feedback(self.key.text())[1]
        kind = f"{kind} " if kind else ""
        follows = self._follows()
        name = pix_name(self.name.text().strip() or self._store_name)
        self.preview.setText(
            f"{kind}No código vai: “{name}”"
            + (" (o nome da loja)" if follows else "")
            + f" · “{pix_city(self.city.text())}” (sem acentos; até 25 e 15 letras).")

    def save(self) -> None:
        self.form.clear_errors()
        key = self.key.text().strip()
        try:
            key = normalize_pix_key(key) if key else ""
        except PixError as exc:
            self.form.show_errors({"pix_key": str(exc)})
            return
        name, city = self.name.text().strip(), self.city.text().strip()
        Op(self, lambda _: save_settings(load_settings(), pix_key=key, pix_name=name,
                                         pix_city=city),
           busy=self.save_button,
           ).success(lambda _: self._saved(key)).failure(
               validation_or_message(
               self, lambda exc: self.form.show_refusal(exc.errors, self.feedback))).run()

    def _saved(self, key: str) -> None:
        self.key.setText(key)
        self.feedback.setText("Pix salvo." if key else "Pix desligado (sem chave).")

    def check_code(self) -> None:
        text = self.check_input.toPlainText().strip()
        if not text:
            self.check_result.clear()
            return
        try:
            p = parse_payload(text)
        except (PixError, ValueError) as exc:
            set_role(self.check_result, "error")
            self.check_result.setText(f"Código inválido: {exc}")
            return
        amount = format_brl(p.amount_cents) if p.amount_cents else "livre (quem paga digita)"
        set_role(self.check_result, "ok")
        self.check_result.setText(
            f"Código válido. Chave: {p.key} · Recebedor: {p.name} · Cidade: {p.city} · "
            f"Valor: {amount} · Identificador: {p.txid or '***'}")
