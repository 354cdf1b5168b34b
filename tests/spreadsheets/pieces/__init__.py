"""Importing and exporting pieces: real spreadsheets, the commands and the screen."""
