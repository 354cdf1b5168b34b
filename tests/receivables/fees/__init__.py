"""Multa, juros and lateness: the rule in Python and its SQL twin, the grace of weekends and
holidays, prescription, and the one figure she is asked on every screen."""
