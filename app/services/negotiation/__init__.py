"""Agreements (acordos): the plans offered to a late customer, closing and undoing them, their
text.
"""
