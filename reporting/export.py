"""The evaluation as a spreadsheet (openpyxl): the matrix, completion per measure and per
unit, the comments and the meetings, one sheet each."""

from __future__ import annotations

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from core.spreadsheet import spreadsheet_cell

from .evaluation import STATUS_LABELS, Evaluation


def _sheet(book: Workbook, title: str, header: list[str], rows) -> None:
    sheet = book.create_sheet(title)
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([spreadsheet_cell(v) if isinstance(v, str) else v for v in row])
    sheet.freeze_panes = "A2"
    for column in sheet.columns:
        for cell in column:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def _percent(completion) -> float | None:
    return None if completion is None or completion.share is None else round(completion.share, 3)


def workbook(evaluation: Evaluation) -> Workbook:
    book = Workbook()
    book.remove(book.active)
    reports = evaluation.reports
    _sheet(
        book,
        _("Tiltak og enheter"),
        [_("Satsingsområde"), _("Tiltak"), _("Bydelens tiltak")]
        + [report.unit_title for report in reports],
        (
            [row.focus_area, row.measure_number, row.text]
            + [
                str(STATUS_LABELS.get(row.cells[r.pk].status, _("Ikke besvart")))
                if r.pk in row.cells
                else ""
                for r in reports
            ]
            for row in evaluation.rows
        ),
    )
    previous_year = evaluation.previous.year if evaluation.previous else ""
    _sheet(
        book,
        _("Per tiltak"),
        [
            _("Tiltak"),
            _("Gjennomført"),
            _("Besvart og relevant"),
            _("Andel"),
            _("Andel %(year)s") % {"year": previous_year},
        ],
        (
            [
                f"{m.number} {m.title}",
                m.completion.done,
                m.completion.counted,
                _percent(m.completion),
                _percent(m.previous),
            ]
            for m in evaluation.measures
        ),
    )
    _sheet(
        book,
        _("Per enhet"),
        [
            _("Enhet"),
            _("Levert"),
            _("Gjennomført"),
            _("Besvart og relevant"),
            _("Andel"),
            _("Personalmøte"),
            _("Deltakere"),
            _("Nyansatte"),
            _("Nyansatte som har lest"),
        ],
        (
            [
                report.unit_title,
                _("Ja") if report.is_submitted else _("Nei"),
                c.done,
                c.counted,
                _percent(c),
                report.staff_meeting_on,
                report.staff_meeting_participants,
                report.new_hires,
                report.new_hires_confirmed,
            ]
            for report, c in evaluation.units
        ),
    )
    _sheet(
        book,
        _("Kommentarer"),
        [
            _("Tiltak"),
            _("Bydelens tiltak"),
            _("Enhet"),
            _("Hva er gjort"),
            _("Hindringer"),
            _("Neste steg"),
        ],
        (
            [
                row.measure_number,
                row.text,
                report.unit_title,
                item.done,
                item.obstacles,
                item.next_step,
            ]
            for row, texts in evaluation.comments()
            for report, item in texts
        ),
    )
    _sheet(
        book,
        _("Fagdager"),
        [_("Dato"), _("Deltakere")],
        ([day.held_on, day.participants] for day in evaluation.professional_days),
    )
    return book
