"""``python -m ronten_cli.i18n extract|check``: keep the message catalogs in step with the code.

``extract`` rewrites ``locale/ronten.pot`` from the code and merges it into every ``.po``; ``check``
lists the messages a ``.po`` does not translate yet and exits 1 if there is any.
"""

from __future__ import annotations

import argparse
import os
import sys

from . import catalog, extraction


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ronten_cli.i18n", description=__doc__)
    parser.add_argument("action", choices=["extract", "check"])
    if parser.parse_args(argv).action == "extract":
        for path in extraction.update():
            print(f"wrote {os.path.relpath(path)}")
        return 0
    template = extraction.extract()
    status = 0
    for source in catalog.sources():
        missing = extraction.untranslated(source, template)
        for message in missing:
            print(f"{os.path.relpath(source)}: untranslated: {message!r}")
        status = status or int(bool(missing))
    return status


if __name__ == "__main__":
    sys.exit(main())
