"""Metadata quality score (data.europa.eu's MQA method) measured on the DCAT
the portal publishes: points per indicator, bands, permissions."""
from __future__ import annotations

import pytest
from rdflib.namespace import DCAT

from ckan.tests import factories
from ckan.tests.helpers import call_action

from ckanext.tmopendata.hvd import quality, quality_reach

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index", "clean_queues")
CSV = "id,denumire\n1,Parcul Central\n"


def _dataset(org, users, upload, name="calitate", **extra):
    data = {
        "title": "Parcuri", "notes": "Parcurile orașului", "license_id": "cc-by", "tags": [{"name": "parcuri"}],
        "priority_theme": "environment", "temporal_start": "2025-01-01", "temporal_end": "2025-12-31",
        "contact": [{"name": "Direcția de Mediu", "email": "mediu@primariatm.ro"}],
        "update_frequency": "http://publications.europa.eu/resource/authority/frequency/ANNUAL",
    }
    data.update(extra)
    ds = call_action("package_create", {"user": users["editor"]["name"]}, name=name,
                     owner_org=org["id"], **data)
    upload(users["editor"], ds["id"], CSV, filename="parcuri.csv", name="Parcuri (CSV)")
    return call_action("package_show", id=ds["id"])


def _points(result):
    return {i["key"]: i["points"] for i in result["indicators"]}


def test_indicators_add_up_to_the_method():
    assert quality.MAX_POINTS == 405
    assert quality.DIMENSION_POINTS == {"findability": 100, "accessibility": 100, "interoperability": 110,
                                        "reusability": 75, "contextuality": 20}


@pytest.mark.parametrize("total,band", [(405, "excellent"), (351, "excellent"), (350, "good"), (221, "good"),
                                        (220, "sufficient"), (121, "sufficient"), (120, "bad"), (0, "bad")])
def test_bands_at_their_edges(total, band):
    assert quality.band(total) == band


def test_complete_dataset_and_what_it_loses(org_with_users, upload):
    org, users = org_with_users
    ds = _dataset(org, users, upload)
    full = call_action("tmopendata_quality_show", {"user": users["editor"]["name"]}, id=ds["name"])
    points = _points(full)
    assert full["max_points"] == 405 and full["total"] == sum(points.values())
    for key in ("keywords", "themes", "spatial", "temporal", "download_url", "format", "media_type",
                "format_vocabulary", "non_proprietary", "machine_readable", "dcat_ap", "licence",
                "licence_vocabulary", "access_rights", "access_rights_vocabulary", "contact_point",
                "publisher", "byte_size", "issued", "modified",
                # an uploaded file is reachable when the portal holds it
                "access_url_reachable", "download_url_reachable"):
        assert points[key] > 0, key
    assert full["band"] == quality.band(full["total"])
    assert {d["key"]: d["max_points"] for d in full["dimensions"]} == quality.DIMENSION_POINTS

    # no licence: exactly the method's 20 + 10 points lost
    no_licence = _dataset(org, users, upload, name="fara-licenta", license_id="notspecified")
    lost = call_action("tmopendata_quality_show", id=no_licence["name"])
    assert full["total"] - lost["total"] == 30
    assert {k for k, v in _points(lost).items() if v != points[k]} == {"licence", "licence_vocabulary"}
    assert [f["key"] for f in lost["fix"]][:2] == ["licence", "licence_vocabulary"] or \
        {"licence", "licence_vocabulary"} <= {f["key"] for f in lost["fix"]}

    # no theme: 30 points
    no_theme = _dataset(org, users, upload, name="fara-tema", priority_theme="")
    assert full["total"] - call_action("tmopendata_quality_show", id=no_theme["name"])["total"] == 30


@pytest.mark.usefixtures("with_request_context")
def test_download_url_missing_loses_50_on_the_published_graph(org_with_users, upload):
    org, users = org_with_users
    ds = _dataset(org, users, upload)
    g, ref = quality.dataset_graph(ds)
    reach = quality.reachability(ds)
    before = quality.score_graph(g, ref, reach)
    g.remove((None, DCAT.downloadURL, None))
    after = quality.score_graph(g, ref, reach)
    assert before["total"] - after["total"] == 50
    assert _points(after)["download_url"] == 0 and _points(after)["download_url_reachable"] == 0


def test_linked_url_is_not_checked_until_the_background_check(org_with_users, upload):
    org, users = org_with_users
    ds = call_action("package_create", {"user": users["editor"]["name"]}, name="legat", owner_org=org["id"],
                     title="Legat", notes="Fișier legat", license_id="cc-by")
    url = "https://date.example.ro/legat-quality-test.csv"
    call_action("resource_create", {"user": users["editor"]["name"]}, package_id=ds["id"],
                url=url, format="CSV", name="CSV legat")
    quality_reach._redis().delete(quality_reach._key(url))
    result = call_action("tmopendata_quality_show", id="legat")
    states = {i["key"]: i["status"] for i in result["indicators"]}
    assert states["access_url_reachable"] == "not_checked" and states["download_url_reachable"] == "not_checked"
    assert _points(result)["access_url_reachable"] == 0
    try:
        quality_reach.store(url, True)
        checked = call_action("tmopendata_quality_show", id="legat")
        assert checked["total"] - result["total"] == 80
        quality_reach.store(url, False, "HTTP 404")
        broken = call_action("tmopendata_quality_show", id="legat")
        assert broken["total"] == result["total"]
        assert {i["key"]: i["status"] for i in broken["indicators"]}["download_url_reachable"] == "missing"
    finally:
        quality_reach._redis().delete(quality_reach._key(url))


def test_private_dataset_not_scored_for_outsiders(org_with_users, upload):
    org, users = org_with_users
    _dataset(org, users, upload, name="privat", private=True)
    assert call_action("tmopendata_quality_show", {"user": users["member"]["name"], "ignore_auth": False}, id="privat")["total"] > 0
    for user in ("outsider", "other_editor"):
        with pytest.raises(Exception) as e:
            call_action("tmopendata_quality_show", {"user": users[user]["name"], "ignore_auth": False}, id="privat")
        assert type(e.value).__name__ == "NotAuthorized"
    with pytest.raises(Exception) as e:
        call_action("tmopendata_quality_show", {"user": "", "ignore_auth": False}, id="privat")
    assert type(e.value).__name__ == "NotAuthorized"
    with pytest.raises(Exception) as e:
        call_action("tmopendata_quality_show", id="nu-exista")
    assert type(e.value).__name__ == "NotFound"
    for bad in ({}, {"id": ["x"]}, {"id": "x" * 500}):
        with pytest.raises(Exception) as e:
            call_action("tmopendata_quality_show", **bad)
        assert type(e.value).__name__ in ("ValidationError", "NotFound")

    public = _dataset(org, users, upload, name="public")
    anon = call_action("tmopendata_quality_list", {"user": "", "ignore_auth": False})
    assert [d["name"] for d in anon["datasets"]] == ["public"]
    assert anon["portal"]["datasets"] == 1 and anon["portal"]["average"] == anon["datasets"][0]["total"]
    member = call_action("tmopendata_quality_list", {"user": users["member"]["name"], "ignore_auth": False})
    assert sorted(d["name"] for d in member["datasets"]) == ["privat", "public"]
    (org_row,) = member["organizations"]
    assert org_row["name"] == org["name"] and org_row["datasets"] == 2
    assert public["name"] == "public"


def _auth(user):
    return {"Authorization": user["token"]}


def test_dataset_page_shows_score_to_all_and_fixes_to_editors(app, org_with_users, upload):
    from bs4 import BeautifulSoup

    org, users = org_with_users
    ds = _dataset(org, users, upload, priority_theme="")
    score = call_action("tmopendata_quality_show", id=ds["name"])
    anon = BeautifulSoup(app.get(f"/dataset/{ds['name']}").body, "html.parser")
    section = anon.select_one(".tmopendata-quality")
    assert section["data-total"] == str(score["total"]) and section["data-band"] == score["band"]
    assert f"{score['total']} / 405" in section.text
    assert not anon.select(".tmopendata-quality-fix")   # visitors: score and band only
    for role in ("member", "outsider"):
        page = BeautifulSoup(app.get(f"/dataset/{ds['name']}", headers=_auth(users[role])).body, "html.parser")
        assert page.select_one(".tmopendata-quality") and not page.select(".tmopendata-quality-fix")
    editor = BeautifulSoup(app.get(f"/dataset/{ds['name']}", headers=_auth(users["editor"])).body, "html.parser")
    fixes = {li["data-indicator"]: li.text for li in editor.select(".tmopendata-quality-fix li")}
    assert "themes" in fixes and "+30" in fixes["themes"]
    assert editor.select_one('.tmopendata-quality-indicators tr[data-indicator="themes"]')["data-status"] == "missing"

    # Romanian page (its strings: i18n-new/quality.po, merged into the catalogue by the merger)
    ro = BeautifulSoup(app.get(f"/ro/dataset/{ds['name']}", headers=_auth(users["editor"])).body, "html.parser")
    assert ro.select(".tmopendata-quality-fix li")

    # the link check: editors only
    url = f"/dataset/{ds['name']}/quality/check"
    for role in ("member", "outsider"):
        app.post(url, headers=_auth(users[role]), status=403)
    app.post("/dataset/nu-exista/quality/check", headers=_auth(users["editor"]), status=404)
    resp = app.post(url, headers=_auth(users["editor"]), follow_redirects=False)
    assert resp.status_code == 302


def test_private_dataset_page_shows_no_score_to_outsiders(app, org_with_users, upload):
    org, users = org_with_users
    ds = _dataset(org, users, upload, name="privat-pagina", private=True)
    app.get(f"/dataset/{ds['name']}", headers=_auth(users["outsider"]), status=404)
    assert "tmopendata-quality" in app.get(f"/dataset/{ds['name']}", headers=_auth(users["member"])).body


def test_background_check_of_linked_urls_through_the_fetch_policy(org_with_users, tmp_path):
    """The worker fetches each linked URL (lib.fetch: test.ini allows
    127.0.0.1) and caches the answer; the score then counts it."""
    import http.server
    import threading

    from tests.worker import run_worker

    (tmp_path / "parcuri.csv").write_text("id\n" + "1\n" * 5000, encoding="utf-8")
    handler = lambda *a, **kw: http.server.SimpleHTTPRequestHandler(*a, directory=str(tmp_path), **kw)  # noqa: E731
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    org, users = org_with_users
    try:
        ds = call_action("package_create", {"user": users["editor"]["name"]}, name="legat-job",
                         owner_org=org["id"], title="Legat", notes="Fișiere legate", license_id="cc-by")
        ok, missing = f"{base}/parcuri.csv", f"{base}/lipsa.csv"
        for url in (ok, missing):
            quality_reach._redis().delete(quality_reach._key(url))
            call_action("resource_create", {"user": users["editor"]["name"]}, package_id=ds["id"],
                        url=url, format="CSV", name=url.rsplit("/", 1)[-1])
        before = call_action("tmopendata_quality_show", id="legat-job")
        with pytest.raises(Exception) as e:
            call_action("tmopendata_quality_check", {"user": users["member"]["name"], "ignore_auth": False}, id="legat-job")
        assert type(e.value).__name__ == "NotAuthorized"
        assert call_action("tmopendata_quality_check", {"user": users["editor"]["name"]},
                           id="legat-job")["urls"] == 2
        run_worker()
        assert quality_reach.cached(ok)["ok"] is True
        answer = quality_reach.cached(missing)
        assert answer["ok"] is False and "404" in answer["reason"]
        after = call_action("tmopendata_quality_show", id="legat-job")
        assert after["total"] - before["total"] == 80   # access URL 50 + download URL 30, on the best distribution
    finally:
        server.shutdown()
        for url in (f"{base}/parcuri.csv", f"{base}/lipsa.csv"):
            quality_reach._redis().delete(quality_reach._key(url))


@pytest.mark.plugins("tmopendata", "tmopendata_hvd", "tmopendata_progress")
def test_progress_page_csv_json_and_snapshot_carry_the_averages(app, org_with_users, upload):
    import csv
    import io
    import json

    from bs4 import BeautifulSoup

    org, users = org_with_users
    good = _dataset(org, users, upload, name="bun")
    _dataset(org, users, upload, name="fara-tema-p", priority_theme="")
    _dataset(org, users, upload, name="privat-p", private=True, license_id="notspecified")
    public = call_action("tmopendata_quality_list", {"user": "", "ignore_auth": False})
    totals = sorted(d["total"] for d in public["datasets"])
    assert len(totals) == 2 and totals[1] - totals[0] == 30
    average = sum(totals) / 2

    progress = call_action("tmopendata_progress_show", {"user": "", "ignore_auth": False})
    assert progress["quality"]["portal"]["average"] == average and progress["quality"]["portal"]["datasets"] == 2
    (row,) = progress["quality"]["organizations"]
    assert row["name"] == org["name"] and row["average"] == average
    # a member counts the private dataset too
    member = call_action("tmopendata_progress_show", {"user": users["member"]["name"], "ignore_auth": False})
    assert member["quality"]["portal"]["datasets"] == 3

    page = BeautifulSoup(app.get("/tmopendata/progress").body, "html.parser")
    cells = {tr["data-organization"]: tr["data-average"] for tr in page.select(".tmopendata-quality-averages tbody tr")}
    assert cells == {"": str(average), org["name"]: str(average)}

    rows = list(csv.reader(io.StringIO(app.get("/tmopendata/progress.csv").body.lstrip("\ufeff"))))
    assert [r[1:5] for r in rows if r[3] == "quality_average"] == [
        ["", "", "quality_average", str(average)], [org["name"], org["title"], "quality_average", str(average)]]
    assert json.loads(app.get("/tmopendata/progress.json").body)["quality"]["portal"]["average"] == average

    snapshot = call_action("tmopendata_progress_snapshot", {"user": factories.Sysadmin()["name"]})
    assert snapshot["figures"]["quality"]["portal"]["average"] == average
    assert "datasets" not in snapshot["figures"]["quality"]   # averages only
    assert good["name"] == "bun"


def test_hvd_report_has_the_quality_score(app, org_with_users, upload):
    import csv
    import io

    from bs4 import BeautifulSoup

    from tests.hvd.test_dcat_profile import _public_hvd

    org, users = org_with_users
    ds, _csv, _api = _public_hvd(org, users, upload)
    score = call_action("tmopendata_quality_show", id=ds["name"])
    (row,) = call_action("tmopendata_hvd_report")["datasets"]
    assert row["quality"] == {"total": score["total"], "max_points": 405, "band": score["band"]}
    (line,) = csv.DictReader(io.StringIO(app.get("/tmopendata/hvd-report/report.csv").body))
    assert (line["quality_score"], line["quality_band"]) == (str(score["total"]), score["band"])
    page = BeautifulSoup(app.get("/tmopendata/hvd-report").body, "html.parser")
    assert page.select_one(".tmopendata-hvd-quality")["data-total"] == str(score["total"])


def _failed_jobs() -> list:
    from ckan.lib import jobs
    from rq.registry import FailedJobRegistry

    failed = []
    for queue in jobs.get_all_queues():
        for job_id in FailedJobRegistry(queue=queue).get_job_ids():
            job = queue.fetch_job(job_id)
            failed.append((queue.name, job_id, job and job.exc_info and job.exc_info[-1500:]))
    return failed


def test_cli_queues_the_link_checks(cli, org_with_users, upload):
    from ckan.cli.cli import ckan as ckan_cli

    from tests.worker import run_worker

    org, users = org_with_users
    _dataset(org, users, upload, name="doar-incarcat")
    ds = call_action("package_create", {"user": users["editor"]["name"]}, name="cu-legatura",
                     owner_org=org["id"], title="Legat", notes="Legat", license_id="cc-by")
    url = "http://127.0.0.1:9/nu-raspunde.csv"   # nothing listens on the discard port
    call_action("resource_create", {"user": users["editor"]["name"]}, package_id=ds["id"], url=url, format="CSV")
    quality_reach._redis().delete(quality_reach._key(url))
    try:
        result = cli.invoke(ckan_cli, ["tmopendata", "quality", "check-links"])
        assert result.exit_code == 0, result.output
        assert "Link checks queued for 1 dataset(s), 1 URL(s)." in result.output
        log = run_worker()
        assert (quality_reach.cached(url) or {}).get("ok") is False, (
            log[-3000:], call_action("job_list"), _failed_jobs(),
            [r["url"] for r in call_action("package_show", id="cu-legatura")["resources"]])
        states = {i["key"]: i["status"] for i in call_action("tmopendata_quality_show", id="cu-legatura")["indicators"]}
        assert states["access_url_reachable"] == "missing"
    finally:
        quality_reach._redis().delete(quality_reach._key(url))
