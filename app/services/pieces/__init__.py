"""The pieces she sells: the catalogue, stock with its history, and returns and exchanges."""
