"""ronten's built-in Jinja templates, shipped inside the wheel as package data (ronten_cli.templates)."""
