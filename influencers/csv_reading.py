"""Reading a follower CSV file: its encoding, its separator, its header, its rows.

Only reading: the values are checked, planned and written by `influencers.imports`.
"""

import csv

from django.utils.translation import gettext as _

COLUMNS = ("influencer", "platform", "date", "followers")


class FileError(Exception):
    """The file as a whole cannot be read (encoding, header): no row is considered."""

    def __init__(self, line, message):
        super().__init__(message)
        self.line, self.message = line, message


def decoded_lines(binary_lines):
    """UTF-8 lines, without the BOM Excel puts first; a line in another encoding stops it."""
    for number, raw in enumerate(binary_lines, start=1):
        if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        try:
            yield raw.decode("utf-8")
        except UnicodeDecodeError:
            raise FileError(
                number,
                _(
                    "Le fichier n'est pas encodé en UTF-8. Enregistrez-le au format "
                    "« CSV UTF-8 » depuis votre tableur."
                ),
            ) from None


def read_rows(binary_lines):
    """Yield (line number, {column: value}) for each row, or (line number, error message).

    The separator (comma or semicolon) is read from the header line, which must
    name the four columns, in any order.
    """
    lines = decoded_lines(binary_lines)
    header_line = next(lines, "")
    delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
    header = next(csv.reader([header_line], delimiter=delimiter), [])
    names = [name.strip().lower() for name in header]
    while names and not names[-1]:
        names.pop()  # spreadsheets leave empty columns at the end of the header
    if sorted(names) != sorted(COLUMNS):
        raise FileError(
            1,
            _("Colonnes attendues : %(expected)s ; trouvées : %(found)s.")
            % {
                "expected": ", ".join(COLUMNS),
                "found": ", ".join(name for name in names if name) or _("aucune"),
            },
        )
    reader = csv.reader(lines, delimiter=delimiter)
    width = len(names)
    for values in reader:
        if len(values) != width or not values[0]:  # the usual row skips these checks
            while len(values) > width and not values[-1].strip():
                values.pop()
            if not any(value.strip() for value in values):
                continue
            if len(values) != width:
                message = _("La ligne a %(found)d colonnes au lieu de %(expected)d.")
                yield reader.line_num + 1, message % {"found": len(values), "expected": width}
                continue
        yield reader.line_num + 1, dict(zip(names, values, strict=True))
