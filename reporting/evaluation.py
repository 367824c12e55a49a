"""The coordinator's evaluation of a year: every unit × every action, completion per measure
and per unit, year-on-year change, the units' comments and the year's meetings. Only submitted
forms count in the figures. A fixed number of queries, however many units, actions or years."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from .models import ActionReport, ReportingPeriod, UnitReport

STATUS_LABELS = dict(ActionReport.STATUSES)


@dataclass
class Completion:
    done: int = 0
    counted: int = 0  # answered and relevant, on submitted forms

    def add(self, row: ActionReport) -> None:
        self.add_status(row.status)

    def add_status(self, status: str) -> None:
        if status and status != ActionReport.NOT_RELEVANT:
            self.counted += 1
            self.done += status == ActionReport.DONE

    @property
    def share(self) -> float | None:
        return self.done / self.counted if self.counted else None

    @property
    def percent(self) -> int | None:
        return None if self.share is None else round(100 * self.share)


@dataclass
class Row:
    """One action across the units that answer for it."""

    key: str
    focus_area: str
    measure_number: str
    measure_title: str
    text: str
    cells: dict[int, ActionReport] = field(default_factory=dict)  # report id → row
    in_order: list = field(default_factory=list)  # a row (or None) per report, in their order


@dataclass
class MeasureFigure:
    focus_area: str
    number: str
    title: str
    completion: Completion
    previous: Completion | None

    @property
    def change(self) -> int | None:
        if (
            self.previous is None
            or self.previous.percent is None
            or self.completion.percent is None
        ):
            return None
        return self.completion.percent - self.previous.percent


@dataclass
class Evaluation:
    period: ReportingPeriod
    previous: ReportingPeriod | None
    reports: list[UnitReport]
    rows: list[Row]
    measures: list[MeasureFigure]
    units: list[tuple[UnitReport, Completion]]
    professional_days: list

    @property
    def missing(self) -> list[UnitReport]:
        return [report for report in self.reports if not report.is_submitted]

    @property
    def submitted(self) -> list[UnitReport]:
        return [report for report in self.reports if report.is_submitted]

    def comments(self) -> list[tuple[Row, list[tuple[UnitReport, ActionReport]]]]:
        """Per action, the units' texts side by side (submitted forms with something written)."""
        result = []
        for row in self.rows:
            texts = [
                (report, row.cells[report.pk])
                for report in self.submitted
                if report.pk in row.cells
                and any(
                    (
                        row.cells[report.pk].done,
                        row.cells[report.pk].obstacles,
                        row.cells[report.pk].next_step,
                    )
                )
            ]
            if texts:
                result.append((row, texts))
        return result


def _rows(period: ReportingPeriod) -> tuple[list[UnitReport], list[ActionReport]]:
    reports = list(period.reports.select_related("period", "unit").order_by("unit_title"))
    rows = list(
        ActionReport.objects.filter(report__period=period).order_by("position", "report_id")
    )
    return reports, rows


def by_measure(period: ReportingPeriod) -> dict[str, Completion]:
    """Completion per measure number on the year's submitted forms; one query."""
    result: dict[str, Completion] = defaultdict(Completion)
    for number, status in ActionReport.objects.filter(
        report__period=period, report__state=UnitReport.SUBMITTED
    ).values_list("measure_number", "status"):
        result[number].add_status(status)
    return result


def evaluate(period: ReportingPeriod) -> Evaluation:
    reports, action_rows = _rows(period)
    previous = ReportingPeriod.objects.filter(year__lt=period.year).order_by("-year").first()
    before = by_measure(previous) if previous else {}
    submitted = {report.pk for report in reports if report.is_submitted}
    labels = {value: str(label) for value, label in ActionReport.STATUSES}

    rows: dict[str, Row] = {}
    per_unit: dict[int, Completion] = defaultdict(Completion)
    for item in action_rows:
        key = str(item.action_key)
        row = rows.setdefault(
            key,
            Row(key, item.focus_area, item.measure_number, item.measure_title, item.action_text),
        )
        row.cells[item.report_id] = item
        item.label = labels.get(item.status, "")
        if item.report_id in submitted:
            per_unit[item.report_id].add(item)

    for row in rows.values():
        row.in_order = [row.cells.get(report.pk) for report in reports]
    measures: dict[str, MeasureFigure] = {}
    current: dict[str, Completion] = defaultdict(Completion)
    for item in action_rows:
        if item.report_id in submitted:
            current[item.measure_number].add(item)
    for row in rows.values():
        measures.setdefault(
            row.measure_number,
            MeasureFigure(
                row.focus_area,
                row.measure_number,
                row.measure_title,
                current[row.measure_number],
                before.get(row.measure_number) if previous else None,
            ),
        )
    return Evaluation(
        period=period,
        previous=previous,
        reports=reports,
        rows=list(rows.values()),
        measures=list(measures.values()),
        units=[(report, per_unit[report.pk]) for report in reports],
        professional_days=list(period.professional_days.all()),
    )
