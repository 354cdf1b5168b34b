"""Relatórios: choosing a document, preview, print and Salvar PDF."""
