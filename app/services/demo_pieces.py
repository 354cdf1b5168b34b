"""Demo data for the pieces: a believable fashion catalogue, its stock history, and returns and
an exchange on the demo's sales (issue 22).

- The normal catalogue is a reseller's bag: vestidos, blusas, saias, calças, biquínis,
  maiôs, kimonos, bolsas…, each with a reference, a price ending in ,90, a cost (most of
  them) and its grid: P/M/G/GG, 36–44 for jeans, or "Único" (kimonos, saídas de praia,
  bolsas), in one to three colours. ``harsh`` is the benchmarks' big one: ``HARSH_PIECES``
  pieces with ten variants each.
- Sales take their pieces from the catalogue (``pick_items``): about one line in twelve is
  typed by hand (an order, a one-off), and one in forty is sold "sob encomenda" (no stock
  taken). Every variant's history is whole and never below zero: an opening stock (dated
  the start of the demo) that covers everything it sold, each sale's movement on the sale
  day, and recent supplier entries with their cost on top; its stock is the sum.
- ``demo_returns`` then runs the real returns service on a few sales (partial, some
  "com defeito", one exchange for a dearer piece): values that fit in the sale's open
  installments, so nobody holds credit and the carnês stay as printed, only shorter.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from app.services.core.sql import flag
from app.services.core.text import fold
from app.services.pieces.catalog import search_key

LETTERS, NUMBERS, UNIQUE = ("P", "M", "G", "GG"), ("36", "38", "40", "42", "44"), ("",)
# (kind, names, sizes, price range in reais)
KINDS = (
    ("Vestido", ("Lírio", "Jasmim", "Aurora", "Primavera", "Bahia", "Flor de Lis"), LETTERS,
     (149, 249)),
    ("Blusa", ("Ana", "Cecília", "Ciganinha", "Bordada", "Manga Bufante"), LETTERS, (59, 99)),
    ("Saia", ("Midi Plissada", "Envelope", "Evasê"), LETTERS, (89, 139)),
    ("Saia Jeans", ("Mom", "Curta"), NUMBERS, (99, 139)),
    ("Calça", ("Jeans Skinny", "Pantalona", "Wide Leg", "Alfaiataria"), NUMBERS, (129, 199)),
    ("Short", ("Jeans", "Alfaiataria"), NUMBERS, (79, 109)),
    ("Biquíni", ("Copacabana", "Ipanema", "Búzios", "Noronha"), LETTERS[:3], (79, 129)),
    ("Maiô", ("Trancoso", "Arraial"), LETTERS[:3], (119, 159)),
    ("Macacão", ("Pantalona", "Curto"), LETTERS, (169, 229)),
    ("Conjunto", ("Cropped e Saia", "Linho"), LETTERS, (159, 219)),
    ("Cardigã", ("Tricô",), LETTERS, (109, 139)),
    ("Body", ("Canelado", "Decote V"), LETTERS[:3], (49, 69)),
    ("Kimono", ("Estampado", "de Seda"), UNIQUE, (99, 139)),
    ("Saída de Praia", ("Crochê", "Tule"), UNIQUE, (89, 129)),
    ("Blazer", ("Alfaiataria",), LETTERS, (229, 289)),
    ("Bolsa", ("Palha", "Couro"), UNIQUE, (119, 199)),
)
COLOURS = ("preto", "branco", "rosa", "azul", "verde", "bege", "vermelho", "estampado",
           "off-white", "caramelo")
FREE_TEXT = (("Vestido de festa sob medida", 34_990), ("Ajuste de barra", 2_500),
             ("Peça da feira", 6_990), ("Encomenda: conjunto de linho", 21_990))
HARSH_PIECES = 5_000
HARSH_SIZES = ("PP", "P", "M", "G", "GG")


@dataclass
class Catalogue:
    """What the demo's sales pick from: (variant id, unit price, piece name, grid label)."""

    variants: list[tuple[int, int, str, str]] = field(default_factory=list)
    pieces: int = 0


def _price(rng: random.Random, low: int, high: int) -> int:
    return rng.randint(low, high) * 100 - 10  # R$ 189,90


def _normal_pieces(rng: random.Random):
    n = 0
    for kind, names, sizes, (low, high) in KINDS:
        for name in names:
            n += 1
            colours = rng.sample(COLOURS, rng.choice((1, 2, 2, 3)))
            if kind == "Bolsa":
                colours = ["caramelo", "preto"][: len(colours)]
            initials = "".join(w[0] for w in f"{kind} {name}".split() if w[0].isalpha())
            grid = [(size, colour) for size in sizes for colour in colours]
            yield (f"{kind} {name}", f"{fold(initials).upper()}-{n:02d}",
                   _price(rng, low, high), grid)


def _harsh_pieces(rng: random.Random, count: int):
    for k in range(count):
        kind, names, sizes, (low, high) = KINDS[k % len(KINDS)]
        sizes = NUMBERS if sizes is NUMBERS else HARSH_SIZES
        colours = rng.sample(COLOURS, 2)
        grid = [(size, colour) for size in sizes for colour in colours]
        yield (f"{kind} {names[k % len(names)]} {k // len(KINDS) + 1}", f"D{k + 1:05d}",
               _price(rng, low, high), grid)


def demo_catalogue(conn, rng: random.Random, today: date, harsh: bool = False,
                   pieces: int | None = None) -> Catalogue:
    """The catalogue the demo's sales pick from: the one already in the file (a demo added
    to a caderneta that has pieces), else a new one (``write_catalogue``)."""
    existing = conn.execute(
        "SELECT v.id, p.price_cents, p.name, v.size, v.colour FROM piece_variant v JOIN piece p "
        f"ON p.id = v.piece_id WHERE {flag('p.archived', False)} AND {flag('v.archived', False)} "
        "ORDER BY v.id").fetchall()
    if not existing:
        return write_catalogue(conn, rng, today, harsh, pieces)
    return Catalogue([(vid, price, name, " ".join(x for x in (size, colour) if x))
                      for vid, price, name, size, colour in existing], 0)


def write_catalogue(conn, rng: random.Random, today: date, harsh: bool = False,
                    pieces: int | None = None) -> Catalogue:
    """Insert the demo catalogue (stock 0 for now: ``write_stock`` sets it) and return it."""
    created = datetime.combine(today - timedelta(days=600), datetime.min.time()).isoformat(" ")
    source = _harsh_pieces(rng, pieces or HARSH_PIECES) if harsh else _normal_pieces(rng)
    if pieces and not harsh:
        source = list(source)[:pieces]
    piece_id = _next_id(conn, "piece")
    variant_id = _next_id(conn, "piece_variant")
    piece_rows, variant_rows, catalogue = [], [], Catalogue()
    for name, ref, price, grid in source:
        cost = None if rng.random() < 0.1 else price * rng.randint(40, 50) // 100
        piece_rows.append((piece_id, name, search_key(name, ref, grid), ref, price, cost,
                           created))
        for size, colour in grid:
            variant_rows.append((variant_id, piece_id, size, colour))
            label = " ".join(p for p in (size, colour) if p)
            catalogue.variants.append((variant_id, price, name, label))
            variant_id += 1
        piece_id += 1
        catalogue.pieces += 1
    conn.executemany(
        "INSERT INTO piece (id, name, search_key, reference, price_cents, cost_cents, notes, "
        "low_stock, archived, created_at) VALUES (?, ?, ?, ?, ?, ?, '', 1, 0, ?)", piece_rows)
    conn.executemany("INSERT INTO piece_variant (id, piece_id, size, colour, stock, defective, "
                     "archived) VALUES (?, ?, ?, ?, 0, 0, 0)", variant_rows)
    return catalogue


def pick_items(rng: random.Random, catalogue: Catalogue, count: int) -> list[tuple]:
    """``count`` sale lines: (description, variant label, unit price, variant id or None,
    sob encomenda)."""
    lines = []
    for _ in range(count):
        roll = rng.random()
        if roll < 0.08 or not catalogue.variants:
            description, price = rng.choice(FREE_TEXT)
            lines.append((description, "", price, None, False))
            continue
        vid, price, name, label = rng.choice(catalogue.variants)
        lines.append((name, label, price, vid, roll > 0.975))
    return lines


def write_stock(conn, rng: random.Random, today: date, items: list[tuple]) -> None:
    """Every variant's history and stock from the demo's sale items ``(item id, sale day,
    variant id, sob encomenda)``: an opening that covers its sales (an entry, for a variant
    that already had a history), the sales on their days, and a recent entry on some;
    ``piece_variant.stock`` is the sum of them all."""
    start = today - timedelta(days=600)
    sold: dict[int, list[tuple[date, int]]] = {}
    for item_id, day, vid, on_order in items:
        if vid is not None and not on_order:
            sold.setdefault(vid, []).append((day, item_id))
    moves, stocks = [], []
    fresh = {r[0] for r in conn.execute("SELECT id FROM piece_variant WHERE id NOT IN "
                                        "(SELECT variant_id FROM stock_move)")}
    current = dict(conn.execute("SELECT id, stock FROM piece_variant"))
    costs = dict(conn.execute("SELECT v.id, p.cost_cents FROM piece_variant v JOIN piece p "
                              "ON p.id = v.piece_id"))
    for vid in sorted(fresh | set(sold)):
        sales = sorted(sold.get(vid, ()))
        extra = rng.choice((0, 0, 1, 1, 2, 3, 4, 5)) if vid in fresh else 0
        count = current[vid] + len(sales) + extra
        kind = "opening" if vid in fresh else "entry"
        moves.append((vid, start.isoformat(), kind, count - current[vid], count,
                      None if vid in fresh else costs[vid], None, ""))
        for day, item_id in sales:
            count -= 1
            moves.append((vid, day.isoformat(), "sale", -1, count, None, item_id, ""))
        if rng.random() < 0.25:
            quantity = rng.randint(1, 3)
            count += quantity
            day = today - timedelta(days=rng.randint(0, 45))
            moves.append((vid, max(day, sales[-1][0] if sales else day).isoformat(), "entry",
                          quantity, count, costs[vid], None, "Fornecedor"))
        stocks.append((count, vid))
    conn.executemany(
        "INSERT INTO stock_move (variant_id, move_date, kind, quantity, count_after, "
        "unit_cost_cents, sale_item_id, note, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
        "datetime('now'))", moves)
    conn.executemany("UPDATE piece_variant SET stock = ? WHERE id = ?", stocks)


def _next_id(conn, table: str) -> int:
    return (conn.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}").fetchone()[0]) + 1


def demo_returns(rng: random.Random, today: date, sale_ids: list[int], limit: int) -> int:
    """Return a piece of up to ``limit`` of ``sale_ids`` (and exchange one for a dearer
    piece) through the returns service, when its value fits in the sale's open
    installments; returns how many were made."""
    from app.services.pieces import returns

    made = 0
    for sale_id in rng.sample(sale_ids, len(sale_ids)):
        if made >= limit:
            break
        chosen = _returnable(sale_id)
        if chosen is None:
            continue
        item_id, price, sale_day = chosen
        day = min(sale_day + timedelta(days=rng.randint(1, 20)), today)
        if made == 0 and (dearer := _dearer(price)) is not None:
            returns.exchange(sale_id, {item_id: 1}, [dearer], today, day=day,
                             reason="Trocou por outro modelo")
        else:
            defective = [item_id] if rng.random() < 0.3 else []
            returns.return_items(sale_id, {item_id: 1}, today, day=day, defective=defective,
                                 reason="Com defeito" if defective else "Não serviu")
        made += 1
    return made


def _returnable(sale_id: int) -> tuple[int, int, date] | None:
    """A catalogue item of the sale whose price fits in its open installments."""
    from app.models.db import database

    row = database.execute_sql(
        "SELECT i.id, i.unit_price_cents, s.sale_date FROM sale_item i JOIN sale s "
        "ON s.id = i.sale_id WHERE i.sale_id = ? AND i.piece_variant_id IS NOT NULL "
        f"AND {flag('i.on_order', False)} AND s.discount_cents = 0 AND i.unit_price_cents <= "
        "(SELECT SUM(amount_cents - paid_cents) FROM installment n WHERE n.sale_id = s.id "
        f"AND {flag('n.renegotiated', False)}) ORDER BY i.id LIMIT 1", (sale_id,)).fetchone()
    return None if row is None else (row[0], row[1], date.fromisoformat(row[2]))


def _dearer(price: int):
    """A piece on the shelf that costs more than ``price`` (an exchange's new piece)."""
    from app.models.db import database
    from app.services.receivables.sales import ItemInput

    row = database.execute_sql(
        "SELECT v.id, p.name, v.size, v.colour, p.price_cents FROM piece_variant v JOIN piece p "
        "ON p.id = v.piece_id WHERE v.stock > 0 AND p.price_cents > ? ORDER BY p.price_cents, "
        "v.id LIMIT 1", (price,)).fetchone()
    if row is None:
        return None
    vid, name, size, colour, unit = row
    return ItemInput(name, 1, unit, " ".join(p for p in (size, colour) if p),
                     piece_variant_id=vid)
