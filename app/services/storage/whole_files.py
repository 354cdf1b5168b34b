"""Files appear whole: the one way the app writes a file (PDF, spreadsheet, backup, restore, PNG).

Rules (CONVENTIONS 19):
- The writer fills a temporary file beside the target (``<name>.partial`` unless the caller
  names its own): the same folder, so the same disk, so the final rename is atomic.
- When the writer is done, ``check(partial)`` runs (a PDF ends where its index says, an xlsx
  reads back as a zip, a backup passes ``quick_check``); the file is flushed to the disk
  (``fsync``), ``before_rename`` runs (restore removes the old ``-wal`` there), the partial is
  renamed over the target, and the folder is flushed too (on Windows the rename is written
  through instead: ``replace_durably``), so the new name survives a power cut, not only a kill.
- On any failure (a full disk, a failed check, Cancelar) the partial and the SQLite side files
  a copy may leave beside it (``-journal``, ``-wal``, ``-shm``) are removed, and the target is
  untouched: a file already there stays exactly as it was. A partial left by a killed
  process is removed by the next write to the same target (and the backups by day).
- ``write_failure`` says in one pt-BR sentence why a file could not be written, from the
  error's code (disk full, folder not writable, disk failed, the file open in another
  program — on Windows a PDF open in the reader or a sheet open in Excel cannot be replaced),
  never from its English text.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from app.services.storage.dbhealth import Problem, classify

PARTIAL = ".partial"
SIDE_FILES = ("-journal", "-wal", "-shm")
_os_write = os.write  # every write of ``write_bytes_whole`` (tests fill the disk here)
_WINDOWS = os.name == "nt"


def partial_path(target: Path) -> Path:
    """``<target>.partial``: where a file is written before it gets its name."""
    return target.with_name(target.name + PARTIAL)


def fsync_file(path: Path) -> None:
    """Flush ``path``'s bytes to the disk. On Windows the file is opened for writing: there
    ``os.fsync`` is ``FlushFileBuffers``, which refuses a handle without write access."""
    fd = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0) if _WINDOWS else os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_folder(folder: Path) -> None:
    """Flush a folder's entries (a rename) to the disk; Windows cannot open a folder (there
    ``replace_durably`` asks the rename itself to be written through)."""
    if _WINDOWS:
        return
    fsync_file(folder)


_MOVEFILE_REPLACE_EXISTING, _MOVEFILE_WRITE_THROUGH = 0x1, 0x8


def replace_durably(partial: Path, target: Path) -> None:
    """Give ``partial`` the name ``target`` (replacing it) so that the new name survives a
    power cut, not only a kill: on Linux and macOS the rename, then its folder flushed. On
    Windows a folder cannot be flushed; the rename is one ``MoveFileExW`` asked to write
    through (``MOVEFILE_WRITE_THROUGH``), the most Windows lets a program ask for: Microsoft
    documents that flag as waiting for the data of a move across volumes, and NTFS journals a
    rename within a volume itself — so there the new name survives a power cut as far as NTFS
    promises, not by a flush of ours (``os.replace`` asks for neither)."""
    if not _WINDOWS:
        os.replace(partial, target)
        fsync_folder(target.parent)
        return
    _move_file_ex(str(partial), str(target), _MOVEFILE_REPLACE_EXISTING | _MOVEFILE_WRITE_THROUGH)


def _move_file_ex(source: str, target: str, flags: int) -> None:  # pragma: no cover - Windows
    import ctypes

    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
    kernel32.MoveFileExW.argtypes = (ctypes.c_wchar_p, ctypes.c_wchar_p, ctypes.c_uint32)
    kernel32.MoveFileExW.restype = ctypes.c_int
    if not kernel32.MoveFileExW(source, target, flags):
        raise ctypes.WinError(ctypes.get_last_error())


def remove_partial(partial: Path) -> None:
    """Delete a partial file and the SQLite side files a copy into it may have left."""
    for suffix in ("", *SIDE_FILES):
        Path(str(partial) + suffix).unlink(missing_ok=True)


@contextmanager
def whole_file(target: str | Path, *, partial: Path | None = None,
               check: Callable[[Path], None] | None = None,
               before_rename: Callable[[], None] | None = None) -> Iterator[Path]:
    """Yield the temporary path the caller writes; give it ``target``'s name when the block
    ends without error (see the module rules). ``check`` raises to refuse the written file.
    Raises what the writer, the check or the disk raised; the target is then untouched."""
    target = Path(target)
    partial = partial or partial_path(target)
    remove_partial(partial)  # left by a writer that was killed
    try:
        yield partial
        if not partial.is_file():
            raise OSError(errno.EIO, "nada foi gravado", str(partial))
        if check is not None:
            check(partial)
        fsync_file(partial)
        if before_rename is not None:
            before_rename()
        replace_durably(partial, target)
    finally:
        remove_partial(partial)


def write_bytes_whole(target: str | Path, data: bytes,
                      check: Callable[[Path], None] | None = None) -> Path:
    """Write ``data`` as the whole of ``target`` (every write checked, then renamed)."""
    target = Path(target)
    with whole_file(target, check=check) as partial:
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0),
                     0o644)
        try:
            view = memoryview(data)
            while view:  # a short write is not an error: write the rest
                view = view[_os_write(fd, view):]
        finally:
            os.close(fd)
    return target


def write_failure(exc: BaseException, target: str | Path) -> str:
    """One pt-BR sentence: why ``target`` could not be written, and what to do."""
    target = Path(target)
    code = classify(exc).code
    if code is Problem.DISK_FULL:
        return (f"O disco está cheio, então {target} não foi gravado (nenhum arquivo "
                "ficou pela metade, e um arquivo que já existia com esse nome continua como "
                "estava). Apague ou mova arquivos grandes (vídeos, downloads, a lixeira) e "
                "tente de novo.")
    if code is Problem.READ_ONLY:
        return (f"Não foi possível gravar {target}: a pasta {target.parent} não aceita "
                "gravação, ou o arquivo está aberto em outro programa. Feche o arquivo ou "
                "escolha outra pasta.")
    if code is Problem.LOCKED:
        return (f"Não foi possível gravar {target}: ele está aberto em outro programa (o "
                "leitor de PDF ou o Excel, por exemplo). Feche o arquivo nesse programa e "
                "tente de novo; nada ficou pela metade e o arquivo continua como estava.")
    if code is Problem.IO_ERROR:
        return (f"O disco falhou ao gravar {target} (um pen drive retirado pode causar "
                "isso); nada ficou pela metade. Verifique o disco e tente de novo.")
    if isinstance(exc, FileNotFoundError):
        return f"A pasta {target.parent} não existe mais. Escolha outra pasta."
    return (f"Não foi possível gravar {target}; nada ficou pela metade. Feche o arquivo "
            "se estiver aberto em outro programa, ou escolha outra pasta.")
