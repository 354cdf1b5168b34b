"""The tone check of messages (CDC arts. 42 and 71): threats, exposure, insults and shouting.

Collecting must never expose the customer to ridicule nor threaten her (CDC art. 42), and
collection that exposes her or reaches her at work or rest is a crime (CDC art. 71). The
check reads the wording she writes (placeholders are not wording), without accents or
case, and only *warns*: she keeps the last word. It works by families of phrases, not by a
list of sentences, so phrasings nobody listed are caught too:

- **Exposure**: a verb of telling, showing, posting, sending or calling in her own voice
  (``contar``, ``vou falar``, ``liguei``, ``postando``, ``mandarei``…, never the "me conta"
  she asks of the customer) followed, in the same sentence, by a third party or a public
  place — her work (trabalho, chefe, patroa, colegas), her family (marido, mãe, filha,
  sogra…), her circles (vizinhos, igreja, escola, amigas, todo mundo) or a group or network
  (grupo, status, stories, Instagram, Facebook, internet). So are, on their own, "na frente
  de…", "em público", "expor", "todo mundo vai saber", "<alguém> vai ficar sabendo" and
  "grupo da família". A sentence about her products or a delivery (novidades, coleção,
  peças, sacola, entregar) or about affection (beijo, abraço, parabéns) is not exposure.
- **Threats**: credit bureaus in any spelling (SPC, S.P.C., S P C, Serasa, SCPC), negativar,
  nome sujo, protesto, cartório, justiça, judicial, juiz, advogado, polícia, delegacia,
  B.O., cadeia, denunciar, penhora, processar and "processo" — except a process *of*
  something ("processo de pagamento em partes") —, última chance, último aviso, medidas
  legais, providências, consequências, cobrador, "vai se arrepender", "vai ver só".
- **Insults**: labels that humiliate, in any gender or number: caloteira (and calote), mau
  or má pagadora, golpista, pilantra, vagabunda, safada, sem-vergonha, descarada, cara de
  pau, mentirosa, trambiqueira, picareta, ladra, estelionatária, aproveitadora, enroladora,
  devedora, inadimplente, ridícula, vergonha, humilhar, vigarista, folgada, sem caráter,
  desonesta, irresponsável, idiota…
- **Shouting**: words of four or more capitals, except acronyms (PIX, CPF, CNPJ, LTDA…), the
  words of the store's name (``store_name``), a name after the words that introduce one
  ("aqui é da BELLA MODAS", "Beijos, BELLA MODAS") and a signature on the last line of a
  message of several lines; never PAGUE, URGENTE, HOJE and their kin. Runs of "!!!", "???".

Each warning quotes the phrase as she wrote it (fixed words in their accented spelling).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.services.core.text import fold, transliterate

CDC = "Cobrar não pode expor a cliente ao ridículo nem ameaçá-la (CDC art. 42)."
_THREAT_ADVICE = "Prefira convidar para conversar e oferecer um acordo."
_INSULT_ADVICE = "Fale do valor e da data, não da pessoa."
_EXPOSURE_ADVICE = ("Falar da dívida a outras pessoas ou procurá-la no trabalho pode ser crime "
                    "(CDC art. 71): fale só com ela.")


def _spelled(word: str) -> str:
    """A word also written with dots or spaces between its letters (S.P.C., S P C)."""
    return r"\b" + r"[\s.\-]{0,2}".join(word) + r"\b\.?"


# --- exposure: a verb of telling/posting in her voice + a third party or a public place ----
_AR_STEMS = ("cont", "fal", "lig", "telefon", "avis", "mand", "envi", "post", "public", "divulg",
             "espalh", "mostr", "compartilh", "coloc", "bot", "print", "marc", "coment", "procur",
             "cobr", "cham", "jog", "pass", "grit", "contact", "expli", "encaminh", "anunci",
             "comunic", "notific", "inform", "deix", "pergunt", "reclam", "visit")
_AR_ENDINGS = r"(?:ar|a-l[ao]s?|o|ei|arei|aria|ando|amos|aremos|ava)"
_OTHER_VERBS = ("liguei", "divulguei", "joguei", "publiquei", "coloquei", "marquei", "expliquei",
                "comuniquei", "notifiquei", "dizer", "digo", "disse", "direi", "dizendo",
                "aparecer", "apareco", "apareci", "aparecerei", "aparecendo", "escrever",
                "escrevo", "escrevi", "escreverei", "escrevendo", "bater", "bato", "bati")
_VERB = (r"\b(?:(?:" + "|".join(_AR_STEMS) + r")" + _AR_ENDINGS + "|"
         + "|".join(_OTHER_VERBS) + r")\b")
_WORK = (r"trabalho|servico|emprego|firma|empresa|chef(?:e|ia)|patr(?:ao|oa|oes)|gerente"
         r"|supervisor(?:a)?|encarregad[oa]|colegas?|rh")
_FAMILY = (r"marido|espos[oa]|namorad[oa]|noiv[oa]|companheir[oa]|maes?|pais?|filh[oa]s?"
           r"|irm(?:a|ao|as|aos)|ti[oa]s?|avos?|sogr[oa]s?|cunhad[oa]s?|prim[oa]s?|genro|nora"
           r"|familia|parentes?")
_CIRCLES = (r"vizinh(?:o|a|os|as|anca)|igreja|pastor|padre|culto|escola|faculdade|condominio"
            r"|sindic[oa]|portaria|porteir[oa]|comunidade|amig[oa]s|conhecid[oa]s"
            r"|todo mundo|todos|outras clientes|publico")
_NETWORKS = (r"grupos?|status|stor(?:y|ies|ys)|instagram|insta|facebook|face|tiktok|twitter"
             r"|kwai|redes? socia(?:l|is)|internet|mural|feed")
_THIRD = rf"\b(?:{_WORK}|{_FAMILY}|{_CIRCLES}|{_NETWORKS})\b"
_SAME_SENTENCE = r"[^.!?;\n]{0,60}?"
_EXPOSURE = (
    _VERB + _SAME_SENTENCE + _THIRD,
    r"\b(?:vou|irei|fui|vamos)\s+(?:(?:ate|la|ai)\s+)?(?:(?:n?[oa]s?|ao)\s+)?"
    r"(?:(?:seu|sua|teu|tua)\s+)?" + _THIRD,
    _THIRD + r"\s+(?:\w+\s+){0,2}(?:vai|vao|ira|irao)\s+(?:ficar\s+)?sab(?:er|endo)\b",
    r"\b(?:todo mundo|todos)\s+(?:\w+\s+){0,2}(?:vai|vao|ira|irao)\s+(?:ficar\s+)?sab\w*",
    r"\bna\s+frente\s+d(?:e|o|a|os|as)\b(?:\s+(?:todo\s+mundo|\w+))?", r"\bem\s+publico\b",
    r"\bpublicamente\b", r"\b(?:espalh|divulg)(?:ar|o|ei|uei|arei|ando)\b",
    r"\bexp(?:or|osta|osto|ostas|ondo|onho|us|orei|oe|or-te|o-la)\b",
    r"\bgrupo\s+d[aeo]s?\s+(?:familia|igreja|escola|trabalho|condominio|bairro|rua|clientes)\b",
)
# a sentence about her products, a delivery or affection is not exposure
_NOT_EXPOSURE = re.compile(
    r"\b(?:novidades?|colec(?:ao|oes)|lancamentos?|pecas?|promoc(?:ao|oes)|looks?|produtos?"
    r"|catalogo|sacola|encomenda|pedido|malinha|entreg\w*|beijos?|beijinhos?|abraco\w*"
    r"|lembrancas|carinho|saudades?|parabens|felicidades?)\b")

# --- threats (art. 42) -------------------------------------------------------------------
_THREATS = (
    (_spelled("spc"), "SPC"), (_spelled("scpc"), "SCPC"), (_spelled("serasa"), "Serasa"),
    (r"\bnegativ(?:ar|ad[oa]s?|acao|ando|arei|ei|a-l[ao])\b", None),
    (r"\bnome\s+suj[oa]\b", "nome sujo"),
    (r"\bsuj(?:ar|o|ei|arei|ando)\s+(?:o\s+)?(?:seu\s+|teu\s+)?nome\b", None),
    (r"\b(?:lista\s+negra|cadastro\s+de\s+(?:maus\s+pagadores|inadimplentes|devedores))\b", None),
    (r"\bprocess(?:ar|ada|ado|ando|arei|a-l[ao])\b", None),
    (r"\bprocessos?\b(?!\s+(?:de|do|da|dos|das)\s+(?!cobranca|execucao|despejo|danos)\w)",
     "processo"),
    (r"\bprotest(?:o|ar|ado|ada|ando|arei)\b", None), (r"\bcartorio\b", "cartório"),
    (r"\bjustica\b", "justiça"), (r"\bjudicia(?:l|is|lmente)\b", None),
    (r"\bjuiz(?:a|es)?\b", None), (r"\bjuizado\b", None), (r"\btribuna(?:l|is)\b", None),
    (r"\bpequenas\s+causas\b", "pequenas causas"), (r"\badvogad[oa]s?\b", None),
    (r"\bpolicia\b", "polícia"), (r"\bdelegacia\b", None),
    (r"\bboletim\s+de\s+ocorrencia\b", "boletim de ocorrência"), (r"\bb\.\s?o\.", "B.O."),
    (r"\bcadeia\b", None), (r"\bprisao\b", "prisão"), (r"\bprender\b", None),
    (r"\bdenunci\w*", None), (r"\bpenhor(?:a|ar)\b", None),
    (r"\bultima\s+chance\b", "última chance"), (r"\bultimo\s+aviso\b", "último aviso"),
    (r"\bmedidas\s+(?:legais|cabiveis|judiciais|drasticas)\b", None),
    (r"\bprovidencias\b", "providências"), (r"\bvai\s+se\s+arrepender\b", None),
    (r"\bconsequencias\b", "consequências"), (r"\bcobrador(?:a|es)?\b", None),
    (r"\bvai\s+ver\s+so\b", "vai ver só"),
)
# --- insults -----------------------------------------------------------------------------
_INSULTS = (
    r"\bcalot\w*", r"\b(?:mau|ma|mal)\s+pagador(?:a|as|es)?\b", r"\bgolpist\w*",
    r"\bpilantr\w*", r"\bvagabund\w*", r"\bsafad\w*", r"\bsem[\s\-]*vergonh\w*",
    r"(?<!nao tenha )(?<!precisa ter )\bvergonh(?:a|oso|osa)\b", r"\bdescarad\w*",
    r"\bcara\s+de\s+pau\b",
    r"\bmentiros[oa]s?\b", r"\btrambiqu\w*", r"\bpicaret\w*", r"\bladr(?:a|ao|oes|as)\b",
    r"\bestelionat\w*", r"\baproveitador(?:a|as|es)?\b", r"\benrol(?:adora|ador|ona|ao)\b",
    r"\bdevedor(?:a|as|es)?\b", r"\binadimplentes?\b", r"\bridicul\w*", r"\bhumilh\w*",
    r"\bvigarist\w*", r"\bfolgad[ao]s?\b", r"\bsem\s+(?:carater|palavra)\b",
    r"\bordinari[ao]s?\b", r"\bnojent[ao]s?\b", r"\bidiotas?\b", r"\botari[ao]s?\b",
    r"\bdesonest\w*", r"\birresponsave(?:l|is)\b",
)
_ACCENTED = {"ma pagadora": "má pagadora", "ridicula": "ridícula", "estelionataria":
             "estelionatária"}


@dataclass(frozen=True)
class _Family:
    patterns: tuple[tuple[re.Pattern, str | None], ...]
    sentence: str  # what to say after "Evite “…”:"
    advice: str
    exposure: bool = False  # not when the sentence is about products, delivery, affection


_FAMILIES = (
    _Family(tuple((re.compile(p), label) for p, label in _THREATS),
            "soa como ameaça ou constrangimento.", _THREAT_ADVICE),
    _Family(tuple((re.compile(p), None) for p in _EXPOSURE),
            "expõe a cliente a outras pessoas.", _EXPOSURE_ADVICE, exposure=True),
    _Family(tuple((re.compile(p), None) for p in _INSULTS),
            "é um rótulo que humilha a cliente.", _INSULT_ADVICE),
)
_ACRONYMS = {"PIX", "CPF", "CNPJ", "CEP", "OK", "QR", "LTDA", "EIRELI", "MEI", "EPP", "CDC",
             "SMS", "PDF", "DDD", "TED", "DOC", "BR"}
_CAPS_RE = re.compile(r"\b[A-ZÀ-Ý]{4,}\b")
_SIGNATURE_RE = re.compile(r"(?:^|[!,.\-—–:])\s*((?:[A-ZÀ-Ý0-9&'’]+\s*)+)\W*$")
# words before capitals that make them a name: "aqui é da BELLA MODAS", "Beijos, BELLA MODAS"
_NAME_BEFORE = re.compile(r"(?:\b(?:da|de|do|das|dos|loja|equipe|aqui e|sou a|sou o)\s+"
                          r"|\b(?:obrigad[ao]|abracos?|beijos?|bjs|att|atenciosamente)\W*)$")
_CAPS_RUN_END = re.compile(r"(?:[A-ZÀ-Ý0-9&'’]+\s+)*$")
_NEVER_SIGNATURE = {"PAGUE", "PAGAR", "PAGA", "URGENTE", "HOJE", "AGORA", "LOGO", "DEVE",
                    "DIVIDA", "ATRASO", "ATRASADA", "ATRASADO", "AVISO", "COBRANCA"}


def _folded(text: str) -> tuple[str, list[int]]:
    """``text`` lower case without accents, and for each folded character the position of
    the character of ``text`` it came from (to quote her own words back)."""
    chars: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text):
        for f in transliterate(ch).casefold():
            chars.append(f)
            where.append(i)
    return "".join(chars), where


def _sentence_of(folded: str, start: int, end: int) -> str:
    left = max(folded.rfind(p, 0, start) for p in ".!?;\n") + 1
    rights = [i for i in (folded.find(p, end) for p in ".!?;\n") if i >= 0]
    return folded[left:min(rights) if rights else len(folded)]


def _phrases(body: str) -> list[tuple[int, str, _Family]]:
    """(position, phrase as shown, family) of every threatening, exposing or insulting
    phrase in ``body``, each phrase once."""
    folded, where = _folded(body)
    found: dict[str, tuple[int, str, _Family]] = {}
    for family in _FAMILIES:
        for pattern, label in family.patterns:
            for m in pattern.finditer(folded):
                if family.exposure and _NOT_EXPOSURE.search(
                        _sentence_of(folded, m.start(), m.end())):
                    continue
                said = body[where[m.start()]:where[m.end() - 1] + 1].strip(" .")
                shown = label or _ACCENTED.get(fold(said), said)
                found.setdefault(fold(shown), (m.start(), shown, family))
    return sorted(found.values(), key=lambda item: item[0])


def _signature_words(body: str) -> set[str]:
    """Capitals that sign a message of several lines: the last line's closing words."""
    lines = [line for line in body.split("\n") if line.strip()]
    if len(lines) < 2:
        return set()
    m = _SIGNATURE_RE.search(lines[-1].strip())
    words = set(m.group(1).split()) if m else set()
    return set() if {transliterate(w) for w in words} & _NEVER_SIGNATURE else words


def _named(body: str, start: int) -> bool:
    """True when the capitals at ``start`` follow words that introduce a name."""
    before = body[body.rfind("\n", 0, start) + 1:start]
    return bool(_NAME_BEFORE.search(fold(_CAPS_RUN_END.sub("", before)) + " "))


def shouted_words(body: str, store_name: str = "") -> list[str]:
    """Words written in capitals that read as shouting (rules in the module docstring)."""
    allowed = _ACRONYMS | _signature_words(body) | {
        w for w in re.findall(r"\w+", transliterate(store_name).upper())}
    return [m.group(0) for m in _CAPS_RE.finditer(body)
            if m.group(0) not in allowed and transliterate(m.group(0)).upper() not in allowed
            and not (_named(body, m.start())
                     and transliterate(m.group(0)) not in _NEVER_SIGNATURE)]


def tone_warnings(text: str, store_name: str = "") -> list[str]:
    """Warnings (never a block) about threatening, exposing, insulting or shouted wording
    in ``text``, in the order they appear; ``store_name`` may be written in capitals."""
    body = re.sub(r"\{[^{}]*\}", " ", text or "")  # placeholders are not wording
    warnings = [f"Evite “{shown}”: {family.sentence} {CDC} {family.advice}"
                for _, shown, family in _phrases(body)]
    shouting = shouted_words(body, store_name)
    if shouting:
        warnings.append(f"Evite escrever em MAIÚSCULAS (“{shouting[0]}”): na mensagem soa como "
                        f"grito. {CDC}")
    if re.search(r"[!?]{3,}", body):
        warnings.append("Evite vários pontos de exclamação seguidos: soa como bronca.")
    return warnings
