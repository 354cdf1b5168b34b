"""Cobranças de hoje and the régua that fills it: stages day by day, the reminder of the
discount for paying early, the screen and its buttons by her channel."""
