"""User text in spreadsheets: never a live formula.

A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is run as a
formula by Excel and LibreOffice when the file is opened, so text a person typed
(an event title, a supplier) could fetch a URL or leak other cells. Every xlsx and
CSV the portal writes passes its text through here; the text stays readable.
"""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(value):
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def csv_text(value):
    """A CSV field: formula-looking text gets a leading apostrophe, as spreadsheet programs expect."""
    return f"'{value}" if is_formula_like(value) else value


def xlsx_text(cell):
    """Keep an xlsx cell's formula-looking text as plain text (shown as typed, with Excel's quote prefix)."""
    if is_formula_like(cell.value):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell
