"""The long lists' order (``core.row_order.sort_rows``) equals the plain key sort it replaces."""

from __future__ import annotations

import random

from app.services.core.row_order import sort_rows


def test_sorting_by_columns_then_name_gives_the_order_of_the_key_tuple():
    """Stage first (most advanced), then the oldest date, the largest amount, then the name
    casefolded (ana beside Ana): many ties, so the name decides often, on the same rows
    shuffled every way."""
    rng = random.Random(7)
    names = ["Ana", "ana", "Ágata", "Bia", "Zoe", "élida", "Élida", "Carla", "carla maria"]
    rows = [(i, rng.choice(names), rng.choice([5, 1, -5]),
             f"2026-1{rng.randint(0, 1)}-0{rng.randint(1, 3)}", rng.choice([100, 250, 250]))
            for i in range(400)]
    for _ in range(5):
        rng.shuffle(rows)  # rows equal in every key keep the order they came in, as sorted()
        expected = sorted(rows, key=lambda r: (-r[2], r[3], -r[4], r[1].casefold()))
        got = list(rows)
        sort_rows(got, ((2, True), (3, False), (4, True)), name=1)
        assert got == expected
    assert expected[0][2] == 5 and expected[-1][2] == -5
    empty: list = []
    sort_rows(empty, ((0, True),), name=0)
    assert empty == []
