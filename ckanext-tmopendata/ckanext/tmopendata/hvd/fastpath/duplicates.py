"""The search for duplicates: :class:`Keys` holds the comparable values of
a ``unique`` column or of a primary key, row by row, in memory or spilled
to temporary files, and :meth:`Keys.previous` (:func:`previous`) finds,
for each row, the previous row with the same value, as frictionless' row
stream reports it. What the values are is decided in :mod:`.keys`."""
from __future__ import annotations

import os
import shutil
import tempfile
from typing import Any, Optional

import pyarrow as pa
import pyarrow.compute as pc

from ckanext.tmopendata.hvd.fastpath.bounds import Tuning


class Keys:
    """The read values of a unique column or of a primary key, row by row:
    in memory, or (integers of more than ``Tuning.spill_rows`` rows) in
    ``Tuning.partitions`` temporary files by their low bits, so that memory
    stays flat while the file is read and the search for duplicates holds
    one part at a time."""

    def __init__(self, tuning: Tuning) -> None:
        self.tuning = tuning
        self.chunks: list[pa.Array] = []
        self.type: Optional[pa.DataType] = None
        self.rows = 0
        self.folder: Optional[str] = None
        self.sinks: list = []
        self.writers: list = []

    def __bool__(self) -> bool:
        return self.rows > 0

    def append(self, values: pa.Array, base: int) -> None:
        """The values of the rows ``base``, ``base + 1``... (0-based)."""
        self.type = values.type
        self.rows += len(values)
        if self.folder is not None:
            self._write(values, base)
            return
        self.chunks.append(values)
        if self.rows > self.tuning.spill_rows and pa.types.is_integer(values.type):
            self.folder = tempfile.mkdtemp(prefix="tmopendata-keys-")
            schema = pa.schema([("value", pa.int64()), ("position", pa.int64())])
            for part in range(self.tuning.partitions):
                self.sinks.append(pa.OSFile(os.path.join(self.folder, f"{part}.arrow"), "wb"))
                self.writers.append(pa.ipc.new_stream(self.sinks[-1], schema))
            start = 0
            for chunk in self.chunks:
                self._write(chunk, start)
                start += len(chunk)
            self.chunks = []

    def _write(self, values: pa.Array, base: int) -> None:
        values = pc.cast(values, pa.int64())
        low = pc.bit_wise_and(values, self.tuning.partitions - 1)
        for part, writer in enumerate(self.writers):
            chosen = pc.indices_nonzero(pc.fill_null(pc.equal(low, part), False))
            if len(chosen):
                positions = pc.add(pc.cast(chosen, pa.int64()), base)
                writer.write_batch(pa.record_batch([pc.take(values, chosen), positions],
                                                   names=["value", "position"]))

    def previous(self) -> dict[int, int]:
        """Row number -> row number of the previous occurrence of the value."""
        if self.folder is None:
            return previous(pa.chunked_array(self.chunks, self.type), self.tuning) if self.chunks else {}
        for writer, sink in zip(self.writers, self.sinks):
            writer.close()
            sink.close()
        self.writers = self.sinks = []
        found: dict[int, int] = {}
        for part in range(self.tuning.partitions):
            with pa.OSFile(os.path.join(self.folder, f"{part}.arrow")) as source:
                table = pa.ipc.open_stream(source).read_all()
            found.update(_previous_in(table.column("value"), table.column("position").combine_chunks()))
            del table
        self.close()
        return found

    def close(self) -> None:
        """Remove the temporary files, if any."""
        for writer, sink in zip(self.writers, self.sinks):
            writer.close()
            sink.close()
        self.writers = self.sinks = []
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None


def previous(values: pa.ChunkedArray, tuning: Tuning) -> dict[int, int]:
    """Row number -> row number of the previous row with the same value
    (null: skipped), as frictionless' memory of read values keeps the last
    row of each value. A stable sort puts equal values side by side in row
    order; integers of many rows are searched in parts (by their low bits)
    to bound the memory the sort takes."""
    n = len(values)
    if n < 2:
        return {}
    if n > tuning.partition_rows and pa.types.is_integer(values.type):
        found: dict[int, int] = {}
        for part in range(tuning.partitions):
            mask = pc.fill_null(pc.equal(pc.bit_wise_and(values, tuning.partitions - 1), part), False)
            found.update(_previous_in(pc.filter(values, mask), pc.indices_nonzero(mask)))
        return found
    valid = pc.is_valid(values)
    return _previous_in(pc.filter(values, valid), pc.indices_nonzero(valid))


def _previous_in(values: Any, positions: pa.Array) -> dict[int, int]:
    """:func:`previous` on non-null ``values`` found at row ``positions``
    (0-based) of the file."""
    if len(values) < 2:
        return {}
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    order = pc.sort_indices(values)
    ordered = pc.take(values, order)
    same = pc.indices_nonzero(pc.fill_null(pc.equal(ordered.slice(1), ordered.slice(0, len(ordered) - 1)), False))
    if not len(same):
        return {}
    later = pc.take(positions, pc.take(order, pc.add(same, 1))).to_pylist()
    earlier = pc.take(positions, pc.take(order, same)).to_pylist()
    return {row + 2: previous + 2 for row, previous in zip(later, earlier)}
