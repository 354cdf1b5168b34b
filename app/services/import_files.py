"""Files around an import: the rejected rows to fix and import again, and the template.

- Rejected rows: the rows marked *erro* or *ignorar*, with her original header and values, the
  original row number and a column saying why, so she can fix them and import that file
  again (import ignores those extra columns).
- The template ("Baixar modelo de planilha"): the headers import expects, one example row, and
  a second sheet "Como preencher" explaining each column.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from app.services.exporter import CUSTOMER_COLS, save_atomically
from app.services.import_columns import REJECTED_HEADERS
from app.services.importer import ACTION_LABELS, Action, Preview
from app.services.xlsx_writer import Col, Kind, new_workbook, write_sheet


def rejected_rows(preview: Preview) -> list:
    return [r for r in preview.rows if r.action in (Action.ERROR, Action.SKIP)]


def write_rejected(preview: Preview, path: str | Path) -> int:
    """Write the rows that were not imported, with their reason; return how many."""
    rows = rejected_rows(preview)
    headers = [h or f"Coluna {i}" for i, h in enumerate(preview.headers, 1)]
    line, status, reason = REJECTED_HEADERS
    cols = (Col(line, Kind.INT, 9), *(Col(h, width=18) for h in headers),
            Col(status, width=12), Col(reason, width=60))
    wb = new_workbook()
    data = (
        (r.number, *(_plain(v) for v in r.source.values), ACTION_LABELS[r.action], r.reason)
        for r in rows
    )
    write_sheet(wb, "Não importadas", cols, data)
    save_atomically(wb, Path(path))
    return len(rows)


def _plain(value):
    from app.services.import_clean import cell_text

    return cell_text(value)


EXAMPLE = ("Ana Paula Souza", "(11) 98765-4321", "529.982.247-25", date(1990, 3, 5),
           "Rua das Flores, 120", "Centro", "São Paulo", 15_050, date(2026, 12, 10), 50_000,
           "Prefere receber mensagem à noite")

HELP = (
    ("Nome", "Obrigatório. Nome da cliente como você chama ela."),
    ("Telefone", "Celular com DDD, de qualquer jeito: (11) 98765-4321, 11987654321, +55…. "
                 "Sem DDD, usa o DDD padrão das Configurações."),
    ("CPF", "Opcional. Com ou sem pontos; o programa confere os dígitos."),
    ("Nascimento", "Opcional. Data do aniversário: 05/03/1990."),
    ("Endereço", "Opcional."), ("Bairro", "Opcional."), ("Cidade", "Opcional."),
    ("Saldo", "Quanto ela deve hoje (R$ 150,50). Vira uma venda “Saldo anterior” com uma "
              "parcela. Negativo = crédito dela."),
    ("Vencimento", "Quando vence o saldo. Vazio: vence hoje."),
    ("Limite de crédito", "Opcional. Quanto ela pode dever no máximo."),
    ("Observações", "Qualquer anotação. Colunas que o programa não conhece também vão para cá."),
)


def write_template(path: str | Path) -> None:
    """The "modelo de planilha": expected headers, one example row, and how to fill it in."""
    wb = new_workbook()
    write_sheet(wb, "Clientes", CUSTOMER_COLS, [EXAMPLE])
    write_sheet(wb, "Como preencher", (Col("Coluna", width=20), Col("Como preencher", width=90)),
                HELP)
    save_atomically(wb, Path(path))
