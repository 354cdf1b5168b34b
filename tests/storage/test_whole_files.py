"""Nothing half-written under its final name (issue 17): the helper, backups, restore, PDFs
and exports on a disk that fills up.

Two ways of filling the disk, each named in its test:
- ``full_disk_run``: the command runs in a child process whose files cannot grow past a few
  KB (``RLIMIT_FSIZE``; Python ignores SIGXFSZ, so the kernel's refusal reaches the app as
  ``OSError(EFBIG)`` from the real write, exactly where ``ENOSPC`` would). The parent keeps a
  connection open so SQLite's 32 KB ``-shm`` already exists and the child only reads it.
- in-process, the one write seam of ``whole_files`` (``_os_write``) raises ``ENOSPC``.
SQLite reports a write refused with ``EFBIG`` as "disk I/O error" (a real full disk is
``SQLITE_FULL``, checked in backup/test_backup_safety.py), so the tests of copies SQLite
writes (backup, restore) check what is left on the disk and that she reads one sentence, not
the word "cheio".
"""

from __future__ import annotations

import errno
import os
import sqlite3
import subprocess
import sys
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import pytest

from app.clock import FixedClock
from app.models.db import close_database, open_database
from app.services.demo import generate_demo
from app.services.people.customers import CustomerInput, save_customer
from app.services.storage import whole_files
from app.services.storage.backup import backup_database, backups_dir, list_backups
from app.services.storage.restore import restore_backup
from app.services.storage.whole_files import (
    partial_path,
    whole_file,
    write_bytes_whole,
    write_failure,
)
from tests.damage import corrupt_page
from tests.places import ROOT

LIMIT = 8_000  # bytes a file of the child may reach
RESTORE_LIMIT = 400_000  # her small file's copy fits, the 60-customer copy does not


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    """A 60-customer caderneta with its history (a few hundred KB), made once."""
    from tests.conftest import TODAY

    path = tmp_path_factory.mktemp("demo") / "loja.sqlite3"
    open_database(path, today=TODAY)
    generate_demo(60, TODAY, seed=3)
    close_database()
    return path


@contextmanager
def _shm_kept(db: Path):
    conn = sqlite3.connect(str(db))
    conn.execute("SELECT COUNT(*) FROM customer").fetchone()
    try:
        yield
    finally:
        conn.close()


def full_disk_run(args: list[str], tmp_path: Path, limit: int = LIMIT,
                  db: Path | None = None) -> subprocess.CompletedProcess:
    """``python main.py *args`` where no file may grow past ``limit`` bytes; the system temp
    folder is ``tmp_path/sistema`` (so a test sees anything left there)."""
    system_tmp = tmp_path / "sistema"
    system_tmp.mkdir(exist_ok=True)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", TMPDIR=str(system_tmp))

    def limited() -> None:
        import resource  # POSIX only: imported here so the module loads on Windows too

        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    with _shm_kept(db) if db else _nothing():
        return subprocess.run([sys.executable, "main.py", *args, "--today", "2026-11-23"],
                              cwd=ROOT, env=env, capture_output=True, text=True,
                              preexec_fn=limited, timeout=120)


@contextmanager
def _nothing():
    yield


def one_sentence(err: str) -> str:
    assert "Traceback" not in err and "Exception ignored" not in err, err
    assert len(err.strip().splitlines()) == 1, err
    return err.strip()


# --- the helper ------------------------------------------------------------------------------

def test_a_failing_writer_leaves_the_old_file_and_no_partial(tmp_path):
    target = tmp_path / "relatorio.pdf"
    target.write_bytes(b"o PDF bom de ontem")
    with pytest.raises(OSError), whole_file(target) as partial:
        partial.write_bytes(b"metade")
        raise OSError(errno.ENOSPC, "No space left on device")
    assert target.read_bytes() == b"o PDF bom de ontem"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["relatorio.pdf"]


def test_a_refused_check_keeps_the_old_file(tmp_path):
    target = tmp_path / "planilha.xlsx"
    target.write_bytes(b"boa")

    def refuse(path):
        raise OSError(errno.EIO, "incompleta")

    with pytest.raises(OSError, match="incompleta"), whole_file(target, check=refuse) as p:
        p.write_bytes(b"ruim")
    assert target.read_bytes() == b"boa" and not partial_path(target).exists()


def test_a_partial_left_by_a_killed_writer_goes_with_the_next_write(tmp_path):
    target = tmp_path / "pix.png"
    partial_path(target).write_bytes(b"deixado por um kill -9")
    Path(str(partial_path(target)) + "-journal").write_bytes(b"x")
    write_bytes_whole(target, b"imagem")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pix.png"]


def test_every_write_is_checked_short_writes_go_on_a_full_disk_stops(tmp_path, monkeypatch):
    """The write seam returns short counts, then ``ENOSPC``: the rest is written after a short
    write; the full disk leaves the old file whole."""
    target = tmp_path / "x.bin"
    target.write_bytes(b"antigo")
    written = []

    def short_then_full(fd, data):
        if len(written) == 3:
            raise OSError(errno.ENOSPC, "No space left on device")
        written.append(os.write(fd, bytes(data[:2])))
        return written[-1]

    monkeypatch.setattr(whole_files, "_os_write", short_then_full)
    write_bytes_whole(target, b"novo")  # 2 + 2 bytes: two short writes complete it
    assert target.read_bytes() == b"novo"
    with pytest.raises(OSError) as caught:
        write_bytes_whole(target, b"outro arquivo")
    assert target.read_bytes() == b"novo" and not partial_path(target).exists()
    assert write_failure(caught.value, target).startswith("O disco está cheio")


def test_the_rename_is_flushed_with_its_folder_in_backup_and_restore(db, today, monkeypatch):
    from app.models.db import database_path

    flushed = []
    real = whole_files.fsync_folder
    monkeypatch.setattr(whole_files, "fsync_folder", lambda f: flushed.append(f) or real(f))
    save_customer(CustomerInput("Ana Souza"), today)
    path = database_path()
    copy = backup_database(path, reason="manual", today=today)
    restore_backup(copy, path, FixedClock(today))
    assert flushed == [backups_dir(path),  # the copy
                       backups_dir(path),  # the "antes de restaurar" copy
                       path.parent]  # the restored file under its name


def test_on_windows_the_rename_is_written_through_and_the_flush_opens_for_writing(
        tmp_path, monkeypatch):
    """Windows cannot flush a folder, and its ``os.fsync`` (``FlushFileBuffers``) refuses a
    file opened read-only: there the file is opened for writing to be flushed, and the rename
    is one ``MoveFileExW`` asked to be written through before it returns."""
    monkeypatch.setattr(whole_files, "_WINDOWS", True)
    moves, opened, flushed = [], {}, []

    def move(source, target, flags):
        moves.append((flushed[:], flags))  # what was flushed before the rename
        os.replace(source, target)

    real_open, real_fsync = os.open, os.fsync

    def open_(path, flags, *args):
        fd = real_open(path, flags, *args)
        opened[fd] = (os.path.basename(path), flags)
        return fd

    def fsync(fd):
        flushed.append(opened[fd])
        real_fsync(fd)

    monkeypatch.setattr(whole_files, "_move_file_ex", move)
    monkeypatch.setattr(whole_files.os, "open", open_)
    monkeypatch.setattr(whole_files.os, "fsync", fsync)
    target = tmp_path / "carne.pdf"
    target.write_bytes(b"%PDF-1.4 o de ontem")
    whole_files.write_bytes_whole(target, b"%PDF-1.4 o de hoje")
    assert target.read_bytes() == b"%PDF-1.4 o de hoje"
    ((before_rename, flags),) = moves
    assert flags == whole_files._MOVEFILE_REPLACE_EXISTING | whole_files._MOVEFILE_WRITE_THROUGH
    assert [name for name, _ in before_rename] == ["carne.pdf.partial"]  # the file, flushed
    assert all(mode & os.O_RDWR for _, mode in before_rename)  # through a handle for writing
    assert not list(tmp_path.glob("*.partial"))


@pytest.mark.parametrize("command, name", [
    (["export", "clientes"], "clientes.xlsx"),  # a sheet she has open in Excel
    (["report", "atrasos", "--pdf"], "atrasos.pdf"),  # a PDF open in her reader
])
def test_on_windows_a_file_open_in_another_program_is_said_so_and_kept(
        demo_file, tmp_path, monkeypatch, capsys, command, name):
    """Windows cannot replace a file another program holds open ("being used by another
    process", winerror 32): the command ends with code 2 and one sentence that says so (not
    "somente leitura"), the file she has open stays as it was, and no piece is left."""
    from app.cli import main
    from tests.windows_files import play_windows_file_sharing

    play_windows_file_sharing(monkeypatch)
    target = tmp_path / name
    target.write_bytes(b"o de ontem")
    with target.open("rb"):  # the other program
        assert main([*command, str(target), "--db", str(demo_file)]) == 2
    assert one_sentence(capsys.readouterr().err).startswith(
        f"Não foi possível gravar {target}: ele está aberto em outro programa")
    assert target.read_bytes() == b"o de ontem" and os.listdir(tmp_path) == [name]


def test_a_rewritten_backup_copy_is_renamed_durably_too(db, today, monkeypatch):
    """Erasing her from the copies rewrites each one: its new name goes through the same
    durable rename as every other file the app writes."""
    from app.models.db import database_path
    from app.services.storage import copy_rewrite

    save_customer(CustomerInput("Ana Souza"), today)
    copy = backup_database(database_path(), reason="manual", today=today)
    renamed = []
    real = copy_rewrite.replace_durably
    monkeypatch.setattr(copy_rewrite, "replace_durably",
                        lambda p, t: renamed.append(t) or real(p, t))
    assert copy_rewrite.rewrite_copy(copy, lambda conn: conn.execute(
        "UPDATE customer SET notes = 'x'").rowcount > 0, lambda _p: "")
    assert renamed == [copy]


# --- the commands on a full disk -------------------------------------------------------------

def test_report_pdf_on_a_full_disk_exits_2_and_keeps_the_old_pdf(demo_file, tmp_path):
    pdf = tmp_path / "atrasos.pdf"
    pdf.write_bytes(b"%PDF-1.4 o resumo de ontem")
    run = full_disk_run(["report", "atrasos", "--pdf", str(pdf), "--db", str(demo_file)],
                        tmp_path, db=demo_file)
    assert run.returncode == 2 and run.stdout == ""
    assert one_sentence(run.stderr).startswith(f"O disco está cheio, então {pdf} não foi")
    assert pdf.read_bytes() == b"%PDF-1.4 o resumo de ontem"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["atrasos.pdf", "sistema"]


def test_export_on_a_full_disk_says_one_sentence_and_leaves_nothing(demo_file, tmp_path):
    """The sheets spill past the limit: no file in the system temp folder, none left in the
    app's own, no partial, no traceback."""
    target = tmp_path / "tudo.xlsx"
    run = full_disk_run(["export", "tudo", str(target), "--db", str(demo_file)], tmp_path,
                        db=demo_file)
    assert run.returncode == 2
    assert one_sentence(run.stderr).startswith(f"O disco está cheio, então {target}")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sistema"]
    assert list((tmp_path / "sistema").iterdir()) == []
    assert list((demo_file.parent / "temporarios").iterdir()) == []


def test_backup_to_a_full_folder_leaves_no_partial_nor_journal(demo_file, tmp_path):
    folder = tmp_path / "pendrive"
    folder.mkdir()
    run = full_disk_run(["backup", "--to", str(folder), "--db", str(demo_file)], tmp_path,
                        limit=200_000)
    assert run.returncode == 2
    assert one_sentence(run.stderr).startswith(f"Não foi possível gravar a cópia em {folder}")
    assert list(folder.iterdir()) == []


def _small_shop(tmp_path, today):
    path = tmp_path / "dados" / "caderneta.sqlite3"
    open_database(path, today=today)
    save_customer(CustomerInput("Ana Souza"), today)
    close_database()
    return path


def test_a_failed_restore_on_a_full_disk_adds_no_copy_each_time(demo_file, tmp_path, today):
    """Her file is small, the copy to restore is big: the "antes de restaurar" copy fits,
    the restored file does not. Three tries leave the folder as it was."""
    path = _small_shop(tmp_path, today)
    before = path.read_bytes()
    assert path.stat().st_size < RESTORE_LIMIT < demo_file.stat().st_size
    for _ in range(3):
        run = full_disk_run(["restore", str(demo_file), "--db", str(path)], tmp_path,
                            limit=RESTORE_LIMIT)
        assert run.returncode == 2
        assert one_sentence(run.stderr).startswith("Nada foi restaurado. O disco")
    assert path.read_bytes() == before and list_backups(path) == []
    assert sorted(p.name for p in path.parent.iterdir()) == [
        "backups", "caderneta.sqlite3", "caderneta.sqlite3.lock"]


def test_a_damaged_file_is_kept_apart_once_however_many_restores_fail(demo_file, tmp_path,
                                                                      today):
    path = _small_shop(tmp_path, today)
    corrupt_page(path)
    for _ in range(2):
        run = full_disk_run(["restore", str(demo_file), "--db", str(path)], tmp_path,
                            limit=RESTORE_LIMIT)
        assert run.returncode == 2 and "Nada foi restaurado" in run.stderr
    kept = list((backups_dir(path) / "danificados").glob("*-danificado.sqlite3"))
    assert len(kept) == 1 and kept[0].read_bytes() == path.read_bytes()


def test_the_danificados_copy_appears_whole(tmp_path, today):
    """A damaged file's copy goes through the helper too: no partial beside it."""
    path = _small_shop(tmp_path, today)
    good = backup_database(path, reason="diario", today=today - timedelta(days=1))
    corrupt_page(path)
    restore_backup(good, path, FixedClock(today))
    kept = sorted(p.name for p in (backups_dir(path) / "danificados").iterdir())
    assert [k for k in kept if k.endswith("-danificado.sqlite3")] == kept[:1]
    assert not any(k.endswith(".partial") for k in kept)
