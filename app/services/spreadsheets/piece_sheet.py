"""A pieces spreadsheet both ways: the columns import understands and the rows export writes.

Rules:
- The export ("Exportar peças") has one row per variant of every piece in the catalogue (not
  the archived ones): Peça, Referência, Tamanho, Cor, Estoque, Com defeito, Preço, Custo;
  a "Único" variant has its size and colour cells empty. Those headers are the ones import
  reads back, so exporting and importing again changes nothing (``import_pieces``).
- A header is matched case- and accent-insensitively, first on the whole header ("preço de
  custo", "código de barras"), then on its words: Peça/Produto/Nome/Descrição/Item/Modelo,
  Ref/Referência/Código/SKU, Tam/Tamanho/Numeração, Cor/Cores, Qtd/Qtde/Quantidade/Estoque,
  Com defeito, Preço/Valor/Venda, Custo/Compra. A header that names a total or a barcode
  (one code per variant, not per piece) is not imported; nor is a second column of a field
  already taken, nor a column the program has no field for.
- One row is read as people write it (``PieceRowCleaner``): names and texts cleaned like
  the forms (invisible characters out, spaces collapsed); a size or colour written "Único"
  (or "-") is the single variant; quantities are whole numbers ("2", 2.0; empty is 0);
  prices and costs are amounts as ``import_clean.clean_amount`` reads them ("R$ 89,90",
  "89,90", 89.9 are all 8990 centavos). A row without a name, a quantity that is negative
  or not a whole number, or a price that is not a value above zero is an error of that row
  (with a code and a sentence); a cost or "com defeito" that cannot be read is left out,
  with a warning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from pathlib import Path

from app.models.db import database
from app.services.core.sql import flag
from app.services.core.text import fold, has_letter
from app.services.spreadsheets.import_clean import cell_text, clean_amount, is_empty
from app.services.spreadsheets.import_columns import match_header
from app.services.spreadsheets.spreadsheet_read import SourceRow
from app.services.spreadsheets.xlsx_writer import Col, Kind, new_workbook, save_whole, write_sheet


class PieceField(StrEnum):
    """Where a column of a pieces spreadsheet goes."""

    NAME = "name"
    REFERENCE = "reference"
    SIZE = "size"
    COLOUR = "colour"
    QUANTITY = "quantity"
    DEFECTIVE = "defective"
    PRICE = "price"
    COST = "cost"
    IGNORE = "ignore"


PIECE_LABELS: dict[PieceField, str] = {
    PieceField.NAME: "Peça (nome)",
    PieceField.REFERENCE: "Referência",
    PieceField.SIZE: "Tamanho",
    PieceField.COLOUR: "Cor",
    PieceField.QUANTITY: "Quantidade em estoque",
    PieceField.DEFECTIVE: "Com defeito",
    PieceField.PRICE: "Preço de venda",
    PieceField.COST: "Custo",
    PieceField.IGNORE: "Não importar",
}

# Whole-header synonyms (folded words joined by one space), checked before the words.
_PHRASES: dict[str, PieceField] = {
    "preco de custo": PieceField.COST, "valor de custo": PieceField.COST,
    "custo unitario": PieceField.COST, "preco de compra": PieceField.COST,
    "valor de compra": PieceField.COST, "valor pago": PieceField.COST,
    "preco de venda": PieceField.PRICE, "valor de venda": PieceField.PRICE,
    "preco unitario": PieceField.PRICE, "valor unitario": PieceField.PRICE,
    "com defeito": PieceField.DEFECTIVE, "pecas com defeito": PieceField.DEFECTIVE,
    "estoque minimo": PieceField.IGNORE, "estoque baixo": PieceField.IGNORE,
    "codigo de barras": PieceField.IGNORE, "cod de barras": PieceField.IGNORE,
    "valor total": PieceField.IGNORE, "valor em estoque": PieceField.IGNORE,
    "nome da peca": PieceField.NAME, "nome do produto": PieceField.NAME,
    "descricao do produto": PieceField.NAME,
}
_WORDS: dict[str, PieceField] = {
    **dict.fromkeys(("peca", "produto", "produtos", "nome", "descricao", "item", "artigo",
                     "modelo", "mercadoria", "piece", "product", "name"), PieceField.NAME),
    **dict.fromkeys(("ref", "referencia", "codigo", "cod", "sku", "reference", "code"),
                    PieceField.REFERENCE),
    **dict.fromkeys(("tam", "tamanho", "tamanhos", "numeracao", "size"), PieceField.SIZE),
    **dict.fromkeys(("cor", "cores", "colour", "color"), PieceField.COLOUR),
    **dict.fromkeys(("qtd", "qtde", "qt", "quant", "quantidade", "estoque", "unidades",
                     "quantity", "stock"), PieceField.QUANTITY),
    **dict.fromkeys(("defeito", "defeituosas", "avariadas", "defective"), PieceField.DEFECTIVE),
    **dict.fromkeys(("preco", "valor", "venda", "price"), PieceField.PRICE),
    **dict.fromkeys(("custo", "compra", "cost"), PieceField.COST),
    **dict.fromkeys(("ean", "gtin", "total", "subtotal"), PieceField.IGNORE),
}


def guess_piece_field(header: str) -> PieceField | None:
    """The field a header names (IGNORE for totals and barcodes), or None when unknown; the
    same matching as the customer sheet's (``import_columns.match_header``)."""
    return match_header(header, _PHRASES, _WORDS)


def guess_piece_mapping(headers: tuple[str, ...]) -> tuple[PieceField, ...]:
    """One field per column: the first column of each field wins; repeated, unknown and
    headerless columns are not imported."""
    taken: set[PieceField] = set()
    result = []
    for header in headers:
        field = guess_piece_field(header) or PieceField.IGNORE
        if field in taken and field is not PieceField.IGNORE:
            field = PieceField.IGNORE
        taken.add(field)
        result.append(field)
    return tuple(result)


def piece_header_score(cells: list) -> int:
    """How many cells of a row look like pieces headers (to find the header row)."""
    return sum(1 for cell in cells if isinstance(cell, str)
               and guess_piece_field(cell) not in (None, PieceField.IGNORE))


PIECE_COLS = (
    Col("Peça", width=32), Col("Referência", width=12), Col("Tamanho", width=9),
    Col("Cor", width=14), Col("Estoque", Kind.INT, 9), Col("Com defeito", Kind.INT, 11),
    Col("Preço", Kind.MONEY, 12), Col("Custo", Kind.MONEY, 12),
)
_LIVE = f"{flag('p.archived', False)} AND {flag('v.archived', False)}"  # sellable
PIECES_SQL = f"""
SELECT p.name, p.reference, v.size, v.colour, v.stock, v.defective, p.price_cents, p.cost_cents
FROM piece_variant v JOIN piece p ON p.id = v.piece_id
WHERE {_LIVE}
ORDER BY p.search_key, p.id, v.id
"""
PIECES_COUNT_SQL = ("SELECT COUNT(*) FROM piece_variant v JOIN piece p ON p.id = v.piece_id "
             f"WHERE {_LIVE}")


def piece_rows():
    """Rows of the pieces sheet, one per variant, in the columns of ``PIECE_COLS``."""
    yield from database.execute_sql(PIECES_SQL)


EXAMPLE = (
    ("Vestido Lírio", "VL-01", "P", "rosa", 2, 0, 18_990, 8_500),
    ("Vestido Lírio", "VL-01", "M", "rosa", 3, 0, 18_990, 8_500),
    ("Biquíni Copacabana", "BC-07", "M", "estampado", 4, 0, 8_990, 3_900),
    ("Kimono de seda", "", "", "", 1, 0, 12_990, None),
)
HELP = (
    ("Peça", "Obrigatório. O nome da peça (Vestido Lírio). Uma linha por tamanho e cor: as "
             "linhas com a mesma referência (ou, sem referência, o mesmo nome) viram uma peça "
             "só, com a sua grade."),
    ("Referência", "Opcional. O seu código da peça; não pode ser de duas peças diferentes."),
    ("Tamanho", "Opcional: P, M, G, GG, 36, 38… Vazio (e cor vazia): tamanho único."),
    ("Cor", "Opcional."),
    ("Estoque", "Quantas peças há dessa variação, número inteiro. Só entra para as variações "
                "novas: de uma que já está no programa, o estoque não muda (use Entrada de "
                "peças ou Ajuste)."),
    ("Com defeito", "Só informativo (vem da exportação): peças com defeito não entram no "
                    "estoque."),
    ("Preço", "Preço de venda, como R$ 89,90 ou 89,90. Obrigatório na primeira linha de uma "
              "peça nova."),
    ("Custo", "Opcional. Quanto você pagou ao fornecedor por peça."),
)


def write_piece_template(path: str | Path) -> None:
    """The pieces "modelo de planilha": the export's headers, example rows, how to fill in."""
    wb = new_workbook()
    write_sheet(wb, "Peças", PIECE_COLS, EXAMPLE)
    write_sheet(wb, "Como preencher", (Col("Coluna", width=16), Col("Como preencher", width=90)),
                HELP)
    save_whole(wb, Path(path))


MAX_NAME = 120
MAX_GRID_TEXT = 40  # a size or a colour
MAX_COUNT = 9_999  # stock.MAX_QUANTITY
_UNIQUE = frozenset({"unico", "unica", "tamanho unico", "tam unico", "cor unica", "u n",
                     "-", "--"})
_WHOLE = re.compile(r"^[+-]?\d{1,9}(?:[.,]0+)?$")


@dataclass(frozen=True, slots=True)
class PieceCandidate:
    """The cleaned values of one row: one variant of one piece."""

    name: str
    reference: str = ""
    size: str = ""
    colour: str = ""
    quantity: int = 0
    defective: int = 0
    price_cents: int | None = None
    cost_cents: int | None = None

    @property
    def label(self) -> str:
        """"Vestido Lírio M rosa" (a "Único" variant is the name alone)."""
        return " ".join(p for p in (self.name, self.size, self.colour) if p)


@dataclass(frozen=True, slots=True)
class CleanPieceRow:
    source: SourceRow
    candidate: PieceCandidate | None  # None: the row is an error (``code`` says which)
    code: str  # "" for a usable row
    problems: tuple[str, ...]  # warnings, or the error sentence
    name: str = ""  # the name cell as read (shown beside an error too)


class RowError(ValueError):
    """One row cannot be imported: ``code`` decides, the text explains."""

    def __init__(self, code: str, message: str):
        self.code = code
        super().__init__(message)


def _text(value) -> str:
    return " ".join(cell_text(value).split())


def _grid_text(value, label: str) -> str:
    text = _text(value)
    if _means_unique(text):
        return ""
    if len(text) > MAX_GRID_TEXT:
        raise RowError("too_long", f"{label} com mais de {MAX_GRID_TEXT} letras: “{text[:20]}…”.")
    return text


@lru_cache(maxsize=4_096)
def _means_unique(text: str) -> bool:
    """"Único", "tam. único", "-": the single variant (remembered: a list repeats sizes)."""
    return fold(text).replace("/", " ").replace(".", " ").strip() in _UNIQUE


def clean_count(value, label: str = "Estoque") -> int:
    """A whole number of pieces (0 for an empty cell); RowError otherwise."""
    if is_empty(value):
        return 0
    if isinstance(value, bool):
        raise RowError("not_whole", f"{label} “{cell_text(value)}” não é um número de peças.")
    if isinstance(value, float):
        if not value.is_integer():
            raise RowError("not_whole", f"{label} “{cell_text(value).replace('.', ',')}” não "
                                        "é um número inteiro de peças.")
        value = int(value)
    if not isinstance(value, int):
        text = cell_text(value).strip()
        if not _WHOLE.match(text):
            raise RowError("not_whole", f"{label} “{text}” não é um número inteiro de peças.")
        value = int(re.split(r"[.,]", text)[0])
    if value < 0:
        raise RowError("negative", f"{label} negativo ({value}): escreva quantas peças há "
                                   "(0 ou mais).")
    if value > MAX_COUNT:
        raise RowError("too_many", f"{label} acima de {MAX_COUNT} peças.")
    return value


class PieceRowCleaner:
    """Cleans the rows of one table (the first column of each field is read)."""

    def __init__(self, mapping: tuple[PieceField, ...]):
        self.columns: dict[PieceField, int] = {}
        for index, field in enumerate(mapping):
            if field is not PieceField.IGNORE:
                self.columns.setdefault(field, index)

    def _cell(self, source: SourceRow, field: PieceField):
        index = self.columns.get(field)
        values = source.values
        return values[index] if index is not None and index < len(values) else None

    def clean(self, source: SourceRow) -> CleanPieceRow:
        """Clean one row: a candidate and its warnings, or an error code and sentence."""
        if source.problem:
            return CleanPieceRow(source, None, "unreadable", (source.problem,))
        try:
            candidate, warnings = self._candidate(source)
        except RowError as exc:
            name = _text(self._cell(source, PieceField.NAME))[:MAX_NAME]
            return CleanPieceRow(source, None, exc.code, (str(exc),), name)
        return CleanPieceRow(source, candidate, "", warnings, candidate.name)

    def _candidate(self, source: SourceRow) -> tuple[PieceCandidate, tuple[str, ...]]:
        name = _text(self._cell(source, PieceField.NAME))
        if not name:
            raise RowError("no_name", "Linha sem o nome da peça: escreva o nome e importe de "
                                      "novo.")
        if not has_letter(name):
            raise RowError("no_name", f"O nome “{name}” não tem nenhuma letra: escreva o nome "
                                      "da peça.")
        if len(name) > MAX_NAME:
            raise RowError("too_long", f"Nome da peça com mais de {MAX_NAME} letras.")
        reference = _text(self._cell(source, PieceField.REFERENCE))
        if len(reference) > MAX_GRID_TEXT:
            raise RowError("too_long", f"Referência com mais de {MAX_GRID_TEXT} letras.")
        warnings: list[str] = []
        return PieceCandidate(
            name, reference, _grid_text(self._cell(source, PieceField.SIZE), "Tamanho"),
            _grid_text(self._cell(source, PieceField.COLOUR), "Cor"),
            clean_count(self._cell(source, PieceField.QUANTITY)),
            _optional_count(self._cell(source, PieceField.DEFECTIVE), warnings),
            _price(self._cell(source, PieceField.PRICE)),
            _cost(self._cell(source, PieceField.COST), warnings)), tuple(warnings)


def _price(value) -> int | None:
    try:
        cents = clean_amount(value)
    except ValueError:
        raise RowError("bad_price", f"Preço “{cell_text(value)}” não é um valor: escreva, por "
                                    "exemplo, 89,90.") from None
    if cents is not None and cents <= 0:
        raise RowError("bad_price", "O preço de venda deve ser maior que zero.")
    return cents


def _cost(value, warnings: list[str]) -> int | None:
    try:
        cents = clean_amount(value)
    except ValueError:
        warnings.append(f"Custo “{cell_text(value)}” não é um valor: ficou sem custo.")
        return None
    if cents is not None and cents < 0:
        warnings.append("Custo negativo: ficou sem custo.")
        return None
    return cents


def _optional_count(value, warnings: list[str]) -> int:
    try:
        return clean_count(value, "Com defeito")
    except RowError as exc:
        warnings.append(f"{exc} Não foi usado.")
        return 0
