"""Screens of the condicional (malinha, issue 23): the Condicionais page, Nova condicional,
Acertar condicional, the termo's print and WhatsApp actions, and the settings tab."""
