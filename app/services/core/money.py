"""Money as integer centavos: parse what people type, format as ``R$ 1.234,56``."""

from __future__ import annotations

import re

MAX_CENTS = 999_999_999_999  # R$ 9.999.999.999,99

_CLEAN = re.compile(r"^(?P<sign>-)?(?P<body>[\d.,\s]+)$")


def parse_brl(text: str) -> int:
    """Parse an amount typed in Brazilian (or plain dotted) style into centavos.

    Accepts ``1.234,56``, ``1234,56``, ``R$ 10``, ``10,5``, ``1234.56``, ``-5,00``.
    Raises ``ValueError`` with a Portuguese message on anything else.
    """
    if text is None:
        raise ValueError("Informe um valor.")
    raw = str(text).strip().replace("\u00a0", " ")
    raw = re.sub(r"(?i)^(-?)\s*r\$\s*", r"\1", raw).strip()
    if not raw:
        raise ValueError("Informe um valor.")
    match = _CLEAN.match(raw)
    if not match:
        raise ValueError(f"“{text}” não é um valor. Use, por exemplo, 1.234,56.")
    negative = match.group("sign") == "-"
    body = match.group("body").replace(" ", "")
    integer, fraction = _split_decimal(body, text)
    if not integer and not fraction:
        raise ValueError(f"“{text}” não é um valor. Use, por exemplo, 1.234,56.")
    cents = int(integer or "0") * 100 + int((fraction + "00")[:2])
    if cents > MAX_CENTS:
        raise ValueError("Valor grande demais. O máximo é R$ 9.999.999.999,99.")
    return -cents if negative else cents


def _split_decimal(body: str, original: str) -> tuple[str, str]:
    """Return (integer digits, fraction digits) deciding which mark is the decimal one."""
    bad = ValueError(f"“{original}” não é um valor. Use, por exemplo, 1.234,56.")
    if "," in body:
        # Brazilian: comma is decimal, dots group thousands.
        if body.count(",") > 1:
            raise bad
        integer, fraction = body.split(",")
        if "." in integer and not _valid_groups(integer, "."):
            raise bad
        integer = integer.replace(".", "")
    elif body.count(".") == 1 and len(body.split(".")[1]) in (1, 2):
        integer, fraction = body.split(".")  # 1234.56 or 89.9
    elif "." in body:
        if not _valid_groups(body, "."):
            raise bad
        integer, fraction = body.replace(".", ""), ""
    else:
        integer, fraction = body, ""
    if not integer.isdigit() and integer != "":
        raise bad
    if fraction and (not fraction.isdigit() or len(fraction) > 2):
        raise bad
    return integer, fraction


def _valid_groups(text: str, sep: str) -> bool:
    parts = text.split(sep)
    return (
        1 <= len(parts[0]) <= 3
        and parts[0].isdigit()
        and all(len(p) == 3 and p.isdigit() for p in parts[1:])
    )


NBSP = "\u00a0"  # between "R$" and the amount: a line never breaks "falta R$ / 157,93"


def format_brl(cents: int, symbol: bool = True) -> str:
    """Format centavos as ``R$ 1.234,56`` (``-R$ 5,00`` for negatives), the space after
    "R$" a no-break space (U+00A0) so the amount never wraps away from its sign — on
    screen, in printed documents and in messages."""
    sign = "-" if cents < 0 else ""
    reais, centavos = divmod(abs(int(cents)), 100)
    grouped = f"{reais:,}".replace(",", ".")
    text = f"{grouped},{centavos:02d}"
    return f"{sign}R${NBSP}{text}" if symbol else f"{sign}{text}"


def percent_of(cents: int, basis_points: int) -> int:
    """Return ``cents`` × ``basis_points`` / 10 000, rounded half up, in centavos."""
    return (cents * basis_points + 5_000) // 10_000


def format_percent(basis_points: int) -> str:
    """Format basis points (200 = 2%) as ``2%`` or ``1,5%``."""
    whole, frac = divmod(basis_points, 100)
    return f"{whole}%" if not frac else f"{whole},{frac:02d}".rstrip("0") + "%"


def parse_percent(text: str) -> int:
    """Parse ``2``, ``2%``, ``1,5`` or ``0.33`` into basis points (200 = 2%)."""
    raw = str(text or "").strip().rstrip("%").strip()
    if not raw:
        return 0
    try:
        return parse_brl(raw)
    except ValueError:
        raise ValueError(f"“{text}” não é uma porcentagem. Use, por exemplo, 2 ou 1,5.") from None
