"""The browser fixtures themselves: the live server answers pages in
Chromium, the login form logs a user in (CSRF token included), a wrong
password is refused, and axe-core runs in the page."""
from __future__ import annotations

import pytest

from tests.browser.conftest import axe_violations, login

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")


def test_anonymous_visitor_and_login_through_the_form(browser_page, browser_user):
    user = browser_user(fullname="Ana Steward")
    visitor = browser_page()
    response = visitor.goto("/dataset/")
    assert response.status == 200
    assert visitor.locator("a[href$='/user/login']").count()

    page = browser_page(user)
    page.goto("/dashboard/datasets")
    assert page.url.endswith("/dashboard/datasets")
    assert "Ana Steward" in page.locator(".account-masthead").inner_text()


def test_a_wrong_password_is_refused(browser_page, browser_user):
    user = browser_user()
    page = browser_page()
    with pytest.raises(AssertionError, match="login of"):
        login(page, user["name"], "not-the-password")


def test_axe_core_finds_a_violation_it_is_given(browser_page):
    page = browser_page()
    page.goto("/dataset/")
    # An image without alternative text is a critical axe violation.
    page.evaluate("document.body.insertAdjacentHTML('beforeend', '<img src=\"data:,\">')")
    ids = [v["id"] for v in axe_violations(page)]
    assert "image-alt" in ids
