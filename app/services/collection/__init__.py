"""Collecting: the régua, messages, contacts, Cobranças de hoje, Em atraso and the Painel figures.
"""
