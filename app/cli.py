"""Command line: open the window, or run a headless command from ``app.commands.COMMANDS``.

Every failure reaches the user as one Portuguese line on stderr and exit code 2, never a
traceback; argparse's own words are Portuguese too.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.clock import Clock, FixedClock, SystemClock
from app.commands import COMMANDS
from app.commands.base import CommandError, parse_today
from app.version import version

# argparse's own words (it looks them up through gettext at call time).
_PT = {
    "usage: ": "uso: ",
    "options": "opções",
    "positional arguments": "argumentos",
    "show this help message and exit": "mostra esta ajuda e sai",
    "%(prog)s: error: %(message)s\n": "%(prog)s: erro: %(message)s\n",
    "the following arguments are required: %s": "faltou informar: %s",
    "unrecognized arguments: %s": "argumentos desconhecidos: %s",
    "invalid choice: %(value)r (choose from %(choices)s)":
        "opção inválida: %(value)r (escolha entre %(choices)s)",
    "expected one argument": "esperava um valor",
    "expected at most one argument": "esperava no máximo um valor",
    "expected at least one argument": "esperava pelo menos um valor",
    "invalid %(type)s value: %(value)r": "valor inválido: %(value)r",
    "argument %(argument_name)s: %(message)s": "%(argument_name)s: %(message)s",
    "ambiguous option: %(option)s could match %(matches)s":
        "opção ambígua: %(option)s pode ser %(matches)s",
    "not allowed with argument %s": "não pode ser usado junto com %s",
    "one of the arguments %s is required": "informe um destes: %s",
    "ignored explicit argument %r": "valor ignorado: %r",
}


def _pt(text: str) -> str:
    return _PT.get(text, text)


def _pt_n(singular: str, plural: str, n: int) -> str:
    if singular == "expected %s argument":
        return "esperava %s valor" if n == 1 else "esperava %s valores"
    return singular if n == 1 else plural


argparse._ = _pt  # noqa: SLF001 - argparse has no other hook for its messages
argparse.ngettext = _pt_n


class PortugueseParser(argparse.ArgumentParser):
    """Errors as one line: what is wrong and where to look."""

    def error(self, message: str):  # noqa: D401 - argparse override
        self.exit(2, f"Erro: {message}. Veja: {self.prog} --help\n")


def build_parser() -> argparse.ArgumentParser:
    """The parser of ``python main.py`` and of every command in COMMANDS."""
    parser = PortugueseParser(
        prog="caderneta", description="Caderneta — vendas a prazo e cobranças da revendedora.")
    # Own names, so a command's parser (which has --db/--today too) cannot reset them to None:
    # ``caderneta --db X backup`` means the same as ``caderneta backup --db X``.
    parser.add_argument("--db", dest="global_db", type=Path, metavar="ARQUIVO",
                        help="abrir outro arquivo de banco")
    parser.add_argument("--today", dest="global_today", help=argparse.SUPPRESS)
    parser.add_argument("--version", action="version", version=f"Caderneta {version()}",
                        help="mostra a versão e sai")
    parser.add_argument("--self-test", dest="self_test", action="store_true",
                        help="confere, sem janela, se o programa funciona neste computador")
    sub = parser.add_subparsers(dest="command", metavar="comando", title="comandos",
                                parser_class=PortugueseParser)
    for command in COMMANDS:
        p = command.add_parser(sub)
        p.set_defaults(run=command.run)
        if not any("--today" in action.option_strings for action in p._actions):
            p.add_argument("--today", help=argparse.SUPPRESS)
    return parser


def make_clock(today_text: str | None) -> Clock:
    """The one clock of this run: stopped on ``--today`` when given, the system's otherwise."""
    today = parse_today(today_text)
    return FixedClock(today) if today else SystemClock()


def attach_console() -> bool:
    """Windows, frozen: the program is built without a console of its own (no black window
    behind hers), so ``print`` had nowhere to go and ``Caderneta.exe --version`` or
    ``--self-test`` typed in a terminal showed nothing. Attach to the terminal it was started
    from, when there is one, and write there. Elsewhere, or started by a double click (no
    terminal to attach to), nothing changes. Exercised only by the release workflow (no
    Windows here)."""
    if sys.platform != "win32" or not getattr(sys, "frozen", False) or sys.stdout is not None:
        return False
    try:
        import ctypes

        if not ctypes.windll.kernel32.AttachConsole(-1):  # ATTACH_PARENT_PROCESS
            return False
        sys.stdout = open("CONOUT$", "w", encoding="utf-8", errors="replace")  # noqa: SIM115
        sys.stderr = open("CONOUT$", "w", encoding="utf-8", errors="replace")  # noqa: SIM115
    except (OSError, AttributeError):
        return False
    return True


def print_anything() -> None:
    """No text fails to print. On Windows, output sent to a file or a pipe (``> saida.txt``,
    a scheduled task) is written in the ANSI code page (cp1252), which has no "→", no "≥"
    and no emoji: printing a customer's name or "Configurações → Backup" raised
    ``UnicodeEncodeError`` after the command had done its work, which then ended with
    "Algo deu errado" and code 2. Such a character is written as "?" instead; whatever
    cp1252 has (ç, ã, é, —, “ ”, …, R$) is written as before. The Windows console itself
    takes any text, and Linux and macOS write UTF-8: nothing changes there."""
    for stream in (sys.stdout, sys.stderr):
        if stream is not None and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")


def main(argv: list[str] | None = None) -> int:
    """Run the window or a command; return the exit code (2 for any failure of a command)."""
    attach_console()
    print_anything()
    args = parse_args(argv)
    try:
        clock = make_clock(args.today)
        if args.command:
            return args.run(args, clock)
        if args.self_test:
            from app.ui.shell.self_test import run_self_test

            return run_self_test(clock)
    except CommandError as exc:
        print(exc.message, file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("Interrompido. Nada foi gravado pela metade.", file=sys.stderr)
        return 2
    except Exception as exc:  # noqa: BLE001 - the last guard: a sentence, never a traceback
        print(f"Algo deu errado e o comando parou ({type(exc).__name__}: {exc}). "
              "Nada foi gravado pela metade; tente de novo ou peça ajuda com esta mensagem.",
              file=sys.stderr)
        return 2
    from app.ui.shell.app import run_gui

    return run_gui(args.db, clock)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Parse; options given before the command name count as if given after it."""
    args = build_parser().parse_args(argv)
    if getattr(args, "db", None) is None:
        args.db = args.global_db
    if getattr(args, "today", None) is None:
        args.today = args.global_today
    return args


if __name__ == "__main__":
    sys.exit(main())
