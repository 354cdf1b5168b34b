"""Write tests/data/caderneta_v3.sqlite3: a database as schema v3 saved it (Portuguese codes).

Built from the frozen DDL of migration steps 1–3 and rows in the shapes version 3 stored:
payment methods ``dinheiro``/``debito``/``credito_cartao``/``transferencia``/``credito_cliente``,
contact channels ``telefone``/``pessoalmente``, and à vista sales with interval ``avista``.
Run once; the file is kept in the repository for the migration tests.
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.models.migrations import V1_TABLES, V2_COLLECTION  # noqa: E402

TARGET = Path(__file__).resolve().parent.parent / "tests" / "data" / "caderneta_v3.sqlite3"


def main() -> None:
    TARGET.unlink(missing_ok=True)
    conn = sqlite3.connect(TARGET)
    for script in (V1_TABLES, V2_COLLECTION):
        for statement in script.split(";"):
            if statement.strip():
                conn.execute(statement)
    conn.execute("ALTER TABLE payment ADD COLUMN fee_cents INTEGER NOT NULL DEFAULT 0")
    for version in (1, 2, 3):
        conn.execute("INSERT INTO schema_version (version, applied_at) VALUES (?, ?)",
                     (version, "2026-05-01 09:00:00"))
    stamp = "2026-05-01 10:00:00"
    conn.execute("INSERT INTO customer (id, name, search_key, phone, created_at) VALUES "
                 "(1, 'Ana Souza', 'ana souza', '+5511987654321', ?), "
                 "(2, 'Bia Lima', 'bia lima', '+551133334444', ?)", (stamp, stamp))
    conn.execute("INSERT INTO sale (id, customer_id, sale_date, total_cents, down_payment_cents,"
                 " interval, created_at) VALUES (1, 1, '2026-04-10', 30000, 0, 'monthly', ?), "
                 "(2, 2, '2026-04-12', 8000, 8000, 'avista', ?)", (stamp, stamp))
    conn.execute("INSERT INTO sale_item (sale_id, description, quantity, unit_price_cents) "
                 "VALUES (1, 'Vestido', 1, 30000), (2, 'Blusa', 1, 8000)")
    conn.execute("INSERT INTO installment (id, sale_id, customer_id, number, count, due_date, "
                 "amount_cents, paid_cents, paid_date) VALUES "
                 "(1, 1, 1, 1, 3, '2026-05-10', 10000, 10000, '2026-05-10'), "
                 "(2, 1, 1, 2, 3, '2026-06-10', 10000, 10000, '2026-06-12'), "
                 "(3, 1, 1, 3, 3, '2026-07-10', 10000, 2000, NULL)")
    payments = [(1, 1, None, "2026-05-10", 10000, "dinheiro", "payment", 0),
                (2, 1, None, "2026-06-12", 9000, "debito", "payment", 150),
                (3, 1, None, "2026-06-12", 1000, "credito_cartao", "payment", 0),
                (4, 1, None, "2026-06-20", 3000, "transferencia", "payment", 0),
                (5, 1, None, "2026-06-21", 1000, "credito_cliente", "credit_use", 0),
                (6, 2, 2, "2026-04-12", 8000, "pix", "down_payment", 0),
                (7, 1, None, "2026-06-22", 500, "outro", "payment", 0)]
    conn.executemany("INSERT INTO payment (id, customer_id, sale_id, payment_date, amount_cents,"
                     " method, kind, fee_cents, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     [(*p[:7], p[7], stamp) for p in payments])
    conn.executemany("INSERT INTO allocation (payment_id, installment_id, amount_cents) "
                     "VALUES (?, ?, ?)", [(1, 1, 10000), (2, 2, 9000), (3, 2, 1000),
                                          (4, 3, 1000), (5, 3, 1000)])
    conn.execute("INSERT INTO contact_log (customer_id, contact_date, action, channel, "
                 "stage_offset, stage_name, group_due, text, created_at) VALUES "
                 "(1, '2026-07-11', 'call', 'telefone', 1, 'Esqueceu?', '2026-07-10', '', ?), "
                 "(1, '2026-07-17', 'note', 'pessoalmente', NULL, '', NULL, '', ?), "
                 "(1, '2026-07-18', 'whatsapp', 'whatsapp', 7, 'Segundo aviso', '2026-07-10', "
                 "'Oi, Ana!', ?)", (stamp, stamp, stamp))
    conn.commit()
    conn.execute("VACUUM")
    conn.close()
    print(TARGET)


if __name__ == "__main__":
    main()
