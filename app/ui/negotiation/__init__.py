"""Screens of agreements: Propor acordo and the Acordos page."""
