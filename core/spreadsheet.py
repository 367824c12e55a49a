"""Cells for the CSV exports that spreadsheets open safely."""

# A spreadsheet would run a cell starting with one of these as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_cell(value) -> str:
    """``value`` as CSV text a spreadsheet will not run as a formula (a leading ' when it
    starts like one)."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_PREFIXES) else text
