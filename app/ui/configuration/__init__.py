"""Configurações: the settings page and each of its tabs."""
