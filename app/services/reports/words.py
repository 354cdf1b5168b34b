"""An amount in centavos written out in Portuguese, as on a receipt ("cento e cinquenta reais").

``num2words`` (lang ``pt_BR``) spells the numbers; this module only joins reais and centavos,
so no float ever touches the amount and the small cases read as people write them: "um
centavo" (not "zero reais e um centavo"), "um real", "mil reais", "um milhão de reais".
"""

from __future__ import annotations

from num2words import num2words

_ROUND_MILLIONS = 1_000_000


def _number(n: int) -> str:
    return num2words(n, lang="pt_BR")


def amount_in_words(cents: int) -> str:
    """``cents`` (≥ 0) in words: 2150 → "vinte e um reais e cinquenta centavos"."""
    if cents < 0:
        raise ValueError("O valor por extenso não pode ser negativo.")
    if cents == 0:
        return "zero reais"
    reais, centavos = divmod(cents, 100)
    parts = []
    if reais:
        # "um milhão de reais", "dois bilhões de reais": round millions take "de"
        joiner = " de " if reais % _ROUND_MILLIONS == 0 else " "
        parts.append(_number(reais) + joiner + ("real" if reais == 1 else "reais"))
    if centavos:
        parts.append(_number(centavos) + (" centavo" if centavos == 1 else " centavos"))
    return " e ".join(parts)
