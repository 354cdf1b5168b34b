"""Screens of collecting: Cobranças de hoje, Em atraso, the Painel and Pix."""
