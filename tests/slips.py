"""Slips of the source's own numbering, made on the real report's text: one printed label
changed the way editors let labels through (duplicated, skipped, swapped with its neighbour,
restarted), for every kind of sequence.  Used by tests/test_slips.py (hypothesis draws) and
bench/slip_table.py (every label, every slip).

The labels are found in the text itself (a label at the start of a line: "  (e) States",
" 74. Many", a footnote " 16  See"), not in the pipeline's output; the baseline run only says
which sequence a labelled line belongs to.
"""
from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

import regex as re

from pipeline.common.sequences import ARABIC, LETTER, label, value
from pipeline.run.document import process
from pipeline.validate.qa import run_checks

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "raw" / "CTOC-COP-2022-9.txt"

# A label at the start of a body line: "  (e) States", "( ii) pursuing", " 74. Many", "  3.  Recommends".
BODY_LABEL = re.compile(r"^(?P<lead>\s*)(?:\(\s?(?P<letter>[a-z]{1,4})\s?\)|(?P<number>\d{1,3})\.)(?=\s+\S)")
# The first line of a footnote: " 16 See ...", " 22  Although" (blanks before, no period after the number;
# a date wrapped onto a body line, "22 October 2010", has no blank before).
NOTE_LABEL = re.compile(r"^\s+(?P<number>\d{1,3})(?![\d.)])\s+\S")

SLIPS = ("duplicated", "skipped", "swapped", "restarted")
# The tables whose rows are records of a sequence, and the column with their text.
RECORD_TABLES = {"segments": None, "resolution_paragraphs": "text", "annex_recommendations": "text",
                 "footnotes": "text", "agenda_items": "title"}


@dataclass(frozen=True)
class Label:
    line: int           # 1-based line of the text
    printed: str        # "e", "74", "16"


@dataclass(frozen=True)
class Sequence:
    kind: str           # "annex letters", "report paragraphs", ...
    name: str           # "resolution 11/1, Annex I"
    style: str
    labels: tuple[Label, ...]


def printed_labels(text: str) -> list[Label]:
    """Every label at the start of a line: body labels, and footnote numbers."""
    out = []
    for i, line in enumerate(text.split("\n"), start=1):
        if m := BODY_LABEL.match(line):
            out.append(Label(i, m["letter"] or m["number"]))
        elif m := NOTE_LABEL.match(line):
            out.append(Label(i, m["number"]))
    return out


def run(text: str) -> dict:
    """All tables of the text, through every stage, with the QA's findings as `qa_issues`."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "report.txt"
        path.write_text(text, encoding="utf-8")
        _, tables = process(path)
    rows = {name: table.to_pylist() for name, table in tables.items()}
    rows["qa_issues"] = [i.__dict__ for i in run_checks(rows, [])]
    return rows


def sequences(rows: dict, labels: list[Label]) -> list[Sequence]:
    """The sequences the labelled lines form, by the record each opens in the baseline run."""
    blocks = {b["block_id"]: b for b in rows["blocks"]}
    by_line = {blocks[s["block_id"]]["line_start"]: s for s in rows["segments"]}
    notes = {f["line_start"] for f in rows["footnotes"]}
    found: dict[tuple, list[Label]] = {}
    for lab in labels:
        if lab.line in notes:
            key = ("footnote numbers", "footnotes", ARABIC)
        elif (seg := by_line.get(lab.line)) is None or (key := _sequence_key(seg, lab.printed)) is None:
            continue
        found.setdefault(key, []).append(lab)
    return [Sequence(kind, name, style, tuple(labs)) for (kind, name, style, *_), labs in found.items()]


def _sequence_key(seg: dict, printed: str) -> tuple | None:
    """(kind, name, style, ...) of the sequence a labelled line's record belongs to; None for a
    numbered subheading ("1. Deliberations"), which is no record of a sequence."""
    text = f"{seg['text_kind']} {seg['text_symbol'] or ''}".strip() if seg["text_id"] else "report"
    style = ARABIC if printed.isdigit() else LETTER
    if seg["part"] == "subheading":
        return None
    if seg["part"] == "paragraph" and seg["text_id"] is None:
        return "report paragraphs", seg["annex"] or "report", style
    if seg["part"] == "recommendation":
        return "annex letters", f"{text}, {seg['annex']}", style
    if seg["part"] == "list" and printed.isdigit():
        return "agenda entries", text, style
    if seg["part"] == "operative" and printed.isdigit():
        return "operative paragraphs", text, style
    parent = seg["structure"].removesuffix(f" ({printed})")
    if parent.endswith(")"):
        return "roman sub-items", f"{text}, {parent.rsplit('/', 1)[-1]}", "roman", parent
    return "sub-items", f"{text}, {parent.rsplit('/', 1)[-1]}", style, parent


def slip_changes(seq: Sequence, k: int, slip: str) -> list[tuple[Label, str]] | None:
    """The labels to reprint for `slip` at position k, or None when the slip makes no sense
    there: no label before to duplicate, none after to swap with, a restart of the first two,
    or of the last footnote (footnote numbers may restart: an annex numbers its own)."""
    labs = seq.labels
    here = labs[k]
    if slip == "duplicated":
        return [(here, labs[k - 1].printed)] if k > 0 else None
    if slip == "skipped":
        return [(here, label((value(here.printed, seq.style) or 0) + 1, seq.style))]
    if slip == "swapped":
        return [(here, labs[k + 1].printed), (labs[k + 1], here.printed)] if k + 1 < len(labs) else None
    last_note = seq.kind == "footnote numbers" and k == len(labs) - 1
    return [(here, label(1, seq.style))] if k > 1 and not last_note else None


def apply(text: str, changes: list[tuple[Label, str]]) -> str:
    lines = text.split("\n")
    for lab, new in changes:
        line = lines[lab.line - 1]
        if lab.printed.isdigit():
            pattern = rf"^(\s*){re.escape(lab.printed)}(?=[.\s])"
        else:
            pattern = rf"^(\s*\(\s?){re.escape(lab.printed)}(?=\s?\))"
        lines[lab.line - 1], n = re.subn(pattern, r"\g<1>" + new, line, count=1)
        assert n == 1, (lab, line)
    return "\n".join(lines)


@dataclass
class Outcome:
    counts: dict[str, tuple[int, int]]   # table -> (before, after), the tables whose count changed
    texts_changed: list[str]             # tables whose record texts changed
    found_at: list[int]                  # mutated lines with a label_out_of_sequence finding
    lines: list[int]                     # the mutated lines

    @property
    def ok(self) -> bool:
        return not self.counts and not self.texts_changed and self.found_at == self.lines


def outcome(baseline: dict, mutated: dict, changes: list[tuple[Label, str]]) -> Outcome:
    counts = {t: (len(baseline[t]), len(mutated[t])) for t in RECORD_TABLES if len(baseline[t]) != len(mutated[t])}
    texts = [t for t, col in RECORD_TABLES.items()
             if col and [r[col] for r in baseline[t]] != [r[col] for r in mutated[t]]]
    lines = sorted(lab.line for lab, _ in changes)
    found = sorted({i["line_start"] for i in mutated["qa_issues"] if i["check"] == "label_out_of_sequence"}
                   & set(lines))
    return Outcome(counts, texts, found, lines)
