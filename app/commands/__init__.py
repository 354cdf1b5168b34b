"""Headless commands, one module each with ``add_parser(sub)`` and ``run(args, clock)``.

``COMMANDS`` is the one table the command line reads; add a module here to add a command.
"""

from __future__ import annotations

from app.commands import acordos, backup, demo, export, import_, pix, report, restore

COMMANDS = (demo, backup, restore, pix, import_, export, report, acordos)
