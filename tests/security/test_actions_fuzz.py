"""Every registered ``tmopendata_*`` action (taken from CKAN's action
registry, so a new action cannot be forgotten) called through the HTTP API
with malformed values, as a sysadmin and as an anonymous visitor, never
answers a server error: only ValidationError (409), NotFound (404) or
NotAuthorized (403) - or success when the value happens to be acceptable."""
from __future__ import annotations

import re

import pytest

import ckan.logic as logic
import ckan.plugins.toolkit as tk

#: Generated malformed values: huge and negative numbers, wrong types,
#: unknown codes, a 1 MB text, an unknown id.
HUGE = 2 ** 63
BAD_VALUES = [
    HUGE, str(HUGE * 2), -1, 1.5, True, [1, {"a": 2}], {"x": [1]}, "maybe",
    "x" * 1_000_000, "no-such-id-00000000", "",
]
#: Anonymous visitors are refused before validation: what reaches the
#: permission checks (wrong types, huge values, unknown ids) is enough.
ANONYMOUS_VALUES = [HUGE, -1, [1, {"a": 2}], {"x": [1]}, "x" * 1_000_000, "no-such-id-00000000"]

#: Parameters every action is also tried with, documented or not.
COMMON_PARAMS = ("id", "limit", "offset")


def suite_actions() -> list[str]:
    tk.get_action("status_show")  # make sure the registry is filled
    names = sorted(name for name in logic._actions if name.startswith("tmopendata_"))
    assert len(names) >= 30, names
    return names


def documented_params(name: str) -> list[str]:
    """The ``:param x:`` names of the action's docstring (the suite's style)."""
    def params_of(action: str) -> list[str]:
        return re.findall(r":param (\w+):", logic._actions[action].__doc__ or "")

    params = params_of(name)
    # update/patch take the fields of create (their docstrings say so once)
    for suffix in ("_update", "_patch"):
        if name.endswith(suffix) and name[: -len(suffix)] + "_create" in logic._actions:
            params += params_of(name[: -len(suffix)] + "_create")
    return list(dict.fromkeys(params + list(COMMON_PARAMS)))


def _valid_base(world, name: str) -> dict:
    """Valid values of the usual parameters, so that a malformed value of one
    parameter reaches as deep into the action as possible."""
    entry = world.entry  # a draft: updates go all the way
    base = {
        "campaign_id": world.campaign["id"], "resource_id": world.resource["id"],
        "package_id": world.dataset["id"], "organization": world.org["name"],
        "step": world.step, "name": world.standard["name"], "version": world.standard["version"],
        "title": "Titlu valid",
    }
    if "census_entry" in name:
        base["id"] = entry["id"]
    elif "census_campaign" in name:
        base["id"] = world.campaign["id"]
    elif "procedure" in name:
        base["id"] = world.procedure["id"]
    return base


def _post(app, name: str, data: dict, headers: dict):
    try:
        resp = app.post(f"/api/3/action/{name}", json=data, headers=headers)
        return resp.status_code, resp.get_data(as_text=True)[:300]
    except Exception as e:
        import ckan.model as model

        model.Session.rollback()
        return 500, f"{type(e).__name__}: {str(e)[:300]}"


#: The actions are walked in this many parts (every action in exactly one,
#: round robin over the sorted names), so that the xdist workers share them.
PARTS = 4


@pytest.mark.parametrize("part", range(PARTS))
def test_every_action_refuses_malformed_values_without_a_server_error(app, world, part):
    names = suite_actions()[part::PARTS]
    # destructive actions last, so the others still find the world
    names.sort(key=lambda n: n.endswith("_delete"))
    failures = []
    calls = 0
    for name in names:
        params = documented_params(name)
        base = _valid_base(world, name)
        for role in ("sysadmin", "anonymous"):
            headers = world.headers(role)
            values = BAD_VALUES if role == "sysadmin" else ANONYMOUS_VALUES
            for data in [{}] + [{p: value} for p in params for value in values]:
                if data:
                    data = {**{k: v for k, v in base.items() if k in params}, **data}
                status, body = _post(app, name, data, headers)
                calls += 1
                if status >= 500:
                    failures.append((role, name, {k: (str(v)[:40]) for k, v in data.items()}, status, body))
    assert calls > 250
    assert not failures, "\n".join(map(str, failures[:80])) + f"\n({len(failures)} in all)"


def test_limit_errors_name_the_limit(app, world):
    resp = app.post("/api/3/action/tmopendata_census_entry_create", headers=world.headers("sysadmin"),
                    json={"campaign_id": world.campaign["id"], "organization": world.org["name"],
                          "title": "x" * 1_000_000}, status=409)
    assert "500" in resp.json["error"]["title"][0]
    resp = app.post("/api/3/action/tmopendata_procedure_list", headers=world.headers("sysadmin"),
                    json={"overdue": "maybe"}, status=409)
    assert "overdue" in resp.json["error"]
    resp = app.post("/api/3/action/tmopendata_census_entry_list", headers=world.headers("sysadmin"),
                    json={"offset": 2 ** 63}, status=409)
    assert "offset" in resp.json["error"]
