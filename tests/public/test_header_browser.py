"""The header in Chromium: at 1280 pixels wide an administrator, who has the most links, sees the site
name and the account links in one row and the service navigation in one row beneath; at 390 pixels
the navigation folds behind the "Menu" button."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect
from world import make_user

from inspectorate.accounts.models import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROWS = """() => {
  const tops = sel => [...new Set(Array.from(document.querySelectorAll(sel))
    .filter(e => e.getBoundingClientRect().width > 0)
    .map(e => Math.round(e.getBoundingClientRect().top)))];
  const name = document.querySelector('.site-name').getBoundingClientRect();
  const account = Array.from(document.querySelectorAll('.account-list > li'))
    .map(e => e.getBoundingClientRect()).filter(r => r.width > 0);
  return {
    navigation: tops('.govuk-service-navigation__item'),
    accountBesideName: account.every(r => r.top < name.bottom && r.left >= name.right),
  };
}"""


def test_the_staff_header_fits_in_one_row_at_1280_pixels(live_server: Any, page: Page, sign_in: Any) -> None:
    make_user("alex_admin", Role.ADMIN, is_staff=True)
    sign_in(page, live_server.url, "alex_admin")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server.url + "/")
    expect(page.get_by_role("link", name="Administration")).to_be_visible()
    rows = page.evaluate(ROWS)
    assert len(rows["navigation"]) == 1, rows
    assert rows["accountBesideName"], rows

    page.set_viewport_size({"width": 390, "height": 900})
    expect(page.get_by_role("button", name="Menu")).to_be_visible()
    expect(page.get_by_role("link", name="Administration")).to_be_hidden()
    page.get_by_role("button", name="Menu").click()
    expect(page.get_by_role("link", name="Administration")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
