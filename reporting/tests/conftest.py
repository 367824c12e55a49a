"""A reporting year over the site tree: Barnevern and NAV answer for the unit leaders' action,
NAV also for NAV's, Helsestasjonen for the coordinator's."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from guidance.models import MeasureAction
from reporting.cycle import open_period

from .helpers import Year, roles_for


@pytest.fixture
def year(site_tree, two_units) -> Year:
    roles = site_tree.roles
    # A second action for NAV alone, so NAV's form has two rows.
    measure = site_tree.measure
    measure.actions = [
        *measure.actions.all(),
        MeasureAction(text="NAV spør om vold i samtaler med brukere.", roles=[roles["nav"]]),
    ]
    measure.save_revision().publish()
    roles_for(two_units.barnevern, roles["enhetsledere"])
    roles_for(two_units.nav, roles["enhetsledere"], roles["nav"])
    roles_for(site_tree.unit, roles["koordinator"])
    period = open_period(
        timezone.localdate().year, timezone.localdate() + datetime.timedelta(days=30)
    )
    return Year(
        period=period,
        barnevern=period.reports.get(unit=two_units.barnevern),
        nav=period.reports.get(unit=two_units.nav),
        units=two_units,
        site_tree=site_tree,
    )
