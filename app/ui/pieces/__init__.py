"""Peças: the catalogue, its stock, and the returns and exchanges of a sale (issue 22)."""
