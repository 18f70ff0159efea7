"""The bounds of the fast path, shared by every step: :class:`GiveUp` (the
file or schema is beyond what the fast path supports: the frictionless
engine decides) and :class:`Tuning` (how much it reads, keeps and spills;
built from the constants of :mod:`ckanext.tmopendata.hvd.fastpath` on
each call)."""
from __future__ import annotations

import dataclasses


class GiveUp(Exception):
    """The fast path cannot validate this file: frictionless does."""


@dataclasses.dataclass(frozen=True)
class Tuning:
    """The fast path's tuning, one value per constant of the package (see
    :mod:`ckanext.tmopendata.hvd.fastpath` for what each one means)."""

    exact_distinct: int
    block_size: int
    max_kept: int
    partition_rows: int
    partitions: int
    spill_rows: int
    max_memo: int
