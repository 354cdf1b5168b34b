"""Spreadsheets: reading what arrives, the customer import, and the xlsx exports."""
