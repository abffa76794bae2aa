"""The one place that knows Office Open XML.

``wml`` writes WordprocessingML (namespaces, escaping, the schema's child order, the builders),
``package`` writes the package around it (parts, content types, relationships, theme, the zip),
and ``reader`` opens someone else's package safely (bounded, no DTDs, Strict read as Transitional).
"""
