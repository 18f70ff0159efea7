"""Every GET page of the suite's blueprints (taken from the application's
URL map, so a new page cannot be forgotten) answers every role without a
server error, on demo-like content, with known and unknown path values
and with malformed query parameters."""
from __future__ import annotations

import itertools

from tests.security.conftest import ROLES, suite_rules

#: Malformed query parameters (one at a time).
BAD_QUERIES = [
    {"status": "foo"}, {"sort": "foo"}, {"page": "99999999999999999999"}, {"page": "-1"},
    {"limit": "-1", "offset": str(2 ** 63), "top": str(2 ** 64)}, {"overdue": "maybe"},
    {"organization": "no-such-org"}, {"step": "no-such-step"}, {"lang": "xx", "format": "exe"},
    {"q": "%' OR 1=1 --", "priority_theme": "foo"}, {"hvd_category": "x" * 5000},
]


def _values(world, rule) -> dict[str, list[str]]:
    """Candidate values of each path parameter of ``rule``."""
    entries = [world.entry["id"]] + [e["id"] for key, e in world.entries.items() if key[0] != world.org["name"]]
    known = {
        "campaign_id": [world.campaign["name"], world.private_campaign["name"]],
        "entry_id": entries,
        "package_id": [world.hvd["name"]],
        "resource_id": [world.resource["id"]],
        "key": [world.step],
        "lang": ["ro", "en"],
        "fmt": ["csv", "xlsx", "datapackage", "json"],
        "name": [world.standard["name"]],
        "version": [world.standard["version"]],
        "id": [world.org["name"]] if rule.rule.startswith("/organization/") else
              [world.dataset["name"], world.hvd["name"]],
    }
    values = {}
    for arg in sorted(rule.arguments):
        assert arg in known, f"no demo value for <{arg}> of {rule.rule}: add one to this test"
        values[arg] = known[arg]
    return values


def _urls(world, rule, unknown: bool = False) -> list[str]:
    """The page with every combination of known values, or (``unknown``)
    with each value unknown in turn."""
    values = _values(world, rule)
    args = sorted(values)
    if not unknown:
        return [_build(rule, dict(zip(args, combo))) for combo in itertools.product(*(values[a] for a in args))]
    urls = []
    for arg in args:
        filled = {a: values[a][0] for a in args}
        filled[arg] = "no-such-" + arg
        urls.append(_build(rule, filled))
    return urls


def _get(app, url, headers, query=None):
    """The status of a GET (an exception escaping the view, which the test
    client propagates, counts as the server error it would be)."""
    try:
        return app.get(url, query_string=query, headers=headers, follow_redirects=False).status_code
    except Exception as e:
        import ckan.model as model

        model.Session.rollback()  # as CKAN's teardown would
        return f"500 {type(e).__name__}: {str(e)[:200]}"


def _failed(status) -> bool:
    return not isinstance(status, int) or status >= 500


def _build(rule, values: dict[str, str]) -> str:
    url = rule.rule
    for arg, value in values.items():
        url = url.replace(f"<{arg}>", value)
    return url


def test_every_get_page_answers_every_role_without_a_server_error(app, world):
    rules = suite_rules(app, "GET")
    assert len(rules) >= 20
    failures = []
    seen = 0
    for rule in rules:
        for url in _urls(world, rule):
            for role in ROLES:
                status = _get(app, url, world.headers(role))
                seen += 1
                if _failed(status):
                    failures.append((role, url, status))
        for url in _urls(world, rule, unknown=True):
            for role in ("anonymous", "editor", "sysadmin"):
                status = _get(app, url, world.headers(role))
                if _failed(status):
                    failures.append((role, url, status))
    assert not failures, "\n".join(map(str, failures))
    assert seen > 200


def test_malformed_query_parameters_never_give_a_server_error(app, world):
    failures = []
    for role in ("anonymous", "other_admin", "sysadmin"):
        for rule in suite_rules(app, "GET"):
            url = _urls(world, rule)[0]
            for query in BAD_QUERIES:
                status = _get(app, url, world.headers(role), query)
                if _failed(status):
                    failures.append((role, url, query, status))
    assert not failures, "\n".join(map(str, failures))


def test_bad_filters_on_census_pages_are_a_clear_400(app, world):
    url = f"/census/{world.campaign['name']}/entries"
    for query, word in (({"status": "foo"}, "foo"), ({"sort": "foo"}, "foo")):
        resp = app.get(url, query_string=query, headers=world.headers("editor"))
        assert resp.status_code == 400, (query, resp.status_code)
        assert word in resp.get_data(as_text=True)
    # and the entry list shows other institutions' public entries to an editor
    resp = app.get(url, headers=world.headers("editor"))
    assert resp.status_code == 200
    assert f"Aprobată {world.other_org['name']}" in resp.get_data(as_text=True)
