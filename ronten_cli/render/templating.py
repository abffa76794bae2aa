"""Jinja templates that turn an outline (or meeting data) into Markdown.

The template folder the user names (``--template-dir``) is searched before the templates packaged
with ronten (mkdocs' theme model), so copying ``memo.md.j2`` into a folder and editing it overrides
the built-in one. Undefined names are errors (``StrictUndefined``): a typo in a template must not
become a blank in a document handed to a committee. Every failure, whether a syntax error, an
undefined name, a missing template or a filter given a bad value, becomes one ``TemplateError`` line
naming the template file, its line and the offending name.

Templates may come from a shared folder, so they run in Jinja's immutable sandbox: no attribute
starting with ``_`` (the way out to ``os`` and ``open``), no method that changes a value in place.
They can include only templates inside the template folders, and what one render may build is
capped (``range``, ``*``, ``**`` and the document itself), so a hostile template is one error
line, not a command run, a file read or the machine's memory spent. Compiled templates are kept in
the user's cache folder (``bytecode_cache``), so a render does not compile them again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any, NamedTuple

import jinja2
import jinja2.sandbox
import jinja2.utils

from ..errors import TemplateError
from ..i18n import N_, _
from ..model import Block, Node, Outline, in_order
from ..ooxml.package import source_date_epoch
from .filters import FILTERS, FilterFailure, guarded

SUFFIX = ".md.j2"
PACKAGED_NAME = "ronten_cli/templates"
# What one render may build: the document (in characters; a 13k-line memo is under 1 MB), the
# numbers of one range(), and the bits of a number raised to a power.
MAX_OUTPUT = 100_000_000
MAX_RANGE = 100_000
_MAX_POWER_BITS = 100_000
# The deepest Markdown heading; `#` is the document title, so items use `##` to `######`.
MAX_HEADING = 6


@dataclass(frozen=True)
class OutlineView:
    """The ``outline`` a template sees: the parsed tree, with ``meta`` merged with ``--set`` values.

    Every node has ``text`` (what a reader sees: no tags, escapes or emphasis marks) and
    ``markdown`` (as written, to pass emphasis through to Word), and ``blocks``: its paragraphs,
    tables and notes, each with ``type`` and ``after`` (how many child items come before it).
    ``blocks`` here are the top-level ones no item owns.
    """

    title: str
    status: str
    meta: dict[str, Any]
    children: tuple[Node, ...]
    notes: tuple[Block, ...]
    preface: tuple[Block, ...]
    path: str
    blocks: tuple[Block, ...] = ()

    def walk(self) -> Iterator[tuple[Node, int]]:
        """Every node with its depth (0 for a top-level item), depth first, in document order."""
        stack = [(node, 0) for node in reversed(self.children)]
        while stack:
            node, depth = stack.pop()
            yield node, depth
            stack.extend((child, depth + 1) for child in reversed(node.children))

    def flow(self, max_heading: int = MAX_HEADING) -> list[tuple[Node | Block, int, int, int]]:
        """Every node and block as ``(entry, depth, heading, indent)``, in document order: numbered
        items are headings (``heading`` is 2 for ``##``) down to ``max_heading``, the rest list
        items ``indent`` levels deep (``heading`` 0). A block (``entry.type`` is not ``item``) has
        ``heading`` 0 and ``indent`` the list level of its owner's text: 0 under a heading, one
        more than its list item's ``indent`` under a list item (Markdown's list continuation).

        An item whose child has its own kind of marker (``1`` nested under ``1``) is a list item, since
        only indentation tells the two apart and Markdown headings cannot be indented. Plain tuples,
        unpacked in the ``for``, keep a 13k-item outline's template loop fast.
        """
        placed: list[tuple[Node | Block, int, int, int]] = []
        append = placed.append
        # (entry, depth, under a heading, list indent of an item, list indent of a block)
        stack: list[tuple[Node | Block, int, bool, int, int]] = [
            (entry, 0, True, 0, 0) for entry in reversed(in_order(self.children, self.blocks))
        ]
        while stack:
            entry, depth, under_heading, indent, block_indent = stack.pop()
            if not isinstance(entry, Node):
                append((entry, depth, 0, block_indent))
                continue
            if (
                under_heading
                and entry.marker != "bullet"
                and depth + 2 <= max_heading
                and entry.marker not in {child.marker for child in entry.children}
            ):
                append((entry, depth, depth + 2, 0))
                below = (True, 0, 0)
            else:
                append((entry, depth, 0, indent))
                below = (False, indent + 1, indent + 1)
            below_entries = in_order(entry.children, entry.blocks) if entry.blocks else entry.children
            if below_entries:
                stack.extend((child, depth + 1, *below) for child in reversed(below_entries))
        return placed

    def layout(self, max_heading: int = MAX_HEADING) -> list[tuple[Node, int, int, int]]:
        """Every node as ``(node, depth, heading, indent)``: ``flow`` without the blocks."""
        return [entry for entry in self.flow(max_heading) if isinstance(entry[0], Node)]  # type: ignore[misc]


def outline_context(outline: Outline, overrides: dict[str, Any] | None = None) -> OutlineView:
    """The ``outline`` object a template sees; its ``meta`` is the front matter merged with
    ``overrides`` (``--set`` values, which win)."""
    return OutlineView(
        outline.title,
        outline.status,
        merge(outline.meta, overrides or {}),
        outline.children,
        outline.notes,
        outline.preface,
        outline.path,
        outline.blocks,
    )


def merge(base: dict[str, Any], overrides: dict[str, Any]) -> dict[str, Any]:
    """``base`` updated with ``overrides``; nested mappings are merged key by key, not replaced."""
    merged = dict(base)
    for key, value in overrides.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = merge(merged[key], value)
        else:
            merged[key] = value
    return merged


# ---- loading ---------------------------------------------------------------------------------------


def packaged() -> Traversable:
    """The folder of built-in templates inside the installed package."""
    return files("ronten_cli.templates")


def builtin_names() -> list[str]:
    """File names of the built-in templates (``memo.md.j2`` …)."""
    return sorted(
        entry.name for entry in packaged().iterdir() if entry.is_file() and entry.name.endswith(".j2")
    )


class _Refused(jinja2.TemplateNotFound):
    """An include or extends that names a file outside the template folders."""

    def __init__(self, name: str, why: str) -> None:
        super().__init__(name, _("template '{name}' refused: {why}").format(name=name, why=why))


def _pieces(template: str) -> list[str]:
    """The path segments of a template name, refusing any that could leave a template folder."""
    if template.startswith(("/", "\\")) or re.match(r"[A-Za-z]:", template) or "\\" in template:
        raise _Refused(template, _("names are relative to the template folder, with '/' between folders"))
    pieces = [piece for piece in template.split("/") if piece not in ("", ".")]
    if ".." in pieces:
        raise _Refused(template, _("'..' would leave the template folder"))
    return pieces


class _Loader(jinja2.BaseLoader):
    """User folders first, then the packaged templates; remembers each file it served for error lines.

    Only files inside those folders are served: no absolute name, no ``..``, and no symbolic link
    that resolves outside its folder.
    """

    def __init__(self, folders: list[Path]) -> None:
        self.folders = folders
        self.shown: dict[str, str] = {}

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        pieces = _pieces(template)
        for folder in self.folders:
            path = folder.joinpath(*pieces)
            if path.is_file():
                if not path.resolve().is_relative_to(folder.resolve()):
                    raise _Refused(
                        template,
                        _("it links to a file outside the template folder {folder}").format(folder=folder),
                    )
                filename = os.path.normpath(path)
                self.shown[filename] = filename
                return _read(path, filename), filename, lambda: True
        resource = packaged().joinpath(*pieces)
        if template.endswith(".j2") and resource.is_file():
            filename = str(resource)
            self.shown[filename] = f"{PACKAGED_NAME}/{'/'.join(pieces)}"
            return _read(resource, self.shown[filename]), filename, lambda: True
        raise jinja2.TemplateNotFound(template)

    def list_templates(self) -> list[str]:
        names = set(builtin_names())
        for folder in self.folders:
            if folder.is_dir():
                names.update(path.name for path in folder.iterdir() if path.name.endswith(".j2"))
        return sorted(names)


def _read(path: Path | Traversable, shown: str) -> str:
    try:
        return path.read_bytes().decode("utf-8-sig").replace("\r\n", "\n")
    except UnicodeDecodeError:
        raise TemplateError(_("{path}: not UTF-8 text").format(path=shown), path=shown) from None
    except OSError as exc:
        raise TemplateError(
            _("{path}: cannot read ({reason})").format(path=shown, reason=exc.strerror or exc), path=shown
        ) from None


class TemplateInfo(NamedTuple):
    """One template ``--template NAME`` can use: where it comes from, and what it replaces."""

    name: str
    source: str
    overrides_builtin: bool = False


def catalogue(template_dir: Path | None = None) -> list[TemplateInfo]:
    """Every template by name: the user folder's (``template_dir``) and the built-ins, a user
    template shadowing the built-in of the same name, as rendering resolves them."""
    _check_folder(template_dir)
    builtins = {name.removesuffix(SUFFIX): name for name in builtin_names()}
    found: dict[str, TemplateInfo] = {
        name: TemplateInfo(name, _("built-in ({path})").format(path=f"{PACKAGED_NAME}/{file}"))
        for name, file in builtins.items()
    }
    if template_dir is not None:
        for path in sorted(template_dir.iterdir()):
            if path.is_file() and path.name.endswith(SUFFIX):
                name = path.name.removesuffix(SUFFIX)
                found[name] = TemplateInfo(name, str(path), name in builtins)
    return sorted(found.values(), key=lambda info: info.name)


def _check_folder(template_dir: Path | None) -> None:
    """--template-dir must be a folder that exists."""
    if template_dir is not None and not template_dir.is_dir():
        if template_dir.exists():
            message = _("{path}: is a file, not a template folder")
        else:
            message = _("{path}: template folder does not exist")
        raise TemplateError(message.format(path=template_dir), path=template_dir, field="--template-dir")


def is_path(template: str) -> bool:
    """A ``--template`` value names a file (rather than a template name) when it looks like a path."""
    return "/" in template or os.sep in template or Path(template).is_file()


class _Sandbox(jinja2.sandbox.ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox, with what one render may build capped (``MAX_RANGE`` …)."""

    intercepted_binops = frozenset({"*", "**"})

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.globals["range"] = _bounded_range

    def getattr(self, obj: Any, attribute: str) -> Any:
        # A render reads the outline's records tens of thousands of times, and the sandbox's full
        # check of each read cost five times the rest of the template. Some reads need no check:
        # public attributes of ronten's frozen records (data, or methods that change nothing), of
        # Jinja's namespace() (only the values a template stored), and str's methods but format
        # and format_map (which the full check wraps). What a read returns is checked when used.
        kind = type(obj)
        plain = _PLAIN.get(kind)
        if plain is None:
            plain = _PLAIN[kind] = _is_plain(kind)
        if (plain or (kind is str and attribute not in ("format", "format_map"))) and attribute[:1] != "_":
            try:
                return getattr(obj, attribute)
            except AttributeError:
                pass
        return super().getattr(obj, attribute)

    def call_binop(self, context: jinja2.runtime.Context, operator: str, left: Any, right: Any) -> Any:
        if operator == "*":
            for sequence, times in ((left, right), (right, left)):
                if isinstance(sequence, str | list | tuple) and isinstance(times, int) and times > 0:
                    size = len(sequence) * times
                    if size > MAX_OUTPUT:
                        raise OverflowError(
                            _("'*' would make {size:,} items; a template may build {limit:,}").format(
                                size=size, limit=MAX_OUTPUT
                            )
                        )
        elif isinstance(left, int) and isinstance(right, int) and left.bit_length() * right > _MAX_POWER_BITS:
            raise OverflowError(
                _("'**' would make a number of over {limit:,} bits").format(limit=_MAX_POWER_BITS)
            )
        return left * right if operator == "*" else left**right


# Whether a type's public attributes can be read without the sandbox's full check, by type.
_PLAIN: dict[type, bool] = {}


def _is_plain(kind: type) -> bool:
    """Jinja's namespace(), or one of ronten's frozen dataclasses (the records templates read)."""
    if kind is jinja2.utils.Namespace:
        return True
    params = getattr(kind, "__dataclass_params__", None)
    return bool(params and params.frozen and kind.__module__.startswith("ronten_cli."))


def _bounded_range(*args: int) -> range:
    numbers = range(*args)
    if len(numbers) > MAX_RANGE:
        shown = ", ".join(map(str, args))
        raise OverflowError(
            _("range({arguments}) has {count:,} numbers; a template may use {limit:,}").format(
                arguments=shown, count=len(numbers), limit=MAX_RANGE
            )
        )
    return numbers


class _TooLong(Exception):
    """The rendered document passed ``MAX_OUTPUT`` characters."""


def cache_folder() -> Path | None:
    """The user's cache folder for ronten (``$XDG_CACHE_HOME/ronten``, ``~/Library/Caches/ronten``,
    ``%LOCALAPPDATA%\\ronten\\Cache``), or None where the platform names none."""
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA")
        return Path(base, "ronten", "Cache") if base else None
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "ronten"
    base = os.environ.get("XDG_CACHE_HOME", "")
    # The XDG rule: a relative path is invalid and must be ignored.
    root = Path(base) if os.path.isabs(base) else Path.home() / ".cache"
    return root / "ronten"


def bytecode_cache(environment: jinja2.Environment) -> jinja2.BytecodeCache | None:
    """Compiled templates in the user's cache folder, or None (no caching) when it cannot be used.

    The folder's name carries Jinja's version and the environment's code-generating settings, since
    Jinja's own check (its bytecode format and Python's version) would let code compiled outside the
    sandbox, or by another Jinja, be loaded here. A folder another user could write to is not used:
    loading its files would run their code.
    """
    try:
        root = cache_folder()
        if root is None:
            return None
        settings = repr(
            (
                jinja2.__version__,
                type(environment).__qualname__,
                sorted(getattr(environment, "intercepted_binops", ())),
                sorted(getattr(environment, "intercepted_unops", ())),
                environment.trim_blocks,
                environment.lstrip_blocks,
                environment.keep_trailing_newline,
                environment.autoescape,
                environment.optimized,
            )
        )
        folder = root / f"jinja-{hashlib.sha256(settings.encode()).hexdigest()[:16]}"
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if sys.platform != "win32":
            status = folder.stat()
            if status.st_uid != os.getuid() or status.st_mode & 0o022:
                return None
        return jinja2.FileSystemBytecodeCache(str(folder))
    except (OSError, RuntimeError):  # RuntimeError: Path.home() with no home to find
        return None


@dataclass
class Templates:
    """A sandboxed Jinja environment over the user folder and the built-ins, and the errors it turns
    into lines."""

    template_dir: Path | None = None
    loader: _Loader = field(init=False)
    environment: jinja2.Environment = field(init=False)

    def __post_init__(self) -> None:
        _check_folder(self.template_dir)
        self.loader = _Loader([self.template_dir] if self.template_dir is not None else [])
        self.environment = _Sandbox(
            loader=self.loader,
            undefined=jinja2.StrictUndefined,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
            autoescape=False,
        )
        self.environment.bytecode_cache = bytecode_cache(self.environment)
        self.environment.filters.update({name: guarded(name, f) for name, f in FILTERS.items()})

    def load(self, template: str) -> jinja2.Template:
        """A built-in or user template by NAME (``memo`` → ``memo.md.j2``), or a template file PATH."""
        try:
            if is_path(template):
                path = Path(template)
                if not path.is_file():
                    raise TemplateError(
                        _("{path}: no such template file").format(path=template),
                        path=template,
                        field="--template",
                    )
                if path.is_symlink():  # the file named is trusted wherever it is; it is served from there
                    path = path.resolve()
                # The file's own folder comes first so its {% include %}s find their neighbours.
                self.loader.folders.insert(0, path.parent)
                return self.environment.get_template(path.name)
            name = template if template.endswith(".j2") else template + SUFFIX
            return self.environment.get_template(name)
        except jinja2.TemplateNotFound as exc:
            if exc.name in (template, template + SUFFIX):
                raise TemplateError(
                    _("{name}: no such template ({available})").format(
                        name=template, available=self.available()
                    ),
                    field="--template",
                ) from None
            raise self.error(exc) from None
        except jinja2.TemplateError as exc:
            raise self.error(exc) from None

    def available(self) -> str:
        names = [name.removesuffix(SUFFIX) for name in self.loader.list_templates()]
        if not names:
            return _("no templates found")
        return _("templates: {names}").format(names=", ".join(names))

    def render(self, template: jinja2.Template, context: dict[str, Any]) -> str:
        """Render with ``context``; any failure becomes one ``TemplateError`` line.

        The result ends with exactly one newline, however the template's last block ends.
        """
        chunks: list[str] = []
        size = 0
        try:
            for chunk in template.generate(context):
                size += len(chunk)
                if size > MAX_OUTPUT:
                    raise _TooLong()
                chunks.append(chunk)
        except TemplateError:
            raise
        except _TooLong:
            where = self.loader.shown.get(template.filename or "", template.filename or template.name or "")
            raise TemplateError(
                _("{path}: the rendered document passed {limit:,} characters; stopped there").format(
                    path=where, limit=MAX_OUTPUT
                ),
                path=where,
            ) from None
        except Exception as exc:
            raise self.error(exc, template) from None
        return "".join(chunks).rstrip("\n") + "\n"

    def error(self, exc: BaseException, template: jinja2.Template | None = None) -> TemplateError:
        """``file:line: what`` for a Jinja failure, located by the innermost template frame."""
        path, line = "", None
        if isinstance(exc, jinja2.TemplateSyntaxError) and exc.lineno:
            filename = exc.filename or (template.filename if template else None) or exc.name or ""
            path, line = self.loader.shown.get(filename, filename), exc.lineno
        else:
            import traceback  # a failing template only

            for frame in reversed(traceback.extract_tb(exc.__traceback__)):
                if frame.filename in self.loader.shown:
                    path, line = self.loader.shown[frame.filename], frame.lineno
                    break
            else:
                if template is not None and template.filename:
                    path = self.loader.shown.get(template.filename, template.filename)
        where = f"{path}:{line}" if line is not None else path
        what = describe(exc, self)
        return TemplateError(f"{where}: {what}" if where else what, path=path or None, line=line)


_NO_ATTRIBUTE = re.compile(r"^'(?P<type>.+?)' has no attribute '(?P<name>.+)'$")
_IS_UNDEFINED = re.compile(r"^'(?P<name>.+)' is undefined$")
_NO_FILTER = re.compile(r"^No (?P<kind>filter|test) named '(?P<name>.+)'\.?$")
_TYPE_NAMES = {
    "ronten_cli.render.templating.OutlineView object": N_("outline"),
    "ronten_cli.model.Node object": N_("an item"),
    "ronten_cli.model.Paragraph object": N_("a paragraph or note"),
    "ronten_cli.model.Table object": N_("a table"),
}


def describe(exc: BaseException, templates: Templates) -> str:
    """What went wrong, naming the offending name: the second half of a template error line."""
    if isinstance(exc, FilterFailure):
        return _("filter '{name}' failed: {problem}").format(name=exc.name, problem=exc)
    if isinstance(exc, _Refused):
        return str(exc.message)
    if isinstance(exc, jinja2.sandbox.SecurityError):
        return _("refused by the template sandbox: {problem}").format(problem=exc)
    if isinstance(exc, OverflowError):
        return _("too large: {problem}").format(problem=exc)
    if isinstance(exc, jinja2.TemplateNotFound):
        return _("template '{name}' not found ({available})").format(
            name=exc.name, available=templates.available()
        )
    message = getattr(exc, "message", None) or str(exc)
    if isinstance(exc, jinja2.UndefinedError):
        if m := _IS_UNDEFINED.match(message):
            return _("undefined name '{name}'").format(name=m["name"])
        if m := _NO_ATTRIBUTE.match(message):
            kind = m["type"]
            if kind == "dict object":
                return _(
                    "undefined name '{name}' (no such key; for meta, add it to the front matter "
                    "or pass --set {name}=VALUE)"
                ).format(name=m["name"])
            owner = _(_TYPE_NAMES[kind]) if kind in _TYPE_NAMES else kind
            return _("undefined name '{name}' ({owner} has no attribute '{name}')").format(
                name=m["name"], owner=owner
            )
        return _("undefined: {problem}").format(problem=message)
    if isinstance(exc, jinja2.TemplateSyntaxError):
        if m := _NO_FILTER.match(message):
            if m["kind"] == "filter":
                return _("unknown filter '{name}' (ronten's filters: {known})").format(
                    name=m["name"], known=", ".join(sorted(FILTERS))
                )
            return _("unknown test '{name}' (see the Jinja documentation)").format(name=m["name"])
        return _("syntax error: {problem}").format(problem=message)
    if isinstance(exc, jinja2.TemplateError):
        return message
    return f"{type(exc).__name__}: {message}"


def render_template(
    template: str,
    context: dict[str, Any],
    *,
    template_dir: Path | None = None,
) -> str:
    """Render a built-in or user template NAME (``memo``, ``agenda``, ``minutes``) or a template file
    PATH with ``context`` to Markdown. Raises ``TemplateError`` (one line) on any template failure.

    ``today`` (a date; ``SOURCE_DATE_EPOCH`` when set, so builds reproduce) and ``format`` (``md``)
    are provided unless ``context`` sets them.
    """
    templates = Templates(template_dir)
    loaded = templates.load(template)
    return templates.render(loaded, {"today": today(), "format": "md", **context})


def today() -> dt.date:
    """Today, or the day of ``SOURCE_DATE_EPOCH`` when set (reproducible builds)."""
    epoch = source_date_epoch()
    if epoch is not None:
        return dt.datetime.fromtimestamp(epoch, dt.UTC).date()
    return dt.date.today()
