"""Erasing one customer's personal data from a database: the open file or a backup copy.

Rules (``privacy.anonymize_customer`` runs them on the open file, then on each copy she asks):
- She is found by her id AND the moment her record was created (``created_at`` never
  changes) AND one identifier in common (name, phone, CPF or e-mail): in an older copy the
  same id may belong to someone deleted since, who is left alone.
- Her record: name and search key become ``Cliente anonimizada nº {id}``; every text column
  that describes her (phone, CPF, address, neighbourhood, city, notes, e-mail, and any column
  added later whose name says so) is emptied, the birthday forgotten; other text columns lose
  her identifiers. She is archived.
- Her free texts, which can hold anything about her, are emptied: sale notes, payment notes
  and reversal reasons, the messages and notes of her contacts, promise notes.
- Her records the books keep (sale items, agreement texts, any other text of a row that is
  hers or hangs from one) have her identifiers replaced by ``[apagado]``: her full name and
  each word of it (but "da", "de", "dos"…), her phone in any writing ("+5511987654321",
  "(11) 98765-4321", "98765 4321"…), her CPF with or without punctuation, her e-mail, her
  street address.
- Every other text of the file (other customers' notes, their messages…) loses her strong
  identifiers — full name, phone, CPF, e-mail, address — but not a first name alone (another
  Ana keeps hers); other customers' own name, phone, CPF and address stay as they are (a
  sister who shares her phone keeps it). The settings are the store's and are left alone.
- Tables and columns come from the file's own schema, so an older copy (fewer tables) and a
  newer schema (more text columns) are handled alike.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from app.services.br.documents import format_cpf
from app.services.br.phones import format_phone
from app.services.core.text import fold

ERASED = "[apagado]"
ANONYMOUS_NAME = "Cliente anonimizada nº {id}"
PARTICLES = frozenset({"da", "das", "de", "do", "dos", "e", "di", "du", "del", "della", "van",
                       "von", "la", "le", "y"})
STORE_TABLES = frozenset({"setting", "schema_version", "privacy_log"})
# columns of her own rows that are free text she typed or a message as sent: emptied
FREE_TEXT = frozenset({"note", "notes", "text", "message", "reason", "reversal_reason",
                       "comment", "body", "subject"})
# kept for the books, her identifiers replaced: never emptied
KEPT_TEXT = frozenset({("agreement", "text"), ("sale_item", "description"),
                       ("sale_item", "variant")})
# words in a customer column name that say it describes her
PERSONAL = ("phone", "cpf", "address", "neighbourhood", "city", "note", "mail", "birth", "channel",
            "document", "instagram")
IDENTITY = ("name", "search_key", "phone", "cpf", "address", "neighbourhood", "city")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_SEP = r"[\s.\-]*"
_RUNS = re.compile(r"\[apagado\](?:\s+\[apagado\])+")  # "Ana Souza" word by word: one mark


@dataclass(frozen=True)
class Identity:
    """What identifies her: her id, when she was created, and every value she was known by."""

    customer_id: int
    created_at: str
    names: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()  # E.164
    cpfs: tuple[str, ...] = ()  # 11 digits
    emails: tuple[str, ...] = ()
    addresses: tuple[str, ...] = ()

    def merged(self, other: Identity) -> Identity:
        """Both sets of values (her data now and as an older copy has it)."""
        def both(a, b):
            return tuple(dict.fromkeys(v for v in (*a, *b) if v))

        return Identity(self.customer_id, self.created_at, both(self.names, other.names),
                        both(self.phones, other.phones), both(self.cpfs, other.cpfs),
                        both(self.emails, other.emails), both(self.addresses, other.addresses))


def read_identity(conn: sqlite3.Connection, customer_id: int,
                  created_at: str | None = None) -> Identity | None:
    """Her identity as the database behind ``conn`` holds it; None when it has no customer
    ``customer_id`` (created at ``created_at``, when given) or she is already anonymised."""
    columns = _columns(conn).get("customer", {})
    texts = [c for c in columns if columns[c][0]]
    row = conn.execute(f"SELECT created_at, {', '.join(texts)} FROM customer WHERE id = ?",
                       (customer_id,)).fetchone()
    if row is None or (created_at is not None and str(row[0]) != created_at):
        return None
    values = dict(zip(texts, row[1:], strict=True))
    if values.get("name") == ANONYMOUS_NAME.format(id=customer_id):
        return None
    emails = _EMAIL.findall(" ".join(str(v) for v in values.values() if v))
    return Identity(customer_id, str(row[0]), _some(values.get("name")),
                    _some(values.get("phone")), _some(values.get("cpf")),
                    tuple(dict.fromkeys(emails)), _some(values.get("address")))


def find_her(conn: sqlite3.Connection, identity: Identity) -> Identity | None:
    """Her, as the database behind ``conn`` (a copy) holds her: the customer with her id,
    created at the same moment, sharing at least one identifier with her (name, phone, CPF
    or e-mail); None when it does not hold her data."""
    here = read_identity(conn, identity.customer_id, identity.created_at)
    if here is None:
        return None
    pairs = ((map(fold, here.names), map(fold, identity.names)), (here.phones, identity.phones),
             (here.cpfs, identity.cpfs), (here.emails, identity.emails))
    return here if any(set(a) & set(b) for a, b in pairs) else None


def _some(value) -> tuple[str, ...]:
    return (str(value),) if value else ()


def erase_customer(conn: sqlite3.Connection, identity: Identity,
                   now: datetime) -> Identity | None:
    """Erase her from the database behind ``conn`` (call inside a transaction); return who
    was erased (her identity with the values this file held), None when this database does
    not hold her data (another person under her id, or already done)."""
    here = find_her(conn, identity)
    if here is None:
        return None
    identity = identity.merged(here)
    schema = _columns(conn)
    strong, weak = Scrubber(identity, weak=False), Scrubber(identity, weak=True)
    _her_record(conn, schema["customer"], identity.customer_id, weak)
    for table, rows_of_hers in _her_rows(conn, schema, identity.customer_id):
        _her_texts(conn, table, schema[table], rows_of_hers, weak)
    for table, columns in schema.items():
        if table not in STORE_TABLES:
            _scrub_table(conn, table, columns, identity.customer_id, strong)
    if "privacy_log" in schema:
        conn.execute("INSERT INTO privacy_log (customer_id, action, happened_at, note) "
                     "VALUES (?, 'anonymized', ?, '')",
                     (identity.customer_id, now.isoformat(sep=" ")))
    return identity


def leftovers(conn: sqlite3.Connection, identity: Identity) -> list[str]:
    """Where her name, phone, CPF, e-mail or address still appear (``table.column`` of each
    row), outside other customers' own identity columns; empty when she is gone."""
    strong = Scrubber(identity, weak=False)
    found = []
    for table, columns in _columns(conn).items():
        if table in STORE_TABLES:
            continue
        for rowid, column, _ in _mentions(conn, table, columns, identity.customer_id, strong):
            found.append(f"{table}.{column} (linha {rowid})")
    return found


class Scrubber:
    """Finds and replaces her identifiers in a text; ``weak`` adds each word of her name."""

    def __init__(self, identity: Identity, weak: bool):
        parts, anchors = [], set()
        for name in identity.names:
            for spelling in dict.fromkeys((name, fold(name))):
                words = spelling.split()
                parts.append(r"\s+".join(map(re.escape, words)))
                anchors.add(words[0])
                if weak:
                    distinct = [w for w in words if len(w) >= 3 and fold(w) not in PARTICLES]
                    parts += map(re.escape, distinct)
                    anchors |= set(distinct)
        for phone in identity.phones:
            parts.append(_phone_pattern(phone))
            anchors.add(phone[-4:])
        for cpf in identity.cpfs:
            parts.append(r"[\s./\-]?".join(cpf))
            anchors.add(cpf[:3])
        for text in (*identity.emails, *(a for a in identity.addresses if len(a) >= 6)):
            parts.append(r"\s+".join(map(re.escape, text.split())))
            anchors.add(text.split()[0])
        # each anchor as stored and in the cases a word is written in (ana, Ana, ANA): a row
        # none of them is in is never handed to Python (SQLite's instr is case-sensitive)
        self.sql_anchors = tuple(sorted({v for a in anchors if a
                                         for v in (a, a.lower(), a.upper(), a.title())}))
        self.anchors = tuple({a.lower() for a in anchors if a})
        body = "|".join(f"(?:{p})" for p in parts) or r"(?!x)x"
        self.pattern = re.compile(rf"(?<![\w]){'(?:' + body + ')'}(?![\w])", re.IGNORECASE)

    def mentions(self, text) -> bool:
        """True when ``text`` holds one of her identifiers."""
        if not isinstance(text, str) or not text:
            return False
        low = text.lower()
        return any(a in low for a in self.anchors) and self.pattern.search(text) is not None

    def __call__(self, text: str) -> str:
        return _RUNS.sub(ERASED, self.pattern.sub(ERASED, text))

    def sql(self, column: str) -> tuple[str, tuple[str, ...]]:
        """A WHERE clause (and its parameters) true for the rows whose ``column`` mentions
        her: SQLite's ``instr`` on the anchors first, the pattern only on those rows."""
        quick = " OR ".join(f'instr("{column}", ?) > 0' for _ in self.sql_anchors)
        return f'({quick or "0"}) AND caderneta_mentions("{column}")', self.sql_anchors



def _phone_pattern(phone: str) -> str:
    """Her phone however it is written: with or without +55, the DDD in parentheses or with a
    0 in front, spaces, dots or hyphens anywhere, or the number alone (no DDD)."""
    digits = re.sub(r"\D", "", phone)
    local = _SEP.join(digits[4:] if digits.startswith("55") else digits)
    if not digits.startswith("55") or len(digits) < 12:
        return r"\+?" + _SEP.join(digits)
    ddd = digits[2:4]
    prefix = rf"(?:(?:\+{_SEP})?55{_SEP})?(?:\({_SEP}0?{ddd}{_SEP}\)|0?{ddd}){_SEP}"
    return rf"(?:{prefix})?{local}"


def _columns(conn: sqlite3.Connection) -> dict[str, dict[str, tuple[bool, bool]]]:
    """table → column → (holds text, may be null), from the file's own schema."""
    tables = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
    schema = {}
    for table in tables:
        schema[table] = {
            name: (any(t in (kind or "").upper() for t in ("CHAR", "TEXT", "CLOB")), not notnull)
            for _, name, kind, notnull, _, _ in conn.execute(f'PRAGMA table_info("{table}")')}
    return schema


def _her_record(conn, columns, customer_id: int, scrub: Scrubber) -> None:
    new_name = ANONYMOUS_NAME.format(id=customer_id)
    sets, params = ["name = ?", "search_key = ?"], [new_name, fold(new_name)]
    for column, (text, nullable) in columns.items():
        if column in ("name", "search_key") or not (text or column == "birthday"):
            continue
        if column == "birthday" or any(word in column for word in PERSONAL):
            sets.append(f'"{column}" = ' + ("NULL" if nullable else "''"))
    if "archived" in columns:
        sets.append("archived = ?")  # an assignment, bound (after the two above)
        params.append(True)
    conn.execute(f"UPDATE customer SET {', '.join(sets)} WHERE id = ?", (*params, customer_id))
    others = [c for c, (text, _) in columns.items() if text and c not in IDENTITY
              and not any(word in c for word in PERSONAL)]
    _scrub_rows(conn, "customer", others, "id = ?", (customer_id,), scrub)


def _her_rows(conn, schema, customer_id: int):
    """(table, (where, params)) for every table with rows of hers: a ``customer_id`` column,
    or a foreign key to a table that has one (sale items hang from her sales)."""
    owned = {t for t, cols in schema.items() if "customer_id" in cols and t != "customer"}
    for table in owned:
        yield table, ("customer_id = ?", (customer_id,))
    for table in schema.keys() - owned - {"customer"} - STORE_TABLES:
        for fk in conn.execute(f'PRAGMA foreign_key_list("{table}")'):
            parent, column = fk[2], fk[3]
            if parent in owned:
                yield table, (f'"{column}" IN (SELECT id FROM "{parent}" WHERE customer_id = ?)',
                              (customer_id,))


def _her_texts(conn, table: str, columns, where: tuple[str, tuple], scrub: Scrubber) -> None:
    texts = [c for c, (text, _) in columns.items() if text]
    blank = [c for c in texts if c in FREE_TEXT and (table, c) not in KEPT_TEXT]
    if blank:
        conn.execute(f'UPDATE "{table}" SET ' + ", ".join(f'"{c}" = \'\'' for c in blank)
                     + f" WHERE {where[0]}", where[1])
    _scrub_rows(conn, table, [c for c in texts if c not in blank], *where, scrub)


def _scrub_rows(conn, table: str, columns: list[str], where: str, params: tuple,
                scrub: Scrubber) -> None:
    for column in columns:
        rows = conn.execute(f'SELECT rowid, "{column}" FROM "{table}" WHERE {where}',
                            params).fetchall()
        changed = [(scrub(v), rowid) for rowid, v in rows if scrub.mentions(v)]
        conn.executemany(f'UPDATE "{table}" SET "{column}" = ? WHERE rowid = ?', changed)


def _scrub_table(conn, table: str, columns, customer_id: int, scrub: Scrubber) -> None:
    changed = list(_mentions(conn, table, columns, customer_id, scrub))
    for rowid, column, value in changed:
        conn.execute(f'UPDATE "{table}" SET "{column}" = ? WHERE rowid = ?',
                     (scrub(value), rowid))


def _mentions(conn, table: str, columns, customer_id: int, scrub: Scrubber):
    """(rowid, column, text) of each text in ``table`` that mentions her, leaving out other
    customers' own identity columns (their name, phone, CPF, address are theirs). One pass
    over the table: SQLite keeps the rows with an anchor in some column, Python decides."""
    texts = [c for c, (text, _) in columns.items() if text]
    if not texts or not scrub.sql_anchors:
        return
    conn.create_function("caderneta_mentions", 1, scrub.mentions, deterministic=True)
    wheres, params = [], []
    for column in texts:
        where, args = scrub.sql(column)
        wheres.append(f"({where})")
        params += args
    selected = ", ".join(f'"{c}"' for c in texts)
    rows = conn.execute(f'SELECT rowid, {selected} FROM "{table}" WHERE {" OR ".join(wheres)}',
                        params).fetchall()
    for rowid, *values in rows:
        for column, value in zip(texts, values, strict=True):
            if table == "customer" and _own_identity(column) and rowid != customer_id:
                continue
            if scrub.mentions(value):
                yield rowid, column, value


def _own_identity(column: str) -> bool:
    """A customer column that describes that customer (not her notes about others)."""
    return column in IDENTITY or (any(w in column for w in PERSONAL) and "note" not in column)


def raw_leftovers(conn: sqlite3.Connection, identity: Identity, paths) -> list[str]:
    """Which of ``paths`` (the file, its ``-wal``, a copy) still hold, anywhere in their
    bytes, one of her identifiers that no other customer holds too (a shared phone or a
    namesake's name is theirs): her name (also without accents), CPF (digits and
    ``529.982.247-25``), phone (``+5511987654321``, ``11987654321``, ``(11) 98765-4321``),
    e-mail."""
    needles = [n for n in _literals(identity) if not _someone_else_has(conn, identity, n)]
    found = []
    for path in paths:
        if needles and _bytes_hold(Path(path), [n.encode() for n in needles]):
            found.append(Path(path).name)
    return found


def _literals(identity: Identity) -> list[str]:
    phones = []
    for phone in identity.phones:
        digits = re.sub(r"\D", "", phone)
        phones += [phone, digits[2:] if digits.startswith("55") else digits, format_phone(phone)]
    cpfs = [v for cpf in identity.cpfs for v in (cpf, format_cpf(cpf))]
    names = [spelling for name in identity.names for spelling in (name, fold(name))]
    return list(dict.fromkeys(v for v in (*names, *cpfs, *phones, *identity.emails) if v))


def _someone_else_has(conn, identity: Identity, needle: str) -> bool:
    columns = [c for c, (text, _) in _columns(conn)["customer"].items()
               if text and _own_identity(c)]
    test = " OR ".join(f'instr(COALESCE("{c}", \'\'), :n)' for c in columns)
    return conn.execute(f"SELECT 1 FROM customer WHERE id != :id AND ({test}) LIMIT 1",
                        {"n": needle, "id": identity.customer_id}).fetchone() is not None


def _bytes_hold(path: Path, needles: list[bytes]) -> bool:
    """True when one of ``needles`` is in the file (read in pieces; a needle across two
    pieces is still found)."""
    if not path.is_file():
        return False
    overlap = max(map(len, needles)) - 1
    tail = b""
    with path.open("rb") as f:
        while piece := f.read(1 << 22):
            window = tail + piece
            if any(n in window for n in needles):
                return True
            tail = window[-overlap:] if overlap else b""
    return False
