"""Her data file: opening and migrating, health checks, backups, restore, the one-writer lock,
paths.
"""
