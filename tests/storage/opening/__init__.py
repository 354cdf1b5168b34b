"""Opening her file: where it lives, one writer at a time, migrations, a damaged or empty file
found first, and the start of the window with its check on a worker."""
