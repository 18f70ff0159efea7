#!/usr/bin/env python3
"""Validate a DCAT catalogue against SEMIC's DCAT-AP SHACL shapes (pyshacl).

Usage::

    python scripts/shacl_check.py SHAPES_DIR SOURCE [--format turtle] [--quiet]

``SHAPES_DIR`` holds SEMIC's shape files (repository SEMICeu/DCAT-AP, not
shipped with the suite): ``shapes.ttl`` (``releases/3.0.1/html/shacl/``) and
``hvd-SHACL-base.ttl`` + ``hvd-SHACL-usagenotes.ttl``
(``releases/3.0.0-hvd/html/``). ``SOURCE`` is a file or an ``http(s)://``
URL of the catalogue (e.g. ``http://127.0.0.1:5000/catalog.ttl``); a paged
catalogue is followed page by page (``hydra:next``).

Two checks:

* **DCAT-AP 3.0.1** (``shapes.ttl``) on the whole catalogue;
* **DCAT-AP HVD 3.0.0** (``hvd-SHACL-base.ttl`` and
  ``hvd-SHACL-usagenotes.ttl``) on the high-value datasets only (those whose
  ``dcatap:applicableLegislation`` is the HVD regulation), their
  distributions and data services: the HVD shapes treat every dataset of a
  graph as an HVD.

Prints every violation (focus node, path, message) and the counts; exits 1
when there is any violation (warnings are counted, not failed), 2 on a
usage error.
"""
from __future__ import annotations

import argparse
import os
import sys
import urllib.request
from collections import Counter

import rdflib
from rdflib.namespace import DCAT, RDF, SH

DCATAP = rdflib.Namespace("http://data.europa.eu/r5r/")
HYDRA = rdflib.Namespace("http://www.w3.org/ns/hydra/core#")
HVD_ELI = rdflib.URIRef("http://data.europa.eu/eli/reg_impl/2023/138/oj")
BASE_SHAPES = ["shapes.ttl"]
HVD_SHAPES = ["hvd-SHACL-base.ttl", "hvd-SHACL-usagenotes.ttl"]
MAX_PAGES = 1000


def _read(source: str, fmt: str) -> tuple[rdflib.Graph, str | None]:
    """The graph of one document and the URL of its next page (if any)."""
    g = rdflib.Graph()
    if source.startswith(("http://", "https://")):
        request = urllib.request.Request(source, headers={"Accept": "text/turtle"})
        with urllib.request.urlopen(request, timeout=120) as response:
            g.parse(data=response.read(), format=fmt, publicID=source)
    else:
        g.parse(source, format=fmt)
    nxt = g.value(None, HYDRA.next)
    return g, (str(nxt) if nxt is not None and source.startswith(("http://", "https://")) else None)


def load(source: str, fmt: str = "turtle") -> rdflib.Graph:
    """The whole catalogue: every page of a paged catalogue, merged."""
    graph = rdflib.Graph()
    seen = set()
    url: str | None = source
    while url and url not in seen and len(seen) < MAX_PAGES:
        seen.add(url)
        page, url = _read(url, fmt)
        graph += page
    # paging metadata is not part of the catalogue
    graph.remove((None, None, HYDRA.PagedCollection))
    for node in set(graph.subjects(RDF.type, HYDRA.PartialCollectionView)) | set(
        graph.subjects(HYDRA.totalItems, None)
    ):
        graph.remove((node, None, None))
    return graph


def hvd_subgraph(graph: rdflib.Graph) -> rdflib.Graph:
    """The HVDs of ``graph``, everything reachable from them (distributions,
    services, contacts, concepts...), the data services serving them and
    the catalogue node without its links to other datasets."""
    hvds = {d for d in graph.subjects(RDF.type, DCAT.Dataset)
            if (d, DCATAP.applicableLegislation, HVD_ELI) in graph}
    other_datasets = set(graph.subjects(RDF.type, DCAT.Dataset)) - hvds
    starts = set(hvds)
    for hvd in hvds:
        starts |= set(graph.subjects(DCAT.servesDataset, hvd))
    sub = rdflib.Graph()
    for prefix, ns in graph.namespaces():
        sub.bind(prefix, ns)
    todo, done = list(starts), set()
    while todo:
        node = todo.pop()
        if node in done:
            continue
        done.add(node)
        for p, o in graph.predicate_objects(node):
            if o in other_datasets:
                continue
            sub.add((node, p, o))
            if not isinstance(o, rdflib.Literal):
                todo.append(o)
    for catalog in graph.subjects(RDF.type, DCAT.Catalog):
        for p, o in graph.predicate_objects(catalog):
            if p == DCAT.dataset and o not in hvds:
                continue
            if p == DCAT.service and o not in done:
                continue
            sub.add((catalog, p, o))
            if not isinstance(o, rdflib.Literal) and o not in done and p != DCAT.dataset:
                for t in graph.triples((o, None, None)):
                    sub.add(t)
    return sub


def _shapes(shapes_dir: str, names: list[str]) -> rdflib.Graph:
    g = rdflib.Graph()
    for name in names:
        path = os.path.join(shapes_dir, name)
        if not os.path.exists(path):
            raise SystemExit(f"Missing shape file {path} (get it from SEMICeu/DCAT-AP).")
        g.parse(path, format="turtle")
    return g


def validate(data: rdflib.Graph, shapes: rdflib.Graph) -> list[dict[str, str]]:
    """Every result of pyshacl's report: severity, focus, path, message."""
    from pyshacl import validate as shacl_validate

    _conforms, report, _text = shacl_validate(
        data, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=True,
    )
    results = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        severity = report.value(result, SH.resultSeverity)
        path = report.value(result, SH.resultPath)
        message = report.value(result, SH.resultMessage)
        source_shape = report.value(result, SH.sourceShape)
        results.append({
            "severity": str(severity).rsplit("#", 1)[-1] if severity else "",
            "focus": str(report.value(result, SH.focusNode)),
            "path": data.namespace_manager.normalizeUri(path) if isinstance(path, rdflib.URIRef) else str(path),
            "message": str(message or ""),
            "shape": str(source_shape) if isinstance(source_shape, rdflib.URIRef) else "",
        })
    return results


def check(graph: rdflib.Graph, shapes_dir: str) -> dict[str, list[dict[str, str]]]:
    """``{"dcat-ap-3.0.1": [...], "hvd-3.0.0": [...]}``: the results of both checks."""
    return {
        "dcat-ap-3.0.1": validate(graph, _shapes(shapes_dir, BASE_SHAPES)),
        "hvd-3.0.0": validate(hvd_subgraph(graph), _shapes(shapes_dir, HVD_SHAPES)),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("shapes_dir")
    parser.add_argument("source", help="file or URL of the catalogue (e.g. http://127.0.0.1:5000/catalog.ttl)")
    parser.add_argument("--format", default="turtle", help="RDF syntax of the source (default turtle)")
    parser.add_argument("--quiet", action="store_true", help="print the counts only")
    args = parser.parse_args(argv)
    graph = load(args.source, args.format)
    datasets = len(set(graph.subjects(RDF.type, DCAT.Dataset)))
    print(f"{args.source}: {len(graph)} triples, {datasets} datasets")
    failed = False
    for name, results in check(graph, args.shapes_dir).items():
        counts = Counter(r["severity"] for r in results)
        violations = [r for r in results if r["severity"] == "Violation"]
        failed = failed or bool(violations)
        if not args.quiet:
            for r in violations:
                print(f"  [{name}] {r['focus']} {r['path']}: {r['message']}")
        by_path = Counter(r["path"] for r in violations)
        detail = ", ".join(f"{p} {n}" for p, n in by_path.most_common())
        print(f"{name}: {counts.get('Violation', 0)} violations, {counts.get('Warning', 0)} warnings"
              + (f" ({detail})" if detail else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
