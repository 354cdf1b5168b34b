"""Hostile spreadsheets that ask the reader for more cells than memory holds: a value typed
far away, values behind rows of empty cells, millions of tiny cells (written or repeated)."""
