"""Windows' file sharing, played on Linux: a file a handle of this process holds open cannot
be replaced, renamed over or deleted.

On Windows, Python's ``open``/``os.open`` and SQLite open files without
``FILE_SHARE_DELETE``: while any handle holds a file, ``MoveFileExW``/``os.replace`` onto it,
renaming it and deleting it fail with ``PermissionError`` (winerror 32, "being used by
another process"). Linux allows all three, so a connection left open under a restore, or a
copy still open while it is rewritten, passes every Linux test and breaks every Windows
laptop. ``play_windows_file_sharing(monkeypatch)`` makes those calls refuse here the way
Windows would, judging "open" from this process's own descriptors (``/proc/self/fd``): the
GUI thread's and every worker's SQLite connections included. The app's own Windows branch of
``whole_files`` (``MoveFileExW`` with write-through) is taken, through the same refusal.
"""

from __future__ import annotations

import errno
import os

SHARING_VIOLATION = 32  # ERROR_SHARING_VIOLATION


def handles(path: str | os.PathLike) -> int:
    """How many descriptors of this process point at ``path``."""
    target, folder, count = os.path.realpath(path), "/proc/self/fd", 0
    for fd in os.listdir(folder):
        try:
            count += os.readlink(f"{folder}/{fd}") == target
        except OSError:  # closed meanwhile (the listing's own descriptor, a worker's)
            continue
    return count


def held_open(path: str | os.PathLike) -> bool:
    """True when a descriptor of this process points at ``path``."""
    return handles(path) > 0


def sharing_violation(path: str | os.PathLike) -> PermissionError:
    """The error Windows gives for a file another handle holds (errno EACCES, winerror 32)."""
    exc = PermissionError(errno.EACCES, "The process cannot access the file because it is "
                          "being used by another process", str(path))
    exc.winerror = SHARING_VIOLATION
    return exc


def play_windows_file_sharing(monkeypatch) -> list[str]:
    """Refuse, as Windows does, to replace, rename or delete a file this process holds open;
    return the list the refused paths are recorded in. Needs Linux's ``/proc`` (elsewhere the
    test is skipped: on Windows the system itself refuses, in every test)."""
    import pytest

    from app.services.storage import whole_files

    if not os.path.isdir("/proc/self/fd"):
        pytest.skip("the play of Windows' file sharing reads Linux's /proc/self/fd")

    refused: list[str] = []
    real_replace, real_rename, real_unlink = os.replace, os.rename, os.unlink

    def guard(*paths, dir_fd=None) -> None:
        for path in paths:
            if dir_fd is not None:  # shutil.rmtree's names are relative to a folder's fd
                path = os.path.join(os.readlink(f"/proc/self/fd/{dir_fd}"), path)
            if held_open(path):
                refused.append(str(path))
                raise sharing_violation(path)

    def replace(src, dst, *, src_dir_fd=None, dst_dir_fd=None):
        guard(src, dir_fd=src_dir_fd)
        guard(dst, dir_fd=dst_dir_fd)
        return real_replace(src, dst, src_dir_fd=src_dir_fd, dst_dir_fd=dst_dir_fd)

    def rename(src, dst, *, src_dir_fd=None, dst_dir_fd=None):
        guard(src, dir_fd=src_dir_fd)
        guard(dst, dir_fd=dst_dir_fd)
        return real_rename(src, dst, src_dir_fd=src_dir_fd, dst_dir_fd=dst_dir_fd)

    def unlink(path, *, dir_fd=None):
        guard(path, dir_fd=dir_fd)
        return real_unlink(path, dir_fd=dir_fd)

    def move_file_ex(source: str, target: str, flags: int) -> None:
        guard(source, target)
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", replace)
    monkeypatch.setattr(os, "rename", rename)
    monkeypatch.setattr(os, "unlink", unlink)
    monkeypatch.setattr(os, "remove", unlink)
    monkeypatch.setattr(whole_files, "_WINDOWS", True)
    monkeypatch.setattr(whole_files, "_move_file_ex", move_file_ex)
    return refused
