"""The window's pages by stable code: what links between screens name, whatever the titles say.

A screen asks for another by its code (``"atraso"``), never by the words of its title, so a
reworded title changes no behaviour (codes decide, words explain). The code also names the
page's icon (``resources/icons/<code>.svg``).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Page:
    code: str  # stable: navigation, icons, links between screens, tests
    title: str  # what she reads in the navigation


PAGES = (
    Page("painel", "Painel"),
    Page("clientes", "Clientes"),
    Page("cobrancas", "Cobranças de hoje"),
    Page("atraso", "Em atraso"),
    Page("acordos", "Acordos"),  # issue 12
    Page("pecas", "Peças"),  # issue 22
    Page("condicionais", "Condicionais"),  # issue 23
    Page("relatorios", "Relatórios"),
    Page("importar", "Importar/Exportar"),
    Page("configuracoes", "Configurações"),
)
CODES = tuple(page.code for page in PAGES)
TITLES = {page.code: page.title for page in PAGES}


def page_title(code: str) -> str:
    """The title of the page ``code`` (KeyError for a code that is no page)."""
    return TITLES[code]
