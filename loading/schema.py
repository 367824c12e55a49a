"""The data file's schema (``data/handlingsplan.yaml``), read into pydantic models.

Every model remembers where it is in the file (``where``), so the importers can name the place
of a problem they find later, such as an unknown role. StreamField content (``body``,
``steps``, ``phones`` …) is kept as plain mappings here: its shape is the blocks' own and is
checked against them when it is loaded (see ``loading.streams``).
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationError,
    field_validator,
    model_validator,
)

DEFAULT_SOURCE = "Handlingsplan 2017"

Text = Annotated[str, Field(min_length=1)]  # required and not empty
Date = datetime.date | None
Stream = list[dict[str, Any]]  # StreamField content, checked by the field's blocks


class PlanDataError(Exception):
    """The data file is malformed; the message names the place and what is wrong."""


class Item(BaseModel):
    """A mapping of the data file. Strict, as YAML already gives the right types; a key set to
    nothing counts as left out."""

    model_config = ConfigDict(strict=True)
    _where: str = PrivateAttr(default="")
    # Where the item's text comes from («plan», «plan: tiltak 2.1», «lov: …», «tillegg: …»,
    # «enhet»); left out, the item inherits its parent's (``source_of``, docs/load-plan.md).
    source: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _nothing_is_left_out(cls, data: Any) -> Any:
        if isinstance(data, dict):
            return {key: value for key, value in data.items() if value is not None}
        return data

    @property
    def where(self) -> str:
        return self._where

    def at(self, key: str) -> str:
        return f"{self._where}.{key}" if self._where else key


SOURCE_KINDS = ("plan", "lov", "tillegg", "enhet")


def source_of(value: Any, where: str) -> dict:
    """``"tillegg: Bufdir (bufdir.no)"`` → ``{"kind": "tillegg", "reference": "Bufdir …"}``;
    ``"plan"`` or ``"plan: tiltak 2.1"`` for the action plan (core.blocks.SourceBlock)."""
    if not isinstance(value, str) or not value.strip():
        raise PlanDataError(
            f"{where}: required: where the text comes from (plan, lov: …, tillegg: …, enhet)"
        )
    kind, _, reference = value.partition(":")
    kind, reference = kind.strip(), reference.strip()
    if kind not in SOURCE_KINDS:
        raise PlanDataError(f"{where}: unknown source {kind!r}; expected {', '.join(SOURCE_KINDS)}")
    if kind == "lov" and not reference:
        raise PlanDataError(f"{where}: lov needs the provision, e.g. «lov: straffeloven § 196»")
    return {"kind": kind, "reference": reference}


# Snippets


class TargetGroup(Item):
    slug: Text
    name: Text


class Role(Item):
    slug: Text
    name: Text
    description: str = ""


class Provision(Item):
    key: Text
    law_short_title: Text
    law_title: str = ""
    section: str = ""  # empty: the law as a whole (a law's name in the plan)
    section_title: str = ""
    summary: str = ""
    lovdata_url: str = ""
    in_force_from: Date = None
    superseded_on: Date = None
    superseded_by: str = ""
    verified: bool = False
    last_verified: Date = None
    verified_by: str = ""


# The plan


class Action(Item):
    text: Text
    roles: list[str] = Field(default_factory=list, validate_default=True)

    @field_validator("roles")
    @classmethod
    def _some_role(cls, roles: list[str]) -> list[str]:
        if not roles:
            raise ValueError("at least one role is required")
        return roles


class Measure(Item):
    number: Text
    text: Text
    actions: list[Action]


class FocusArea(Item):
    slug: Text
    title: Text
    number: int
    subtitle: str = ""
    goal: Text
    measures: list[Measure]


class Chapter(Item):
    slug: Text
    title: Text
    number: Text
    body: Stream = []
    focus_areas: list[FocusArea] = []


class Plan(Item):
    slug: Text
    title: Text
    intro: str = ""
    adopted: str = ""
    revised: Date = None
    coordinator_name: str = ""
    coordinator_unit: str = ""
    owning_unit: str = ""
    chapters: list[Chapter]


# Units, their routine, and the concern guide


class Contact(Item):
    name: str = ""
    role: Text
    phone: str = ""
    email: str = ""


class Unit(Item):
    slug: Text
    title: Text
    part_of: str = ""
    abbreviation: str = ""
    intro: str = ""
    contacts: list[Contact] = []


class Routine(Item):
    slug: Text
    title: Text
    summary: str = ""
    steps: Stream
    contacts: Stream
    legal_duties: list[str] = []


class Units(Item):
    slug: Text
    title: Text
    intro: str = ""
    items: list[Unit]
    starting_routine: Routine


class Duty(Item):
    slug: Text
    title: Text
    summary: Text
    applies_to: Text
    threshold: Text
    steps: Stream
    precedence: str = ""
    provisions: list[str] = []


class PathDuty(Item):
    duty: Text
    threshold: Text
    source: Text  # «plan», «lov: …», «tillegg: …» or «enhet» (streams.source_of)


class PathService(Item):
    service: Text
    acute: bool = False


class ConcernPath(Item):
    slug: Text
    title: Text
    public: bool
    triggers: list[str] = []
    acute_signs: Stream = []
    services: list[PathService] = []
    duties: list[PathDuty] = []
    steps: Stream


class ConcernGuide(Item):
    slug: Text
    title: Text
    intro: str = ""
    steps: Stream
    legal_duties: list[Duty]
    paths: list[ConcernPath] = []


# The help-service directory


class Service(Item):
    slug: Text
    title: Text
    public: bool  # on the district's website; new pages are not (docs/security.md)
    category: Text
    summary: Text
    description: str = ""
    phones: Stream = []
    emails: Stream = []
    target_groups: list[str] = []
    website: str = ""
    visiting_address: str = ""
    postal_address: str = ""
    opening_hours: str = ""
    open_around_the_clock: bool = False
    may_be_anonymous: bool = False
    free_of_charge: bool = False
    source: str = DEFAULT_SOURCE
    last_verified: datetime.date | None = None
    last_verified_by: str = ""
    review_reason: str = ""  # why it may be outdated (the plan is from 2017)


class Directory(Item):
    slug: Text
    title: Text
    public: bool
    intro: str = ""
    services: list[Service]


# Pages of the front page, the population guide and their translations


class HomeText(Item):
    title: Text
    intro: str = ""


class Home(HomeText):
    translations: dict[str, HomeText] = {}


class ContentPage(Item):
    slug: Text
    title: Text
    intro: str = ""
    body: Stream


class GuideText(Item):
    title: Text
    intro: str = ""
    body: Stream


class GuidePage(GuideText):
    slug: Text
    public: bool


class GuideTranslation(GuideText):
    pages: list[GuideText]


class PopulationGuide(GuidePage):
    pages: list[GuidePage]
    translations: dict[str, GuideTranslation] = {}


# The reading list


class ReadingItem(Item):
    page: Text
    minutes: int
    required: bool = True
    why: str = ""


class ReadingList(Item):
    slug: Text
    title: Text
    intro: str = ""
    items: list[ReadingItem]


class Reporting(Item):
    every_unit: list[str]  # role slugs every unit answers for
    units: dict[str, list[str]] = {}  # unit slug → its own role slugs


class PlanFile(Item):
    version: Literal[1]
    home: Home
    target_groups: list[TargetGroup]
    roles: list[Role]
    legal_provisions: list[Provision]
    plan: Plan
    units: Units
    concern_guide: ConcernGuide
    directory: Directory
    accessibility_statement: ContentPage
    population_guide: PopulationGuide
    reading_list: ReadingList | None = None
    reporting: Reporting | None = None


# Reading


def read_plan_file(path: Path) -> PlanFile:
    """The data file at ``path``, validated; a problem is one line naming its place."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise PlanDataError(f"{path}: cannot read: {exc.strerror}") from exc
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise PlanDataError(f"{path}:{where}: {problem}") from exc
    try:
        plan = PlanFile.model_validate(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        raise PlanDataError(f"{_place(error['loc']) or path}: {_problem(error)}") from None
    _locate(plan, "")
    return plan


def _place(loc: tuple[str | int, ...]) -> str:
    """Pydantic's location as written in the messages: ``plan.chapters[4].title``."""
    place = ""
    for part in loc:
        place += f"[{part}]" if isinstance(part, int) else f".{part}" if place else part
    return place


_TYPE_NAMES = {"string_type": "str", "int_type": "int", "bool_type": "bool"}


def _problem(error: dict) -> str:
    kind, value = error["type"], error.get("input")
    if kind in ("missing", "string_too_short"):
        return "required"
    if kind in _TYPE_NAMES:
        return f"expected {_TYPE_NAMES[kind]}, got {value!r}"
    if kind == "date_type":
        return f"expected a date (YYYY-MM-DD), got {value!r}"
    if kind in ("model_type", "dict_type"):
        return f"expected a mapping, got {type(value).__name__}"
    if kind == "list_type":
        return "expected a list"
    if kind == "literal_error":
        return f"expected {error['ctx']['expected']}"
    if kind == "value_error":
        return str(error["ctx"]["error"])
    return error["msg"]


def _locate(value: Any, where: str) -> None:
    """Tell every model of the file its place, as ``plan.chapters[4]``."""
    if isinstance(value, Item):
        value._where = where
        for name in type(value).model_fields:
            _locate(getattr(value, name), value.at(name))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _locate(item, f"{where}[{i}]")
    elif isinstance(value, dict):
        for key, item in value.items():
            _locate(item, f"{where}.{key}")
