"""The people she sells to: customers, standing, loyalty, birthdays and their data rights (LGPD)."""
