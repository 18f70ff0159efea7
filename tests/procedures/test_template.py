"""The procedure template: the shipped one is valid and has the default
steps; invalid templates are refused with every problem listed."""
from __future__ import annotations

import copy

import pytest
import yaml

from ckanext.tmopendata.procedures import template as tpl

DEFAULT_KEYS = [
    "identify", "legal_check", "standardise", "prepare_validate", "approve", "publish",
    "harvestable", "maintain", "yearly_review",
]


def _default_data():
    return yaml.safe_load(tpl.default_path().read_text(encoding="utf-8"))


def test_default_template_has_the_steps_of_the_procedure():
    template = tpl.load(tpl.default_path())
    assert template.name == "tm-publication-procedure"
    assert template.version == 1
    assert [s.key for s in template.steps] == DEFAULT_KEYS
    assert template.step("prepare_validate").auto == "validate"
    assert template.step("publish").auto == "publish"
    assert template.step("identify").auto == "identify"
    assert template.step("approve").role == "admin"
    assert template.step("approve").requires_previous is True
    assert template.step("legal_check").requires_previous is False
    assert all(s.role in tpl.ROLES and s.duration_days >= 0 for s in template.steps)
    assert "ț" in template.step("legal_check").title_ro or "ă" in template.step("legal_check").title_ro
    assert template.as_dict()["steps"][0]["key"] == "identify"


def test_template_is_shipped_inside_the_package():
    assert tpl.default_path().is_file()
    assert "resources" in tpl.default_path().parts


@pytest.mark.ckan_config("ckanext.tmopendata.procedures.template", "")
def test_default_is_used_when_the_option_is_empty(ckan_config):
    assert tpl.configured_path() == tpl.default_path()
    assert tpl.current().name == "tm-publication-procedure"


def test_configured_template_is_used(tmp_path, ckan_config, monkeypatch):
    data = _default_data()
    data["version"] = 7
    data["steps"] = data["steps"][:2]
    path = tmp_path / "proc.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    monkeypatch.setitem(ckan_config, tpl.CONFIG_KEY, str(path))
    current = tpl.current()
    assert current.version == 7
    assert [s.key for s in current.steps] == ["identify", "legal_check"]


@pytest.mark.parametrize("change, message", [
    (lambda d: d.pop("name"), "`name` is required"),
    (lambda d: d.update(version="one"), "`version` must be a positive integer"),
    (lambda d: d.update(version=0), "`version` must be a positive integer"),
    (lambda d: d.update(steps=[]), "`steps` must be a non-empty list"),
    (lambda d: d["steps"][1].update(key="identify"), "step 2 (identify): duplicate key"),
    (lambda d: d["steps"][0].update(key="Bad Key"), "step 1: `key` must be"),
    (lambda d: d["steps"][2].update(role="mayor"), "step 3 (standardise): `role` must be one of"),
    (lambda d: d["steps"][0].update(duration_days=-1), "`duration_days` must be an integer >= 0"),
    (lambda d: d["steps"][0].update(duration_days="2 weeks"), "`duration_days` must be an integer"),
    (lambda d: d["steps"][3].update(auto="magic"), "`auto` must be one of"),
    (lambda d: d["steps"][4].update(requires_previous="yes"), "`requires_previous` must be true or false"),
    (lambda d: d["steps"][0].pop("title_ro"), "step 1 (identify): `title_ro` is required"),
    (lambda d: d["steps"][0].update(colour="red"), "unknown fields: colour"),
    (lambda d: d.update(owner="x"), "unknown fields: owner"),
])
def test_invalid_templates_are_refused_with_a_clear_message(change, message):
    data = copy.deepcopy(_default_data())
    change(data)
    with pytest.raises(tpl.TemplateError) as err:
        tpl.parse(data, "test.yaml")
    assert any(message in e for e in err.value.errors), err.value.errors
    assert "test.yaml" in str(err.value)


def test_every_problem_is_reported_at_once():
    data = _default_data()
    data["version"] = -1
    data["steps"][0]["role"] = "nobody"
    data["steps"][1]["duration_days"] = None
    with pytest.raises(tpl.TemplateError) as err:
        tpl.parse(data)
    assert len(err.value.errors) == 3


def test_unreadable_and_malformed_files(tmp_path):
    with pytest.raises(tpl.TemplateError, match="cannot read the file"):
        tpl.load(tmp_path / "missing.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("steps: [\n", encoding="utf-8")
    with pytest.raises(tpl.TemplateError, match="not valid YAML"):
        tpl.load(bad)
    scalar = tmp_path / "scalar.yaml"
    scalar.write_text("hello\n", encoding="utf-8")
    with pytest.raises(tpl.TemplateError, match="must be a mapping"):
        tpl.load(scalar)
