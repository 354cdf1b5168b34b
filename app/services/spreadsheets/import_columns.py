"""Columns of a customer spreadsheet: the fields import understands and their header synonyms.

A header is matched case- and accent-insensitively, in Portuguese and English, first on the
whole header ("data de nascimento"), then on its words ("Celular 2", "Nome da cliente").
A header that matches nothing is an *unknown* column; by default its values go to the notes.
That matching rule (``match_header``) is also the pieces sheet's, with its own synonyms.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from enum import StrEnum
from typing import TypeVar

from app.services.core.text import fold


class Field(StrEnum):
    """Where a column's values go."""

    NAME = "name"
    PHONE = "phone"
    CPF = "cpf"
    EMAIL = "email"
    CHANNEL = "channel"  # issue 24: the channel she prefers
    BIRTHDAY = "birthday"
    ADDRESS = "address"
    NEIGHBOURHOOD = "neighbourhood"
    CITY = "city"
    BALANCE = "balance"
    DUE = "due"
    CREDIT_LIMIT = "credit_limit"
    NOTES = "notes"
    IGNORE = "ignore"


LABELS: dict[Field, str] = {
    Field.NAME: "Nome",
    Field.PHONE: "Telefone",
    Field.CPF: "CPF",
    Field.EMAIL: "E-mail",
    Field.CHANNEL: "Canal preferido",
    Field.BIRTHDAY: "Aniversário",
    Field.ADDRESS: "Endereço",
    Field.NEIGHBOURHOOD: "Bairro",
    Field.CITY: "Cidade",
    Field.BALANCE: "Saldo (quanto deve)",
    Field.DUE: "Vencimento",
    Field.CREDIT_LIMIT: "Limite de crédito",
    Field.NOTES: "Observações",
    Field.IGNORE: "Não importar",
}

# Whole-header synonyms (folded). Checked before the word synonyms below.
_PHRASES: dict[str, Field] = {
    "nome completo": Field.NAME,
    "first name": Field.NAME,
    "last name": Field.NAME,
    "ultimo nome": Field.NAME,
    "nome da cliente": Field.NAME,
    "nome do cliente": Field.NAME,
    "data de nascimento": Field.BIRTHDAY,
    "data nasc": Field.BIRTHDAY,
    "dt nasc": Field.BIRTHDAY,
    "limite de credito": Field.CREDIT_LIMIT,
    "saldo devedor": Field.BALANCE,
    "valor devido": Field.BALANCE,
    "data de vencimento": Field.DUE,
    "proximo vencimento": Field.DUE,
    "due date": Field.DUE,
    "e mail": Field.EMAIL,
    "contato por": Field.CHANNEL,
    "contatar por": Field.CHANNEL,
    "contato preferido": Field.CHANNEL,
    "preferencia de contato": Field.CHANNEL,
    "meio de contato": Field.CHANNEL,
    "falar por": Field.CHANNEL,
    "preferred channel": Field.CHANNEL,
}

_WORDS: dict[str, Field] = {
    **dict.fromkeys(("nome", "cliente", "clientes", "name", "nomes", "sobrenome", "surname"),
                    Field.NAME),
    **dict.fromkeys(
        ("telefone", "telefones", "celular", "cel", "whats", "whatsapp", "zap", "fone", "numero",
         "phone", "mobile", "tel", "contato"), Field.PHONE),
    "cpf": Field.CPF,
    **dict.fromkeys(("email", "mail"), Field.EMAIL),
    **dict.fromkeys(("canal", "canais", "channel"), Field.CHANNEL),
    **dict.fromkeys(("nascimento", "aniversario", "birthday", "nasc", "niver"), Field.BIRTHDAY),
    **dict.fromkeys(("endereco", "rua", "address", "logradouro"), Field.ADDRESS),
    **dict.fromkeys(("bairro", "neighbourhood", "neighborhood"), Field.NEIGHBOURHOOD),
    **dict.fromkeys(("cidade", "city", "municipio"), Field.CITY),
    **dict.fromkeys(("saldo", "debito", "deve", "valor", "balance", "divida", "devendo"),
                    Field.BALANCE),
    **dict.fromkeys(("vencimento", "venc", "due", "vence"), Field.DUE),
    **dict.fromkeys(("limite",), Field.CREDIT_LIMIT),
    **dict.fromkeys(("observacao", "observacoes", "obs", "notes", "note", "notas", "anotacoes"),
                    Field.NOTES),
}

# The extra columns of the "linhas não importadas" file: ignored when she imports it again.
REJECTED_HEADERS = ("Linha original", "Situação na importação", "Motivo (não importada)")
_REJECTED = frozenset(fold(h) for h in REJECTED_HEADERS)

# Fields that take one column; a second column of the same kind goes to the notes
# (phones are the exception: every phone column is read, the first mobile wins).
SINGLE = frozenset(Field) - {Field.PHONE, Field.NOTES, Field.IGNORE}


F = TypeVar("F")


def header_words(header: str) -> list[str]:
    """The header's words folded (lower case, no accents), punctuation and spaces dropped."""
    return [w for w in re.split(r"[^a-z0-9]+", fold(header)) if w]


def match_header(header: str, phrases: Mapping[str, F], words: Mapping[str, F]) -> F | None:
    """What a header names: the first of ``phrases`` (folded words joined by one space) that is
    the whole header or its beginning, else the first of its words found in ``words``; None
    when neither matches."""
    folded = header_words(header)
    phrase = " ".join(folded)
    for key, field in phrases.items():
        if phrase == key or phrase.startswith(key + " "):
            return field
    return next((words[word] for word in folded if word in words), None)


def guess_field(header: str) -> Field | None:
    """The field a header names, or None when it is not one import knows."""
    return match_header(header, _PHRASES, _WORDS)


def _is_surname(header: str) -> bool:
    """"Sobrenome", "Último nome", "Last name": joined to the name column before it."""
    phrase = " ".join(header_words(header))
    return phrase in ("sobrenome", "surname", "last name", "ultimo nome")


def guess_mapping(headers: tuple[str, ...]) -> tuple[Field, ...]:
    """One field per column: known headers mapped, repeats and unknown ones to the notes,
    headerless columns ignored. A column with the same title as the one just before it (a
    title merged over both) goes where that one goes: "Endereço" over street and number."""
    taken: set[Field] = set()
    result: list[Field] = []
    for i, header in enumerate(headers):
        if i and str(header).strip() and header == headers[i - 1]:
            result.append(result[-1])
            continue
        field = Field.IGNORE if fold(header) in _REJECTED else guess_field(header)
        if field is None:
            field = Field.NOTES if str(header).strip() else Field.IGNORE
        elif field in SINGLE and field in taken and not _is_surname(header):
            field = Field.NOTES
        taken.add(field)
        result.append(field)
    return tuple(result)


def header_score(cells: list[str]) -> int:
    """How many cells of a row look like known headers (to find the header row)."""
    return sum(1 for cell in cells if isinstance(cell, str) and guess_field(cell) is not None)
