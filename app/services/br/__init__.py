"""Brazilian formats: CPF/CNPJ, phones, national holidays, Pix BR Codes and their QR codes."""
