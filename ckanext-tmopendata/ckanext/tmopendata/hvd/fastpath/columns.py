"""The column checks: what the fast path knows of each field
(:class:`Column`), and which cells of a record batch may hold an error
(*suspects*), for frictionless' own rules (:func:`value_suspects`) and for
the suite's checks (:func:`suite_suspects`).

Every column is checked in vectorised form for what can be decided
exactly that way (integers written ``-?[0-9]+``, numbers
``-?[0-9]+(.[0-9]+)?`` with bounds compared with a margin, dates
``YYYY-MM-DD``, ``enum``, ``minLength``/``maxLength``, ``pattern`` in RE2
when RE2 accepting a text implies Python's ``re`` does); a suspect's
distinct raw value is then read by the schema's own frictionless cell
reader (types, formats, ``missingValues``, every constraint but
``unique``) and by the suite's checks (CUI, personal data, mojibake, each
behind an RE2 pre-filter); a column with few distinct values
(``Tuning.exact_distinct``) is read that way value by value (memoised).
"""
from __future__ import annotations

import re
from typing import Any, Callable, Optional

import pyarrow as pa
import pyarrow.compute as pc

from ckanext.tmopendata.hvd.checks import (
    PERSONAL_TYPES, SHORTEST_PERSONAL, cui_is_valid, find_personal_data,
)
from ckanext.tmopendata.hvd.fastpath.bounds import GiveUp, Tuning
from ckanext.tmopendata.hvd.fastpath.duplicates import Keys
from ckanext.tmopendata.hvd.fastpath.values import INTEGER, NUMBER, dates, datetimes, either
from ckanext.tmopendata.lib.text import looks_like_mojibake

#: Constraints the fast path knows (any other: give up).
_CONSTRAINTS = {"required", "unique", "minimum", "maximum", "minLength", "maxLength", "pattern", "enum"}

#: Field properties that change how a cell is read (any of them: the column
#: is read value by value by frictionless' reader).
_READ_OPTIONS = {"bareNumber", "decimalChar", "groupChar", "trueValues", "falseValues", "floatNumber"}

#: A ``pattern`` is matched in RE2 only when it is made of these (then a
#: text RE2 accepts is one Python's ``re`` accepts; RE2 ``$`` is stricter).
_RE2_SAFE = re.compile(r"^(?:[^\\(]|\\[dws.\-+*?()\[\]{}|^$/\\]|\((?!\?)|\(\?:)*$")

#: A superset of what :func:`find_personal_data` finds (its patterns
#: without the look-arounds RE2 lacks, digits and spaces of every script).
_D = r"\p{Nd}"
_S = r"[\s\p{Z}\x1c-\x1f\x85]"
_PERSONAL_CANDIDATE = (
    rf"[1-9]{_D}{{12}}"
    r"|[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}"
    rf"|(?:\+40|0040|0){_S}?(?:7{_D}{{2}}|[23]{_D}{{1,2}})[\s.\-]?{_D}{{3}}[\s.\-]?{_D}{{3}}"
)


def _mojibake_candidate() -> str:
    """RE2 for text :func:`looks_like_mojibake` may repair: UTF-8 read with
    a single-byte code page shows a lead byte (0xC2-0xF4) followed by a
    continuation byte (0x80-0xBF), each one character of that code page."""
    lead, follow = set(), set()
    for codepage in ("cp1252", "cp1250", "latin-1"):
        for byte in range(0x80, 0xF5):
            char = bytes([byte]).decode(codepage, errors="ignore")
            if char:
                (lead if byte >= 0xC2 else follow if byte <= 0xBF else set()).add(char)

    def klass(chars: set) -> str:
        return "[" + "".join(f"\\x{{{ord(c):04X}}}" for c in sorted(chars)) + "]"

    return klass(lead) + klass(follow)


_MOJIBAKE_CANDIDATE = _mojibake_candidate()


class Column:
    """A field of the schema as the fast path checks it, and what it keeps
    of the column while the file is read (distinct values, memoised
    verdicts, the values of a key)."""

    def __init__(self, field: Any, index: int, tuning: Tuning) -> None:
        self.field = field
        self.index = index
        self.name = field.name
        self.type = field.type
        self.tuning = tuning
        constraints = dict(field.constraints or {})
        unknown = set(constraints) - _CONSTRAINTS
        if unknown:
            raise GiveUp(f"constraints {unknown}")
        self.constraints = constraints
        descriptor = field.to_descriptor()
        self.read_options = {k for k in _READ_OPTIONS if k in descriptor}
        self.format = descriptor.get("format", "default")
        custom = field.custom or {}
        self.cui = custom.get("x_tm_check") == "cui"
        self.contact = bool(custom.get("x_tm_contact"))
        self.textual = self.type in ("string", "any")
        self.personal = self.type in PERSONAL_TYPES
        self.required = bool(constraints.get("required"))
        self.keep = bool(constraints.get("unique"))
        self.key = False  # part of the primary key
        self.reader = field.create_cell_reader()
        self.distinct: Optional[set] = set()  # while few: every raw value seen
        self.bad: dict[str, bool] = {}  # raw value -> does it give an error
        self.values = Keys(tuning)  # read values, for unique / primary key
        self.exact_values: dict[str, Any] = {}  # raw -> comparable read value
        self.codebook: Optional[pa.Array] = None  # values of a composite key column seen
        pattern = constraints.get("pattern")
        self.re2 = None
        if pattern is not None and self.textual and _RE2_SAFE.match(pattern) and "[:" not in pattern \
                and not ("[^" in pattern and re.search(r"\\[dws]", pattern)):
            self.re2 = f"^(?:^{pattern}$)"

    def is_bad(self, raw: str) -> bool:
        """Whether frictionless' reader or the CUI check finds an error in
        the cell ``raw`` (memoised)."""
        verdict = self.bad.get(raw)
        if verdict is None:
            value, notes = self.reader(raw)
            verdict = bool(notes) or (self.cui and value not in (None, "") and not cui_is_valid(str(value)))
            if len(self.bad) >= self.tuning.max_memo:
                self.bad.clear()
            self.bad[raw] = verdict
        return verdict


def _refine(cells: pa.Array, candidates: Optional[pa.Array], bad: Callable[[str], bool]) -> Optional[pa.Array]:
    """The cells among ``candidates`` (all when ``None``) whose raw value
    ``bad(raw)`` says is wrong."""
    pool = cells if candidates is None else pc.filter(cells, candidates)
    if not len(pool):
        return None
    wrong = [raw for raw in pc.unique(pool).to_pylist() if bad(raw)]
    if not wrong:
        return None
    return pc.is_in(cells, value_set=pa.array(wrong, pa.string()))


def suite_suspects(column: Column, cells: pa.Array, is_missing: pa.Array) -> Optional[pa.Array]:
    """The cells the suite's checks for personal data and mojibake find
    wrong (``None``: none)."""
    suspect = None
    if column.personal:
        # long enough for a phone number or a CNP, or an e-mail
        long = pc.or_(pc.greater_equal(pc.binary_length(cells), SHORTEST_PERSONAL),
                      pc.match_substring(cells, "@"))
        if pc.any(long).as_py():
            candidates = pc.and_(long, pc.match_substring_regex(cells, _PERSONAL_CANDIDATE))
            if pc.any(candidates).as_py():
                def personal(text: str) -> bool:
                    if len(text) < SHORTEST_PERSONAL and "@" not in text:
                        return False
                    return any(kind == "cnp" or not column.contact for kind, _ in find_personal_data(text))
                suspect = _refine(cells, candidates, personal)
    if column.textual:
        foreign = pc.and_(pc.invert(pc.string_is_ascii(cells)), pc.invert(is_missing))
        if pc.any(foreign).as_py():
            candidates = pc.and_(foreign, pc.match_substring_regex(cells, _MOJIBAKE_CANDIDATE))
            if pc.any(candidates).as_py():
                suspect = either(suspect, _refine(
                    cells, candidates, lambda text: looks_like_mojibake(text) is not None))
    return suspect


def value_suspects(column: Column, cells: pa.Array, is_missing: pa.Array) -> Optional[pa.Array]:
    """The cells frictionless' reader (or the CUI check) finds wrong."""
    present = pc.invert(is_missing)
    exact_distinct = column.tuning.exact_distinct
    if column.distinct is not None:
        distinct = pc.unique(cells)
        if len(distinct) <= exact_distinct:
            column.distinct.update(distinct.to_pylist())
        if len(distinct) > exact_distinct or len(column.distinct) > exact_distinct:
            column.distinct = None
        else:
            return _refine(cells, present, column.is_bad)
    candidates = _candidates(column, cells)
    if candidates is None:
        return None
    return _refine(cells, pc.and_(candidates, present), column.is_bad)


def _candidates(column: Column, cells: pa.Array) -> Optional[pa.Array]:
    """The cells that vectorised checks cannot clear (every cell when
    the column has no vectorised form)."""
    constraints = column.constraints
    if column.read_options:
        return pc.is_valid(cells)
    if column.type in ("string", "any"):
        if column.type == "string" and column.format != "default":
            return pc.is_valid(cells)
        if "minimum" in constraints or "maximum" in constraints or column.cui:
            return pc.is_valid(cells)
        candidates = None
        if "enum" in constraints:
            allowed = pa.array([str(v) for v in constraints["enum"]], pa.string())
            candidates = either(candidates, pc.invert(pc.is_in(cells, value_set=allowed)))
        if "pattern" in constraints:
            if column.re2 is None:
                return pc.is_valid(cells)
            candidates = either(candidates, pc.invert(pc.match_substring_regex(cells, column.re2)))
        if "minLength" in constraints or "maxLength" in constraints:
            lengths = pc.utf8_length(cells)
            if "minLength" in constraints:
                candidates = either(candidates, pc.less(lengths, int(constraints["minLength"])))
            if "maxLength" in constraints:
                candidates = either(candidates, pc.greater(lengths, int(constraints["maxLength"])))
        return candidates
    if "enum" in constraints or "pattern" in constraints or "minLength" in constraints \
            or "maxLength" in constraints or column.cui or column.format != "default":
        return pc.is_valid(cells)
    if column.type == "integer":
        canonical = pc.match_substring_regex(cells, INTEGER)
        values = pc.cast(pc.if_else(canonical, cells, "0"), pa.int64())
        return either(pc.invert(canonical), _out_of_bounds(values, constraints, exact=True))
    if column.type == "number":
        canonical = pc.match_substring_regex(cells, NUMBER)
        values = pc.cast(pc.if_else(canonical, cells, "0"), pa.float64())
        return either(pc.invert(canonical), _out_of_bounds(values, constraints, exact=False))
    if column.type == "date":
        if "minimum" in constraints or "maximum" in constraints:
            return pc.is_valid(cells)
        canonical, _values = dates(cells)
        return pc.invert(canonical)
    if column.type == "datetime":
        if "minimum" in constraints or "maximum" in constraints:
            return pc.is_valid(cells)
        canonical, _values = datetimes(cells)
        return pc.invert(canonical)
    return pc.is_valid(cells)


def _out_of_bounds(values: pa.Array, constraints: dict[str, Any], exact: bool) -> Optional[pa.Array]:
    """Values beyond a bound (floats: or within a margin of it, where
    the exact reading decides)."""
    out = None
    for name, ok in (("minimum", pc.greater_equal), ("maximum", pc.less_equal)):
        if name not in constraints:
            continue
        bound = constraints[name]
        if exact:
            if not isinstance(bound, int) or isinstance(bound, bool):
                raise GiveUp("bound")
            out = either(out, pc.invert(ok(values, pa.scalar(bound, pa.int64()))))
            continue
        fbound = float(bound)
        margin = 1e-9 * max(1.0, abs(fbound))
        near = pc.less_equal(pc.abs(pc.subtract(values, pa.scalar(fbound))), pa.scalar(margin))
        out = either(out, pc.or_(near, pc.invert(ok(values, pa.scalar(fbound)))))
    return out
