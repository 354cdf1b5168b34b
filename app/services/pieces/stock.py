"""Stock: every change of a variant's count is a movement row written in the same transaction.

The rules:

- A variant has two counts: ``stock`` (on the shelf, can be sold) and ``defective`` (came back
  "com defeito": kept aside, not for sale, not lost). Each movement kind belongs to one of
  them (``KIND_BUCKET``) and its ``quantity`` is the signed change of that count; the count
  after the move is stored beside it, so the history answers "where did the three M go?"
  line by line, and ``stock`` always equals the sum of its movements.
- No count ever goes below zero: a sale of more than the shelf holds is refused with a
  sentence (the database refuses it too, by CHECK), unless the item is sold "sob encomenda"
  (an order: no stock is taken, no movement is written).
- An entry (she bought from her supplier) adds to the shelf with its unit cost and date; an
  adjustment sets the count she counted, with a reason; both are history rows like a sale.
- Movements are never edited or deleted: undoing is a new movement the other way.
- A condicional (malinha, issue 23) keeps a third count, ``in_conditional``: the pieces out
  with customers on approval. Going out takes from the shelf into the malinha, coming back
  does the reverse (one row each: the shelf's change, the malinha's is its opposite,
  ``KIND_COUNTERPART``); a piece she kept is sold from the malinha, not from the shelf.
  Where every piece is, is computable from the movements alone (``where_pieces_are``):
  entered + adjusted = shelf + malinhas + defective + sold + discarded.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from app.models.db import database, stamp
from app.models.pieces import Piece, PieceVariant, StockMove
from app.services.core.changes import Topic, writes
from app.services.core.errors import NotFound, ValidationError
from app.services.core.text import clean_text

MAX_QUANTITY = 9_999


class MoveKind(StrEnum):
    """Why a count changed (stored in ``stock_move.kind``; pt-BR in ``MOVE_LABELS``)."""

    OPENING = "opening"  # the count typed when the piece was registered
    ENTRY = "entry"  # bought from the supplier
    ADJUSTMENT = "adjustment"  # she counted and corrected, with a reason
    SALE = "sale"
    SALE_CANCELLED = "sale_cancelled"  # a sale undone before any payment
    RETURN = "return"  # came back from a sale, to the shelf
    RETURN_DEFECTIVE = "return_defective"  # came back with a defect: kept aside
    DEFECTIVE_OUT = "defective_out"  # a defective piece thrown away or sent back
    EXCHANGE = "exchange"  # taken by an exchange (troca)
    CONDITIONAL_OUT = "conditional_out"  # into a malinha (shelf → malinha)
    CONDITIONAL_BACK = "conditional_back"  # back from a malinha (malinha → shelf)
    CONDITIONAL_KEPT = "conditional_kept"  # she kept it: sold from the malinha
    CONDITIONAL_UNDONE = "conditional_undone"  # an acerto undone: the kept piece is out again


MOVE_LABELS = {
    MoveKind.OPENING: "Estoque inicial",
    MoveKind.ENTRY: "Entrada de peças",
    MoveKind.ADJUSTMENT: "Ajuste",
    MoveKind.SALE: "Venda",
    MoveKind.SALE_CANCELLED: "Venda cancelada",
    MoveKind.RETURN: "Devolução",
    MoveKind.RETURN_DEFECTIVE: "Devolução com defeito",
    MoveKind.DEFECTIVE_OUT: "Saída de peça com defeito",
    MoveKind.EXCHANGE: "Troca",
    MoveKind.CONDITIONAL_OUT: "Saiu na condicional",
    MoveKind.CONDITIONAL_BACK: "Voltou da condicional",
    MoveKind.CONDITIONAL_KEPT: "Vendida da condicional",
    MoveKind.CONDITIONAL_UNDONE: "Acerto da condicional desfeito",
}
SHELF, DEFECTIVE, BAG = "stock", "defective", "in_conditional"
KIND_BUCKET = {kind: SHELF for kind in MoveKind} | {
    MoveKind.RETURN_DEFECTIVE: DEFECTIVE, MoveKind.DEFECTIVE_OUT: DEFECTIVE,
    MoveKind.CONDITIONAL_KEPT: BAG, MoveKind.CONDITIONAL_UNDONE: BAG}
# kinds that move pieces between two counts: the other count changes by −quantity
KIND_COUNTERPART = {MoveKind.CONDITIONAL_OUT: BAG, MoveKind.CONDITIONAL_BACK: BAG}
# kinds that change how many are sold (by −quantity: a sale's −2 is two more sold)
SOLD_KINDS = frozenset({MoveKind.SALE, MoveKind.SALE_CANCELLED, MoveKind.RETURN,
                        MoveKind.RETURN_DEFECTIVE, MoveKind.EXCHANGE, MoveKind.CONDITIONAL_KEPT,
                        MoveKind.CONDITIONAL_UNDONE})
_WHERE = {SHELF: "em estoque", DEFECTIVE: "separadas com defeito", BAG: "em condicional"}


@dataclass(frozen=True)
class MoveView:
    """One line of a variant's history, as she reads it."""

    id: int
    day: date
    kind: MoveKind
    label: str
    quantity: int  # signed change
    count_after: int
    defective: bool  # the change is to the pieces kept aside, not the shelf
    unit_cost_cents: int | None
    note: str
    customer: str = ""  # whose sale or return it was (her name as it is now)
    customer_id: int | None = None
    conditional_id: int | None = None  # the malinha it went to or came from (issue 23)


def variant_name(variant: PieceVariant) -> str:
    """"Vestido Lírio M rosa", "Bolsa palha" (a "Único" variant adds nothing)."""
    parts = [variant.piece.name, variant.size, variant.colour]
    return " ".join(p for p in parts if p)


def move(variant: PieceVariant, kind: MoveKind, quantity: int, day: date, *,
         unit_cost_cents: int | None = None, sale_item_id: int | None = None,
         sale_return_id: int | None = None, note: str = "",
         conditional_id: int | None = None) -> StockMove:
    """Change one count of ``variant`` by ``quantity`` (and its counterpart by the opposite,
    ``KIND_COUNTERPART``) and write its history row; call inside the caller's transaction.
    ValidationError when a count would go below zero."""
    changes = {KIND_BUCKET[kind]: quantity}
    if kind in KIND_COUNTERPART:
        changes[KIND_COUNTERPART[kind]] = -quantity
    for bucket, change in changes.items():
        if getattr(variant, bucket) + change < 0:
            raise ValidationError(
                {"stock": f"Só há {getattr(variant, bucket)} {variant_name(variant)} "
                          f"{_WHERE[bucket]}."}, {"stock": "not_enough"})
    after = {bucket: getattr(variant, bucket) + change for bucket, change in changes.items()}
    database.execute_sql(  # plain SQL: a sale writes one per piece
        "UPDATE piece_variant SET " + ", ".join(f"{bucket} = ?" for bucket in after)
        + " WHERE id = ?", (*after.values(), variant.id))
    for bucket, count in after.items():
        setattr(variant, bucket, count)
    row = dict(variant=variant.id, move_date=day, kind=str(kind), quantity=quantity,
               count_after=after[KIND_BUCKET[kind]], unit_cost_cents=unit_cost_cents,
               sale_item=sale_item_id, sale_return=sale_return_id,
               note=clean_text(note, multiline=True),
               conditional_id=conditional_id, created_at=stamp())
    cursor = database.execute_sql(
        "INSERT INTO stock_move (variant_id, move_date, kind, quantity, count_after, "
        "unit_cost_cents, sale_item_id, sale_return_id, note, conditional_id, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (variant.id, day.isoformat(), str(kind), quantity, row["count_after"],
         unit_cost_cents, sale_item_id, sale_return_id, row["note"], conditional_id,
         StockMove.created_at.db_value(row["created_at"])))
    written = StockMove(id=cursor.lastrowid, **row)
    written._dirty.clear()
    return written


_V_FIELDS = PieceVariant._meta.sorted_fields
_P_FIELDS = Piece._meta.sorted_fields
_GET_VARIANT_SQL = (  # one statement written once: a sale asks for every variant it takes
    "SELECT " + ", ".join([f"v.{f.column_name}" for f in _V_FIELDS]
                          + [f"p.{f.column_name}" for f in _P_FIELDS])
    + " FROM piece_variant v JOIN piece p ON p.id = v.piece_id WHERE v.id = ?")


def get_variant(variant_id: int) -> PieceVariant:
    """The variant with its piece (NotFound with a sentence when it does not exist)."""
    row = database.execute_sql(_GET_VARIANT_SQL, (variant_id,)).fetchone()
    if row is None:
        raise NotFound("Essa peça não está no catálogo.")
    split = len(_V_FIELDS)
    piece = Piece(**{f.name: f.python_value(value)
                     for f, value in zip(_P_FIELDS, row[split:], strict=True)})
    values = {f.name: f.python_value(value) for f, value in zip(_V_FIELDS, row[:split],
                                                                  strict=True)}
    values["piece"] = piece
    variant = PieceVariant(**values)
    piece._dirty.clear()  # as read from the file: nothing to save
    variant._dirty.clear()
    return variant


def check_available(wanted: dict[int, int]) -> dict[int, str]:
    """``variant id → quantity`` wanted from the shelf → variant id → the sentence saying
    how many there are, for each variant that does not have enough (empty: all fine)."""
    problems = {}
    for variant_id, quantity in wanted.items():
        variant = get_variant(variant_id)
        if variant.stock < quantity:
            have = variant.stock
            problems[variant_id] = (
                f"Só há {have} {variant_name(variant)} em estoque"
                f" (pediu {quantity}). Diminua a quantidade ou marque “sob encomenda”."
                if have else f"{variant_name(variant)} está sem estoque. Marque “sob encomenda” "
                "se ela vai esperar a peça chegar.")
    return problems


@writes(Topic.PIECES)
def record_entry(quantities: dict[int, int], day: date, today: date,
                 unit_cost_cents: int | None = None, note: str = "") -> int:
    """Entrada de peças: add ``variant id → quantity`` to the shelf on ``day`` (bought from
    the supplier at ``unit_cost_cents`` each, which becomes the piece's cost); one
    transaction; returns the number of pieces entered."""
    errors = _entry_errors(quantities, day, today, unit_cost_cents)
    if errors:
        raise ValidationError(errors)
    with database.atomic():
        for variant_id, quantity in quantities.items():
            variant = get_variant(variant_id)
            move(variant, MoveKind.ENTRY, quantity, day, unit_cost_cents=unit_cost_cents,
                 note=note)
            if unit_cost_cents is not None:
                Piece.update(cost_cents=unit_cost_cents).where(
                    Piece.id == variant.piece_id).execute()
    return sum(quantities.values())


def _entry_errors(quantities, day, today, unit_cost_cents) -> dict[str, str]:
    errors = {}
    if not any(quantities.values()):
        errors["quantity"] = "Informe quantas peças chegaram."
    elif any(not 0 <= q <= MAX_QUANTITY for q in quantities.values()):
        errors["quantity"] = f"Quantidade entre 1 e {MAX_QUANTITY}."
    if day > today:
        errors["date"] = "A data da entrada não pode ser no futuro."
    if unit_cost_cents is not None and unit_cost_cents < 0:
        errors["cost"] = "O custo não pode ser negativo."
    return errors


@writes(Topic.PIECES)
def adjust_stock(variant_id: int, counted: int, reason: str, today: date) -> int:
    """She counted ``counted`` pieces of one variant on the shelf: ``adjust_counts`` for one
    (the same rule, the same messages); returns the change (0 writes nothing)."""
    with database.atomic():
        before = get_variant(variant_id).stock
        adjust_counts({variant_id: counted}, reason, today)
    return counted - before


@writes(Topic.PIECES)
def adjust_counts(counted: dict[int, int], reason: str, today: date) -> int:
    """She counted a piece's shelf: ``variant id → pieces counted``; each difference is an
    adjustment with her ``reason`` (required), all in one transaction; returns how many
    variants changed (0 writes nothing)."""
    errors = {}
    if not clean_text(reason):
        errors["reason"] = "Diga o motivo do ajuste (por exemplo: contagem, peça perdida)."
    if any(not 0 <= n <= MAX_QUANTITY for n in counted.values()):
        errors["counted"] = "O estoque contado não pode ser negativo."
    if errors:
        raise ValidationError(errors)
    changed = 0
    with database.atomic():
        for variant_id, quantity in counted.items():
            variant = get_variant(variant_id)
            if quantity != variant.stock:
                move(variant, MoveKind.ADJUSTMENT, quantity - variant.stock, today, note=reason)
                changed += 1
    return changed


@writes(Topic.PIECES)
def discard_defective(variant_id: int, quantity: int, reason: str, today: date) -> None:
    """Pieces kept aside as defective leave for good (thrown away, sent back to the
    supplier): ``quantity`` of them, at most as many as are kept aside."""
    if not 1 <= quantity <= MAX_QUANTITY:
        raise ValidationError({"quantity": "Informe quantas peças com defeito saem."})
    with database.atomic():
        move(get_variant(variant_id), MoveKind.DEFECTIVE_OUT, -quantity, today,
             note=clean_text(reason, multiline=True) or "Peça com defeito descartada")


_HISTORY_SQL = """
SELECT m.id, m.move_date, m.kind, m.quantity, m.count_after, m.unit_cost_cents, m.note,
       COALESCE(c.name, rc.name, kc.name, ''), COALESCE(c.id, rc.id, kc.id), m.conditional_id
FROM stock_move m
LEFT JOIN sale_item i ON i.id = m.sale_item_id
LEFT JOIN sale s ON s.id = i.sale_id
LEFT JOIN customer c ON c.id = s.customer_id
LEFT JOIN sale_return r ON r.id = m.sale_return_id
LEFT JOIN customer rc ON rc.id = r.customer_id
LEFT JOIN conditional k ON k.id = m.conditional_id
LEFT JOIN customer kc ON kc.id = k.customer_id
WHERE m.variant_id = ? ORDER BY m.id DESC
"""


def history(variant_id: int) -> list[MoveView]:
    """Every movement of the variant, newest first, with the customer whose sale, return or
    malinha it was (her name as it is now: a corrected or anonymised name reads the new way)."""
    views = []
    for mid, day, kind, quantity, after, cost, note, customer, customer_id, bag in (
            database.execute_sql(_HISTORY_SQL, (variant_id,))):
        kind = MoveKind(kind)
        views.append(MoveView(mid, date.fromisoformat(day[:10]), kind, MOVE_LABELS[kind],
                              quantity, after, KIND_BUCKET[kind] == DEFECTIVE, cost, note,
                              customer, customer_id, bag))
    return views

@dataclass(frozen=True)
class PieceCounts:
    """Where the pieces of a variant are, summed from its movements alone."""

    entered: int  # opening counts and entries from the supplier
    adjusted: int  # what her counts corrected (+ found, − lost)
    shelf: int
    in_conditional: int  # out in malinhas
    defective: int  # kept aside
    sold: int  # sold (and kept from malinhas), less what came back
    discarded: int  # defective pieces thrown away or sent back

    @property
    def balanced(self) -> bool:
        """entered + adjusted = shelf + malinhas + defective + sold + discarded."""
        return self.entered + self.adjusted == (self.shelf + self.in_conditional
                                                + self.defective + self.sold + self.discarded)


def where_pieces_are(variant_id: int) -> PieceCounts:
    """The variant's counts recomputed from its movements (see the module docstring)."""
    totals: Counter = Counter()
    for kind, quantity in database.execute_sql(
            "SELECT kind, SUM(quantity) FROM stock_move WHERE variant_id = ? GROUP BY kind",
            (variant_id,)).fetchall():
        kind = MoveKind(kind)
        totals[KIND_BUCKET[kind]] += quantity
        if kind in KIND_COUNTERPART:
            totals[KIND_COUNTERPART[kind]] -= quantity
        if kind in SOLD_KINDS:
            totals["sold"] -= quantity
        if kind in (MoveKind.OPENING, MoveKind.ENTRY):
            totals["entered"] += quantity
        elif kind is MoveKind.ADJUSTMENT:
            totals["adjusted"] += quantity
        elif kind is MoveKind.DEFECTIVE_OUT:
            totals["discarded"] -= quantity
    return PieceCounts(totals["entered"], totals["adjusted"], totals[SHELF], totals[BAG],
                       totals[DEFECTIVE], totals["sold"], totals["discarded"])


def wanted_from_shelf(items) -> Counter:
    """variant id → total quantity the catalogue items of a sale take from the shelf."""
    wanted: Counter = Counter()
    for item in items:
        if item.piece_variant_id is not None and not item.on_order:
            wanted[item.piece_variant_id] += item.quantity
    return wanted
