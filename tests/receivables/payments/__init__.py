"""Payments: oldest first, reversal (estorno), the discount for paying early."""
