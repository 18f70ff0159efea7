"""The procedure template: a versioned YAML file with ordered steps.

The default template ships with the package (``census/procedure.yaml``);
``ckanext.tmopendata.procedures.template`` points to another file. The loader
validates the whole file and reports every problem at once, with the step
and field it concerns (:class:`TemplateError`).
"""
from __future__ import annotations

import dataclasses
import pathlib
import re
from typing import Any, Optional

import yaml

import ckan.plugins.toolkit as tk

from ckanext.tmopendata.resources import census_dir

CONFIG_KEY = "ckanext.tmopendata.procedures.template"

#: Roles a step may be assigned to (who may complete it: see logic/auth.py).
ROLES = ("steward", "editor", "admin", "coordinator")
#: Observations the portal can make to complete a step by itself.
AUTO_KINDS = ("identify", "validate", "publish")

_KEY = re.compile(r"^[a-z0-9_]{1,60}$")


class TemplateError(ValueError):
    """The procedure template is invalid; ``errors`` lists every problem."""

    def __init__(self, source: str, errors: list[str]) -> None:
        self.source = source
        self.errors = errors
        super().__init__(
            f"Invalid procedure template {source}:\n" + "\n".join(f"  - {e}" for e in errors)
        )


@dataclasses.dataclass(frozen=True)
class Step:
    key: str
    title_ro: str
    title_en: str
    role: str
    duration_days: int
    auto: Optional[str] = None
    requires_previous: bool = False

    def title(self, lang: str = "en") -> str:
        return self.title_ro if lang == "ro" else self.title_en


@dataclasses.dataclass(frozen=True)
class Template:
    name: str
    version: int
    title_ro: str
    title_en: str
    steps: tuple[Step, ...]

    def step(self, key: str) -> Optional[Step]:
        return next((s for s in self.steps if s.key == key), None)

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "version": self.version,
            "title_ro": self.title_ro,
            "title_en": self.title_en,
            "steps": [dataclasses.asdict(s) for s in self.steps],
        }


def default_path() -> pathlib.Path:
    return census_dir() / "procedure.yaml"


def configured_path() -> pathlib.Path:
    value = (tk.config.get(CONFIG_KEY) or "").strip()
    return pathlib.Path(value) if value else default_path()


def _text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def parse(data: Any, source: str = "<template>") -> Template:
    """Validate the parsed YAML ``data``; raise :class:`TemplateError`."""
    errors: list[str] = []
    if not isinstance(data, dict):
        raise TemplateError(source, ["the file must be a mapping with name, version and steps"])
    for field in ("name", "title_ro", "title_en"):
        if not _text(data.get(field)):
            errors.append(f"`{field}` is required (non-empty text)")
    version = data.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        errors.append("`version` must be a positive integer")
    unknown = set(data) - {"name", "version", "title_ro", "title_en", "steps"}
    if unknown:
        errors.append("unknown fields: " + ", ".join(sorted(unknown)))
    raw_steps = data.get("steps")
    steps: list[Step] = []
    if not isinstance(raw_steps, list) or not raw_steps:
        errors.append("`steps` must be a non-empty list")
        raw_steps = []
    seen: set[str] = set()
    for index, raw in enumerate(raw_steps, start=1):
        where = f"step {index}"
        if not isinstance(raw, dict):
            errors.append(f"{where}: must be a mapping")
            continue
        key = raw.get("key")
        if not isinstance(key, str) or not _KEY.match(key):
            errors.append(f"{where}: `key` must be lower-case letters, digits or _ (got {key!r})")
        else:
            where = f"step {index} ({key})"
            if key in seen:
                errors.append(f"{where}: duplicate key")
            seen.add(key)
        for field in ("title_ro", "title_en"):
            if not _text(raw.get(field)):
                errors.append(f"{where}: `{field}` is required")
        if raw.get("role") not in ROLES:
            errors.append(f"{where}: `role` must be one of {', '.join(ROLES)} (got {raw.get('role')!r})")
        duration = raw.get("duration_days")
        if isinstance(duration, bool) or not isinstance(duration, int) or duration < 0:
            errors.append(f"{where}: `duration_days` must be an integer >= 0 (got {duration!r})")
        auto = raw.get("auto")
        if auto is not None and auto not in AUTO_KINDS:
            errors.append(f"{where}: `auto` must be one of {', '.join(AUTO_KINDS)} (got {auto!r})")
        requires = raw.get("requires_previous", False)
        if not isinstance(requires, bool):
            errors.append(f"{where}: `requires_previous` must be true or false")
        extra = set(raw) - {"key", "title_ro", "title_en", "role", "duration_days", "auto",
                            "requires_previous"}
        if extra:
            errors.append(f"{where}: unknown fields: " + ", ".join(sorted(extra)))
        if not errors:
            steps.append(Step(
                key=key, title_ro=raw["title_ro"].strip(), title_en=raw["title_en"].strip(),
                role=raw["role"], duration_days=duration, auto=auto,
                requires_previous=requires,
            ))
    if errors:
        raise TemplateError(source, errors)
    return Template(
        name=data["name"].strip(), version=version, title_ro=data["title_ro"].strip(),
        title_en=data["title_en"].strip(), steps=tuple(steps),
    )


def load(path: Optional[pathlib.Path | str] = None) -> Template:
    """Read and validate a template file (default: the configured one)."""
    path = pathlib.Path(path) if path else configured_path()
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as e:
        raise TemplateError(str(path), [f"cannot read the file: {e.strerror or e}"]) from e
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as e:
        raise TemplateError(str(path), [f"not valid YAML: {e}"]) from e
    return parse(data, str(path))


_cache: dict[tuple[str, float], Template] = {}


def current() -> Template:
    """The configured template (re-read when the file changes)."""
    path = configured_path()
    try:
        stamp = path.stat().st_mtime
    except OSError:
        stamp = 0.0
    cache_key = (str(path), stamp)
    if cache_key not in _cache:
        _cache.clear()
        _cache[cache_key] = load(path)
    return _cache[cache_key]
