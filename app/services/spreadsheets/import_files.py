"""Files around an import: the rejected rows to fix and import again, and the template.

- Rejected rows: the rows marked *erro* or *ignorar*, with her original header and values, the
  original row number and a column saying why, so she can fix them and import that file
  again (import ignores those extra columns). They are spooled to a temporary file while the
  import reads the file (``RejectedRows``), so the report costs no memory per row.
- The template ("Baixar modelo de planilha"): the headers import expects, one example row, and
  a second sheet "Como preencher" explaining each column.
"""

from __future__ import annotations

import pickle
import tempfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from app.services.spreadsheets.exporter import CUSTOMER_COLS, save_atomically
from app.services.spreadsheets.import_columns import REJECTED_HEADERS
from app.services.spreadsheets.xlsx_writer import Col, Kind, new_workbook, write_sheet

SPOOL_IN_MEMORY = 256 * 1024  # bytes of rejected rows kept in memory before going to disk


class RejectedRows:
    """The rows an import leaves out, with the reason, spooled to a temporary file as they
    come (a file where every row is repeated must not fill the memory)."""

    def __init__(self, headers: tuple[str, ...]):
        self.headers = headers
        self.count = 0
        self._spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY)

    def add(self, source, status: str, reason: str) -> None:
        """Keep one row: its number and original values, its status (ignorar/erro), why."""
        pickle.dump((source.number, source.values, status, reason), self._spool,
                    protocol=pickle.HIGHEST_PROTOCOL)
        self.count += 1

    def done(self) -> RejectedRows:
        """Writing is over (the rows can be read back any number of times)."""
        self._spool.flush()
        return self

    def __len__(self) -> int:
        return self.count

    def __iter__(self) -> Iterator[tuple]:
        """(row number, values, status, reason), in her order."""
        self._spool.seek(0)
        for _ in range(self.count):
            yield pickle.load(self._spool)


def write_rejected(rejected: RejectedRows, path: str | Path) -> int:
    """Write the rows that were not imported, with their reason; return how many."""
    headers = [h or f"Coluna {i}" for i, h in enumerate(rejected.headers, 1)]
    line, status, reason = REJECTED_HEADERS
    cols = (Col(line, Kind.INT, 9), *(Col(h, width=18) for h in headers),
            Col(status, width=12), Col(reason, width=60))
    wb = new_workbook()
    data = ((number, *(_plain(v) for v in values), label, why)
            for number, values, label, why in rejected)
    write_sheet(wb, "Não importadas", cols, data)
    save_atomically(wb, Path(path))
    return len(rejected)


def _plain(value):
    from app.services.spreadsheets.import_clean import cell_text

    return cell_text(value)


EXAMPLE = ("Ana Paula Souza", "(11) 98765-4321", "529.982.247-25", date(1990, 3, 5),
           "Rua das Flores, 120", "Centro", "São Paulo", 15_050, date(2026, 12, 10), 50_000,
           "Prefere receber mensagem à noite", "ana.souza@gmail.com", "WhatsApp")

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
    ("E-mail", "Opcional. Como maria@gmail.com; o programa confere."),
    ("Canal", "Opcional. Como ela prefere receber os lembretes: WhatsApp, E-mail, SMS ou "
              "Ligação. Vazio: automático (WhatsApp se tiver celular)."),
)


def write_template(path: str | Path) -> None:
    """The "modelo de planilha": expected headers, one example row, and how to fill it in."""
    wb = new_workbook()
    write_sheet(wb, "Clientes", CUSTOMER_COLS, [EXAMPLE])
    write_sheet(wb, "Como preencher", (Col("Coluna", width=20), Col("Como preencher", width=90)),
                HELP)
    save_atomically(wb, Path(path))
