"""The build step that compiles the message catalogs: setuptools runs it as ``build_py``.

A wheel gets the compiled ``.mo`` beside its package, never the ``.po``; an editable install gets
it compiled into the source folder; an sdist carries the ``.po`` and ``.pot`` to build from. The
``.mo`` files are build products, never committed.

setuptools loads this file by its path (``[tool.setuptools.cmdclass]`` in pyproject.toml), outside
the package, so it loads ``catalog.py`` beside it the same way instead of importing ``ronten_cli``
(whose dependencies a build environment does not have).
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path
from types import ModuleType

from setuptools.command.build_py import build_py


def _catalogs() -> ModuleType:
    spec = importlib.util.spec_from_file_location("_ronten_catalog", Path(__file__).with_name("catalog.py"))
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class BuildPy(build_py):
    """``build_py``, then every ``.po`` compiled into a ``.mo`` in the package being built."""

    def run(self) -> None:
        super().run()
        catalogs = _catalogs()
        package = Path(self.get_package_dir("ronten_cli"))
        into = package if self.editable_mode else Path(self.build_lib, "ronten_cli")
        self._catalogs = catalogs.compile_all(into / catalogs.LOCALE.name)

    def get_outputs(self, include_bytecode: bool = True) -> list[str]:
        return [*super().get_outputs(include_bytecode), *map(str, getattr(self, "_catalogs", []))]

    def get_source_files(self) -> list[str]:
        """The module sources, and the catalogs' sources, which an sdist must carry."""
        catalogs = _catalogs()
        locale = os.path.join(self.get_package_dir("ronten_cli"), catalogs.LOCALE.name)
        found = [catalogs.TEMPLATE, *catalogs.sources()]
        return [
            *super().get_source_files(),
            *(os.path.join(locale, p.relative_to(catalogs.LOCALE)) for p in found),
        ]
