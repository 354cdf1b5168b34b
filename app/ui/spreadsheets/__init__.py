"""Importar/Exportar: the import flow and the export buttons."""
