"""Tables: rows of plain data described column by column, their painter, and column widths
that keep the name column the widest."""
