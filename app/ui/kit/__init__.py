"""The toolkit of every screen: style, widgets, table models, the row painter, operations (ops),
the change bus, PDF output.
"""
