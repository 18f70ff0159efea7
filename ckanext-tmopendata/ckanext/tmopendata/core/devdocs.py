"""The developer page's content, built from CKAN's action registry at
request time: each action's parameters, what it returns and a ``curl`` and
``ckanapi`` example come from its reST docstring (``:param x:``,
``:type x:``, ``:returns:``), so the page lists exactly the actions the
running portal has (an action of a plugin that is not loaded is not there)
and cannot drift from the code."""
from __future__ import annotations

import inspect
import json
import re
from typing import Any, Callable, Optional
from urllib.parse import urlencode

import ckan.plugins as p
import ckan.plugins.toolkit as tk

#: The core CKAN actions a developer of an open data portal uses, by group
#: (group key, the actions); shown when registered.
CORE_ACTIONS: list[tuple[str, list[str]]] = [
    ("search", ["package_search", "package_list", "current_package_list_with_resources",
                "resource_search", "package_autocomplete"]),
    ("read", ["package_show", "resource_show", "organization_list", "organization_show",
              "group_list", "group_show", "tag_list", "license_list", "status_show",
              "package_activity_list", "recently_changed_packages_activity_list"]),
    ("write", ["package_create", "package_patch", "package_update", "resource_create",
               "resource_patch", "package_delete"]),
]

#: The DataStore calls (``datastore`` plugin).
DATASTORE_ACTIONS = ["datastore_search", "datastore_search_sql", "datastore_info"]

#: Prefix of the suite's actions (all of them are listed).
SUITE_PREFIX = "tmopendata_"

_FIELD = re.compile(r"^:(param|type)\s+([\w.\-\[\]]+)\s*:\s*(.*)$")
_RETURNS = re.compile(r"^:(returns?|rtype)\s*:\s*(.*)$")
_OPTIONAL = re.compile(r"\boptional\b|\bdefault\b", re.IGNORECASE)


def registry() -> dict[str, Callable[..., Any]]:
    """The actions CKAN has registered now (``get_action`` fills the
    registry from the loaded plugins the first time it is called)."""
    from ckan import logic

    try:
        tk.get_action("status_show")
    except KeyError:  # pragma: no cover - status_show is core
        pass
    return dict(logic._actions)


def parse_docstring(doc: Optional[str]) -> dict[str, Any]:
    """Split a reST action docstring into its description, its parameters
    (``name``, ``type``, ``description``, ``optional``) and what it
    returns (``returns``, ``rtype``)."""
    text = inspect.cleandoc(doc or "")
    description: list[str] = []
    params: dict[str, dict[str, Any]] = {}
    returns: dict[str, list[str]] = {"returns": [], "rtype": []}
    current: Optional[list[str]] = description
    for line in text.splitlines():
        stripped = line.strip()
        field = _FIELD.match(stripped)
        ret = _RETURNS.match(stripped)
        if field:
            kind, name, rest = field.groups()
            entry = params.setdefault(name, {"name": name, "type": [], "description": []})
            current = entry["description"] if kind == "param" else entry["type"]
            current.append(rest)
        elif ret:
            kind, rest = ret.groups()
            current = returns["rtype" if kind == "rtype" else "returns"]
            current.append(rest)
        elif current is description or current is None:
            if stripped or description:
                description.append(line)
            if current is None and stripped:
                current = description
        elif stripped and line[:1].isspace():
            current.append(stripped)  # continuation of a field
        elif not stripped:
            current = None  # a blank line ends a field
        else:
            current = description
            description.append(line)
    out_params = []
    for entry in params.values():
        desc = " ".join(entry["description"]).strip()
        out_params.append({
            "name": entry["name"],
            "type": " ".join(entry["type"]).strip(),
            "description": desc,
            "optional": bool(_OPTIONAL.search(desc)),
        })
    desc_text = "\n".join(description).strip()
    return {
        "summary": desc_text.split("\n\n", 1)[0].replace("\n", " ").strip(),
        "description": desc_text,
        "params": out_params,
        "returns": " ".join(returns["returns"]).strip(),
        "rtype": " ".join(returns["rtype"]).strip(),
    }


def _placeholder(param: dict[str, Any]) -> str:
    return f"<{param['name']}>"


def examples(name: str, params: list[dict[str, Any]], read_only: bool, site: str) -> dict[str, str]:
    """A ``curl`` and a ``ckanapi`` line calling the action with its
    required parameters (those the docstring does not call optional)."""
    required = [x for x in params if not x["optional"]] or []
    url = f"{site}/api/3/action/{name}"
    args = " ".join(f"{x['name']}={_placeholder(x)}" for x in required)
    ckanapi = f"ckanapi action {name} {args} -r {site}".replace("  ", " ")
    if read_only:
        query = urlencode({x["name"]: _placeholder(x) for x in required}, safe="<>")
        curl = f"curl '{url}{'?' + query if query else ''}'"
    else:
        body = json.dumps({x["name"]: _placeholder(x) for x in required}, ensure_ascii=False)
        curl = (f"curl -X POST '{url}' -H 'Authorization: <API token>' "
                f"-H 'Content-Type: application/json' -d '{body}'")
        ckanapi += " -a <API token>"
    return {"curl": curl, "ckanapi": ckanapi}


def describe(name: str, func: Callable[..., Any], site: str) -> dict[str, Any]:
    doc = parse_docstring(getattr(func, "__doc__", None))
    read_only = bool(getattr(func, "side_effect_free", False))
    return {
        "name": name,
        "read_only": read_only,
        "method": "GET" if read_only else "POST",
        **doc,
        **examples(name, doc["params"], read_only, site),
    }


def catalogue(site: Optional[str] = None) -> dict[str, Any]:
    """Everything the developer page shows, from the registry of now."""
    site = (site or tk.config.get("ckan.site_url") or "").rstrip("/")
    actions = registry()

    def pick(names: list[str]) -> list[dict[str, Any]]:
        return [describe(n, actions[n], site) for n in names if n in actions]

    suite = sorted(n for n in actions if n.startswith(SUITE_PREFIX))
    dcat = p.plugin_loaded("dcat")
    return {
        "site": site,
        "core": [{"group": group, "actions": pick(names)} for group, names in CORE_ACTIONS],
        "suite": pick(suite),
        "datastore": pick(DATASTORE_ACTIONS),
        "dcat": [
            {"path": path, "description": description}
            for path, description in (
                ("/catalog.ttl", "catalog_turtle"),
                ("/catalog.jsonld", "catalog_jsonld"),
                ("/catalog.rdf", "catalog_rdf"),
                ("/dataset/<id>.ttl", "dataset_turtle"),
                ("/dataset/<id>.jsonld", "dataset_jsonld"),
                ("/dataset/<id>.rdf", "dataset_rdf"),
            )
        ] if dcat else [],
        "standards": _standards(actions),
        "dump": "tmopendata_dump_show" in actions,
    }


def _standards(actions: dict[str, Callable[..., Any]]) -> Optional[list[dict[str, Any]]]:
    """The data standards, through the HVD plugin's action when it is
    loaded (``None`` when it is not)."""
    if "tmopendata_schema_list" not in actions:
        return None
    try:
        items = tk.get_action("tmopendata_schema_list")({"ignore_auth": False, "user": ""}, {})
    except (tk.NotAuthorized, tk.ObjectNotFound, tk.ValidationError):
        return None
    return [
        {k: item.get(k) for k in ("name", "version", "ref", "title", "title_en")}
        for item in items
    ]
