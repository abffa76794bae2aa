"""The one place that knows Office Open XML: reading packages safely, and writing WordprocessingML."""
