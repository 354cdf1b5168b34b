"""Hostile spreadsheets, built on disk by ``hostile_files`` and refused on the cheap path
(``cheap_path`` proves it by counting, never by timing): zip bombs, huge or invisible cells,
cells longer than Excel allows, and sheets that ask the reader for more cells than memory
holds (a value typed far away, values behind rows of empty cells, millions of tiny cells,
written or repeated)."""
