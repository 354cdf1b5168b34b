"""Save a PNG of every screen and dialog on a demo database, to look at them (dev tool)."""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtWidgets import QApplication  # noqa: E402

from app.models.db import open_database  # noqa: E402
from app.services.demo import generate_demo  # noqa: E402

TODAY = date(2026, 11, 23)


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    db = out / "shots.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    app = QApplication.instance() or QApplication([])
    from app.ui.app import _setup_locale
    from app.ui.main_window import MainWindow

    _setup_locale(app)
    open_database(db, today=TODAY)
    generate_demo(300, TODAY, seed=3)
    window = MainWindow(today_fn=lambda: TODAY)
    window.show()
    shots = {}
    for n, name in enumerate(window.pages):
        window.nav.setCurrentRow(n)
        app.processEvents()
        shots[f"page_{n}_{name}"] = window
        window.grab().save(str(out / f"page_{n}.png"))
    window.open_customer(5)
    app.processEvents()
    window.grab().save(str(out / "customer.png"))
    from app.ui.customer_dialog import CustomerDialog
    from app.ui.payment_dialog import PaymentDialog
    from app.ui.sale_dialog import SaleDialog

    for name, dialog in (("customer_dialog", CustomerDialog(TODAY, "11", 5)),
                         ("sale_dialog", SaleDialog(TODAY, 5)),
                         ("payment_dialog", PaymentDialog(5, TODAY))):
        dialog.show()
        app.processEvents()
        dialog.grab().save(str(out / f"{name}.png"))
        dialog.close()
    print("saved in", out)


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/shots"))
