"""The ground floor: money in centavos, dates, text, stored codes, errors, change notes, progress
and SQL idioms.
"""
