"""The ``ronten`` command line: the only package that prints or exits.

``app`` holds the commands (one module per group), ``exits`` turns every failure into one line
and an exit code, ``terminal`` is the one way text reaches the user's screen, ``options`` the
option types several commands share, and ``planning`` decides where results are written.
"""

from .app import app, main

__all__ = ["app", "main"]
