"""Screens of the people she sells to: Clientes, the customer page and form, her data (LGPD),
birthdays.
"""
