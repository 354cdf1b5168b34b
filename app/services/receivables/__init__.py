"""What she is owed: sales, installments, payments, fees, discounts, statements, and the rule that
re-applies money oldest first.
"""
