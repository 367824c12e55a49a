"""Build the intranet's page tree and shared data from the plan's data file.

``load_plan`` reads and validates the whole file first (``schema``), then lets each content
app's importer load its part, in the order their references need. Loading is idempotent and
keeps editors' changes unless ``overwrite`` is set (see ``context``); everything runs in one
transaction, so a malformed file changes nothing.
"""

from __future__ import annotations

from pathlib import Path

from django.db import transaction
from wagtail.models import Locale

from .context import LoadContext, LoadReport
from .importers import directory, guidance, home, languages, onboarding, reporting
from .indexing import indexed_once_at_the_end
from .schema import PlanDataError, PlanFile, read_plan_file
from .streams import paragraphs

DEFAULT_DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "handlingsplan.yaml"

__all__ = ["DEFAULT_DATA_FILE", "LoadReport", "PlanDataError", "load_plan", "paragraphs"]


def load_plan(path: Path = DEFAULT_DATA_FILE, overwrite: bool = False) -> LoadReport:
    """Load the data file at ``path``; raises PlanDataError and changes nothing if it is bad."""
    data = read_plan_file(path)
    ctx = LoadContext(overwrite=overwrite, locale=Locale.get_default())
    _load(ctx, data)
    return ctx.report


@transaction.atomic
def _load(ctx: LoadContext, data: PlanFile) -> None:
    with indexed_once_at_the_end():
        _load_parts(ctx, data)


def _load_parts(ctx: LoadContext, data: PlanFile) -> None:
    directory.load_target_groups(ctx, data.target_groups)
    guidance.load_roles(ctx, data.roles)
    guidance.load_provisions(ctx, data.legal_provisions)
    front_page = home.load_home(ctx, data.home)
    home.load_content_page(ctx, front_page, data.accessibility_statement)
    units = guidance.load_units(ctx, front_page, data.units)
    plan = guidance.load_action_plan(ctx, front_page, data.plan)
    services = directory.load_directory(ctx, front_page, data.directory)
    concern = guidance.load_concern_guide(ctx, front_page, data.concern_guide)
    guidance.load_routines(ctx, data.units)
    home.link_sections(front_page, concern, [plan, concern, units, services])
    onboarding.load_reading_list(ctx, front_page, data.reading_list)
    if data.reporting is not None:
        reporting.load_unit_roles(ctx, data.reporting)
    guide = home.load_population_guide(ctx, front_page, data.population_guide)
    languages.load_translations(ctx, data, front_page, guide)
