"""Kill drill: kill -9 a process writing to her data file, N times; after each kill check
that every write it was told was saved is still there, that the file holds, and that the
real window starts on it. Bounded (``--max-seconds``); not in make test.

The writer goes through the real services, one transaction each, at random: customers,
sales (some back-dated, so customers fall late), payments, reversals, credit, agreements
closed and undone, an import of a small spreadsheet, backups, restores of an acknowledged
backup, and exports. After each service returns it appends a line to a log of acknowledged
writes (``drill_checks``). After each kill:
- every acknowledged write is looked up in the file (a restore puts the copy's snapshot back;
  a restore killed half-way must have left one of the two), each new backup holds its own
  snapshot and passes ``quick_check``, each new export reads back as a whole zip;
- ``integrity_check``, ``foreign_key_check`` and the invariants, agreement-aware: a sale's
  own installments add up to its total minus the entrada, a live agreement's installments to
  its total, an undone agreement leaves nothing behind, no debt owed twice;
- every ``.sqlite3`` in ``backups`` passes the check, and the single-writer lock is free;
- the real window starts on the file (offscreen, a separate process): no dialog, the check
  passes, writing allowed, her customers listed; its start-up sweeps what the killed
  export left in ``temporarios``.

Usage: ``python tools/drill_kill.py --trials 60`` (``make drill``); prints
"N trials, M acknowledged writes checked, R window restarts, 0 lost, 0 violations".
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from drill_checks import Ledger  # noqa: E402

TODAY = date(2026, 11, 23)


class Writer:
    """The child: holds the lock, writes at random, acknowledges each write in the log."""

    def __init__(self, db: Path, log: Path, seed: int):
        self.db, self.rng, self.seed, self.n = db, random.Random(seed), seed, 0
        self.fd = os.open(log, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        self.backups = [Path(r["path"]) for r in _records(log) if r["k"] == "backup"]
        self.ack({"k": "start", "seed": seed})

    def ack(self, record: dict) -> None:
        os.write(self.fd, (json.dumps(record) + "\n").encode())  # one write: whole or none

    def one(self) -> None:
        from app.models.people import Customer

        self.cid = self.rng.choice([c.id for c in Customer.select(Customer.id)])
        roll = self.rng.random()
        for limit, action in ((0.10, self.customer), (0.35, self.sale), (0.62, self.payment),
                              (0.70, self.reversal), (0.73, self.credit),
                              (0.82, self.agreement), (0.86, self.undo), (0.90, self.imported),
                              (0.94, self.backup), (0.97, self.export), (1.0, self.restore)):
            if roll < limit:
                return action()

    def customer(self) -> None:
        from app.services.people.customers import CustomerInput, save_customer

        name = f"Cliente {self.rng.randrange(10**9)}"
        self.ack({"k": "customer", "id": save_customer(CustomerInput(name), TODAY),
                  "name": name})

    def sale(self) -> None:
        from app.services.receivables.sales import ItemInput, PlanInput, create_sale

        price, back = self.rng.randrange(1_000, 40_000), self.rng.choice((0, 0, 90, 200))
        day = TODAY - timedelta(days=back)
        items = [ItemInput("Vestido", self.rng.randint(1, 3), price)]
        down = self.rng.choice((0, 0, price // 4))
        result = create_sale(self.cid, day, items, TODAY,
                             PlanInput(self.rng.randint(1, 6), day + timedelta(days=30)),
                             down_payment_cents=down, override_credit=True)
        self.ack({"k": "sale", "id": result.sale_id, "customer": self.cid,
                  "total": sum(i.total_cents for i in items)})

    def payment(self) -> None:
        from app.services.people.customers import open_balance_cents
        from app.services.receivables.payments import record_payment

        owed = open_balance_cents(self.cid)
        amount = self.rng.randint(1, owed + 5_000) if owed else self.rng.randint(100, 5_000)
        result = record_payment(self.cid, amount, TODAY, "pix", TODAY, accept_credit=True)
        self.ack({"k": "payment", "id": result.payment_id, "customer": self.cid,
                  "amount": amount})

    def reversal(self) -> None:
        from app.models.receivables import Payment
        from app.services.receivables.payments import reverse_payment

        live = list(Payment.select(Payment.id).where(Payment.reversed_at.is_null(),
                                                     Payment.kind == "payment"))
        if live:
            pid = self.rng.choice(live).id
            reverse_payment(pid, "drill", datetime(2026, 11, 23, 12))
            self.ack({"k": "reversal", "id": pid})

    def credit(self) -> None:
        from app.services.receivables.payments import apply_credit

        apply_credit(self.cid, TODAY)  # bookkeeping: checked by the invariants only

    def agreement(self) -> None:
        from app.services.negotiation.agreements import close_agreement, propose_options

        options = propose_options(self.cid, TODAY)
        if options:
            option = self.rng.choice(options)
            self.ack({"k": "agreement", "id": close_agreement(self.cid, option, TODAY),
                      "customer": self.cid, "total": option.total_cents})

    def undo(self) -> None:
        from app.models.negotiation import Agreement
        from app.services.negotiation.agreements import undo_agreement

        live = list(Agreement.select(Agreement.id).where(Agreement.undone_on.is_null())
                    .order_by(Agreement.id.desc()).limit(3))
        if live:
            aid = self.rng.choice(live).id
            undo_agreement(aid, TODAY)
            self.ack({"k": "undo", "id": aid})

    def imported(self) -> None:
        from app.services.spreadsheets.import_columns import guess_mapping
        from app.services.spreadsheets.importer import import_table
        from app.services.spreadsheets.spreadsheet_read import read_table

        names = [f"Importada {self.rng.randrange(10**9)}" for _ in range(3)]
        sheet = self.db.parent / f"importar-{self.seed}.csv"
        sheet.write_text("Nome;Observações\n" + "".join(f"{n};drill\n" for n in names),
                         encoding="utf-8")
        table = read_table(sheet)
        import_table(table, guess_mapping(table.headers), TODAY)
        self.ack({"k": "import", "names": names})

    def backup(self) -> None:
        from app.services.storage.backup import backup_database

        path = backup_database(self.db, reason="manual", today=TODAY)
        self.backups.append(path)
        self.ack({"k": "backup", "path": str(path)})

    def export(self) -> None:
        from app.services.spreadsheets.exporter import export_xlsx

        self.n += 1
        target = self.db.parent / "exportadas" / f"export-{self.seed}-{self.n}.xlsx"
        target.parent.mkdir(exist_ok=True)
        export_xlsx(self.rng.choice(("clientes", "tudo", "atrasos")), target, TODAY)
        self.ack({"k": "export", "path": str(target)})

    def restore(self) -> None:
        """Put the newest acknowledged backup back (the file is swapped under the writer)."""
        from app.clock import FixedClock
        from app.services.storage.restore import restore_backup

        copies = [p for p in self.backups if p.exists()]
        if copies:
            self.ack({"k": "restore-begin", "path": str(copies[-1])})
            restore_backup(copies[-1], self.db, FixedClock(TODAY), keep_open=True)
            self.ack({"k": "restore", "path": str(copies[-1])})


def _records(log: Path) -> list[dict]:
    if not log.exists():
        return []
    data = log.read_bytes()
    return [json.loads(line) for line in data[: data.rfind(b"\n") + 1].splitlines()]


def writer(db: Path, log: Path, seed: int) -> None:
    """Child process: hold the lock and write until killed."""
    from app.models.db import open_database
    from app.services.core.errors import ValidationError
    from app.services.storage.lockfile import DatabaseLock

    DatabaseLock(db).acquire()
    open_database(db, today=TODAY)
    for module in ("people.customers", "receivables.sales", "receivables.payments",
                   "negotiation.agreements", "spreadsheets.importer",
                   "spreadsheets.spreadsheet_read", "spreadsheets.exporter", "storage.restore"):
        __import__(f"app.services.{module}")  # loaded before the clock starts: writes only
    work = Writer(db, log, seed)
    print("ready", flush=True)
    while True:
        try:
            work.one()
        except (ValidationError, LookupError):
            pass


def window(db: Path) -> None:
    """Child process: start the real window on ``db`` (offscreen); print what it met."""
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtWidgets import QApplication, QMessageBox

    from app.clock import FixedClock
    from app.models.db import is_read_only
    from app.ui.kit import ops
    from app.ui.shell import app as shell
    from app.ui.shell.main_window import MainWindow

    seen: dict = {"dialogs": [], "windows": []}
    QMessageBox.exec = lambda box: seen["dialogs"].append(box.informativeText()[:160]) or 0
    QMessageBox.warning = lambda *a, **k: seen["dialogs"].append(str(a[2])[:160])
    show = MainWindow.show
    MainWindow.show = lambda self: (seen["windows"].append(self), show(self))[-1]

    def until_started(app) -> int:  # the start-up check, the backup and the first reads
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            app.processEvents()
            shown = seen["windows"][-1] if seen["windows"] else None
            if shown and not getattr(shown, "checking", False) and ops.idle() \
                    and not ops.writes_held():
                break
            time.sleep(0.01)
        shown = seen["windows"][-1]
        shown.show_page("clientes")  # the list is built and read (on a worker) when shown
        while not ops.idle() and time.monotonic() < deadline:
            app.processEvents()
            time.sleep(0.01)
        seen.update(read_only=is_read_only(), listed=shown.customers.model.rowCount())
        shown.close()
        return 0

    QApplication.exec = until_started
    code = shell.run_gui(db, FixedClock(TODAY))
    print(json.dumps({"code": code, "dialogs": seen["dialogs"],
                      "read_only": seen.get("read_only"), "listed": seen.get("listed", 0)}))


def _other_problems(db: Path) -> list[str]:
    """Every copy in ``backups`` passes the check, the lock is free, no spill is left."""
    from app.services.storage.backup import backups_dir
    from app.services.storage.dbhealth import check_integrity
    from app.services.storage.lockfile import DatabaseLock, LockError
    from app.services.storage.scratch import scratch_dir

    problems = [f"bad backup {c.name}" for c in backups_dir(db).glob("*.sqlite3")
                if not check_integrity(c).ok]
    try:
        DatabaseLock(db).acquire().release()
    except LockError:
        problems.append("lock still held after the kill")
    left = [p.name for p in scratch_dir(db).glob("*")] if scratch_dir(db).is_dir() else []
    return problems + [f"spill left after the window started: {left}"] * bool(left)


def _start_window(db: Path) -> list[str]:
    """Start the real window on ``db`` in its own process; the problems it met."""
    run = subprocess.run([sys.executable, __file__, "--window", str(db)], capture_output=True,
                         text=True, timeout=120)
    try:
        seen = json.loads(run.stdout.strip().splitlines()[-1])
    except (IndexError, ValueError):
        return [f"window did not start: {run.stderr.strip()[-300:]}"]
    problems = [f"window dialog: {d}" for d in seen["dialogs"]]
    if seen["code"] != 0 or seen["read_only"] or not seen["listed"]:
        problems.append(f"window: exit {seen['code']}, read-only {seen['read_only']}, "
                        f"{seen['listed']} customers listed")
    return problems


def _prepare(folder: Path) -> Path:
    from app.models.db import close_database, open_database
    from app.services.demo import generate_demo

    db = folder / "drill.sqlite3"
    open_database(db, today=TODAY)
    generate_demo(60, TODAY, seed=11)
    close_database()
    return db


def _trial(db: Path, log: Path, rng: random.Random, n: int, ledger: Ledger,
           with_window: bool) -> list[str]:
    """Start a writer, kill it at a random moment, check; start the window, check again."""
    child = subprocess.Popen([sys.executable, __file__, "--writer", str(db), "--log", str(log),
                              "--seed", str(n)], stdout=subprocess.PIPE, text=True)
    child.stdout.readline()  # "ready": the writer holds the lock and the connection
    time.sleep(rng.uniform(0.05, 1.5))
    child.send_signal(signal.SIGKILL)
    child.wait()
    child.stdout.close()
    problems = ledger.check(db)
    if with_window:
        problems += _start_window(db)
        problems += ledger.check(db)  # the window's start wrote nothing she had not
    return problems + _other_problems(db) * with_window


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=60)
    parser.add_argument("--max-seconds", type=float, default=1200)
    parser.add_argument("--no-window", action="store_true",
                        help="skip starting the window after each kill (faster)")
    parser.add_argument("--writer", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--window", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--log", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    if args.writer:
        writer(args.writer, args.log, args.seed)
        return 0
    if args.window:
        window(args.window)
        return 0
    rng = random.Random(args.seed)
    start, done, violations, restarts = time.monotonic(), 0, [], 0
    with tempfile.TemporaryDirectory(prefix="drill-") as folder:
        db, log = _prepare(Path(folder)), Path(folder) / "gravados.jsonl"
        ledger = Ledger(log)
        for n in range(args.trials):
            if time.monotonic() - start > args.max_seconds:
                break
            found = _trial(db, log, rng, n, ledger, not args.no_window)
            done, restarts = done + 1, restarts + (not args.no_window)
            violations += [f"trial {n}: {p}" for p in found]
        print("\n".join(violations + [_summary(done, ledger, restarts, violations, log,
                                                Path(folder), time.monotonic() - start)]))
    return 1 if violations else 0


def _summary(done: int, ledger: Ledger, restarts: int, violations: list[str], log: Path,
             folder: Path, seconds: float) -> str:
    kinds: dict[str, int] = {}
    for record in _records(log):
        kinds[record["k"]] = kinds.get(record["k"], 0) + 1
    lost = sum("lost" in v for v in violations)
    return (f"{done} trials, {ledger.acknowledged} acknowledged writes checked "
            f"({ledger.checks} look-ups after the kills), {restarts} window restarts, "
            f"{lost} lost, {len(violations) - lost} other violations "
            f"({', '.join(f'{v} {k}' for k, v in sorted(kinds.items()) if k != 'start')}; "
            f"{len(list(folder.rglob('*.partial')))} interrupted copies left as .partial; "
            f"{seconds:.0f} s)")


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    sys.exit(main())
