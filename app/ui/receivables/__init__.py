"""Screens of what she is owed: Nova venda and Receber pagamento."""
