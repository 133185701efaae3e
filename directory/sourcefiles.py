"""Problems in the files Onward reads its content from (flows, rule packs, guidance,
crisis words, directory vocabularies), each naming the file and line to fix.

At the bottom of the layers so every package can read its files the same way; flows
know the error as `flows.errors.FlowError`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file: the file, the line and a plain reason."""

    file: Path
    line: int
    reason: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.reason}"


class SourceFileError(Exception):
    """Raised when content files cannot be loaded; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def read_text(file: Path) -> str:
    """A file Onward reads its content from (flows, guidance, rule packs, crisis words),
    as UTF-8; one saved in another encoding is named with the line and byte to look at,
    never read as other letters."""
    data = file.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise SourceFileError([not_utf8(file, data, error.start)]) from None


def not_utf8(file: Path, data: bytes, offset: int) -> Problem:
    line = data.count(b"\n", 0, offset) + 1
    return Problem(
        file,
        line,
        f"not UTF-8 text: byte {offset} (0x{data[offset]:02x}) cannot be read; "
        "save the file as UTF-8",
    )
