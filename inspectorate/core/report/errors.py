"""The one error the publication core raises for a file it cannot read as a report."""

from __future__ import annotations


class ReportFormatError(ValueError):
    """The text is not a report in the published layout, or is cut off inside a section.

    ``line`` is the 1-based line of the text where reading failed and ``expected`` says
    what should have been there; ``found`` (optional) quotes what was there instead.
    """

    def __init__(self, line: int, expected: str, found: str | None = None) -> None:
        self.line = line
        self.expected = expected
        self.found = found
        message = f"line {line}: expected {expected}"
        if found is not None:
            message += f", found {found}"
        super().__init__(message)


def quoted(text: str, limit: int = 60) -> str:
    """A line quoted for an error message, shortened if it is long."""
    plain = " ".join(text.split())
    if len(plain) > limit:
        plain = plain[: limit - 1].rstrip() + "…"
    return f'"{plain}"'
