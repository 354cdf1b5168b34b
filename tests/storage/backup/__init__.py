"""Backups: a good copy a day kept by age and mirrored, the day a copy may go, and restore."""
