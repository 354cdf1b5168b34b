"""Credit sales: the sale and its plan of installments, their names, the summary sent to her,
and Nova venda at the keyboard."""
