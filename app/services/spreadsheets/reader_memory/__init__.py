"""What python-calamine would build in memory for a workbook, counted from its XML in chunks
before it reads it (``cells``): the guard of ``spreadsheet_guard`` refuses a book over
``cells.MAX_READER_BYTES``."""
