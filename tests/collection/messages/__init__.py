"""The messages she sends: placeholders in pt-BR, the tone check, the signature, how many SMS a
text goes as, links by her channel."""
