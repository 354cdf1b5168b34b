"""The order of the long lists (Cobranças de hoje, Em atraso): rows as fetched, sorted by a
few columns and then by name, without a key tuple per row."""

from __future__ import annotations

from itertools import groupby
from operator import itemgetter


def sort_rows(rows: list[tuple], keys: tuple[tuple[int, bool], ...], name: int) -> None:
    """Sort ``rows`` in place by the columns ``keys`` — (index, descending) pairs, the most
    significant first — and rows equal on all of them by their ``name`` column, casefolded:
    the order ``rows.sort(key=lambda r: (±r[a], …, r[name].casefold()))`` gives, in one
    stable C pass per column (least significant first) and a name sort only inside the runs
    of equal rows, which are few (issue 18: 13,000 rows of Cobranças de hoje in ~8 ms of CPU
    instead of ~16: a tuple and a ``casefold`` per row cost more than the sort)."""
    for index, descending in reversed(keys):
        rows.sort(key=itemgetter(index), reverse=descending)  # stable, reversed too
    start = 0
    for _, run in groupby(map(itemgetter(*(index for index, _ in keys)), rows)):
        size = sum(1 for _ in run)
        if size > 1:
            rows[start:start + size] = sorted(rows[start:start + size],
                                              key=lambda r: r[name].casefold())
        start += size
