"""Merge translations of gettext fragment files into the Romanian catalog,
or check the catalog for untranslated and fuzzy messages.

    python scripts/po_merge.py CATALOG.po FRAGMENT.po...   # merge
    python scripts/po_merge.py --check CATALOG.po          # check

A fragment's translation fills a message of the catalog that has none (or a
fuzzy one); an existing translation is never overwritten (the catalog is the
source translators edit). Messages of a fragment that the catalog does not
hold (not in the code) are reported and skipped.
"""
from __future__ import annotations

import sys

from babel.messages import pofile


def _key(message) -> str:
    return message.id if isinstance(message.id, str) else message.id[0]


def _translated(message) -> bool:
    if isinstance(message.string, (tuple, list)):
        return all(message.string)
    return bool(message.string)


def check(path: str) -> int:
    with open(path, "rb") as f:
        catalog = pofile.read_po(f)
    missing = [_key(m) for m in catalog if m.id and not _translated(m)]
    fuzzy = [_key(m) for m in catalog if m.id and m.fuzzy]
    for name, items in (("untranslated", missing), ("fuzzy", fuzzy)):
        for item in items:
            print(f"{name}: {item!r}")
    total = sum(1 for m in catalog if m.id)
    print(f"{total - len(missing)}/{total} translated, {len(fuzzy)} fuzzy")
    return 1 if missing or fuzzy else 0


def merge(path: str, fragments: list[str]) -> int:
    with open(path, "rb") as f:
        catalog = pofile.read_po(f)
    filled = skipped = 0
    for fragment in fragments:
        with open(fragment, "rb") as f:
            for message in pofile.read_po(f):
                if not message.id or not _translated(message):
                    continue
                target = catalog.get(message.id)
                if target is None:
                    print(f"{fragment}: not in the catalog (not in the code?): {_key(message)!r}")
                    skipped += 1
                    continue
                if _translated(target) and not target.fuzzy:
                    continue
                target.string = message.string
                target.flags.discard("fuzzy")
                filled += 1
    with open(path, "wb") as f:
        pofile.write_po(f, catalog, width=0, sort_by_file=True)
    print(f"{filled} translations taken, {skipped} skipped")
    return 0


def main(argv: list[str]) -> int:
    if argv[:1] == ["--check"]:
        return check(argv[1])
    return merge(argv[0], argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
