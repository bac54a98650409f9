"""Segment stage: the numbered sequences of a document and the slips in them.

Every labelled segment belongs to one sequence: the report's paragraphs (of its body, or of
its annex), the operative paragraphs or list entries of a text, the lettered items under one
paragraph, the roman sub-items under one item, the recommendations of one annex, the lettered
items of one report paragraph.  `label_slips` reads each sequence as printed and gives the
labels that are slips (`pipeline.common.sequences`): the segmenter sets `label_expected` from
them, and the QA reports them at their lines.  It works on rows (dicts) so that the QA can
run it on the published `segments` table.
"""
from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence

from pipeline.common.sequences import ARABIC, LETTER, ROMAN, Slip, slips

# The parts whose number or letter labels form a sequence.
NUMBERED_PARTS = ("paragraph", "operative", "list")
LETTERED_PARTS = ("operative", "list", "item", "recommendation")


def sequence_of(seg: Mapping) -> tuple[tuple, str] | None:
    """(key, style) of the sequence a labelled segment belongs to; None for an unlabelled one,
    a continuation, or a label that is no item of a sequence (a numbered subheading)."""
    label, part = seg["label"], seg["part"]
    if not label or seg["continued"]:
        return None
    doc = seg["doc_id"]
    if label.isdigit() and part in NUMBERED_PARTS:
        if part == "paragraph" and seg["text_id"] is None:
            return (doc, "report paragraphs", seg["annex"]), ARABIC
        return (doc, seg["text_id"], part), ARABIC
    if label.isdigit() or part not in LETTERED_PARTS:
        return None
    if part == "recommendation":
        return (doc, seg["text_id"], seg["annex"], "recommendations"), LETTER
    base = seg["structure"].removesuffix(f" ({label})")
    style = ROMAN if base.endswith(")") else LETTER      # "operative 4 (a) (ii)" is under "(a)"
    return (doc, seg["text_id"], base), style


def sequences(segments: Sequence[Mapping]) -> list[tuple[list[int], str]]:
    """Each sequence as (indices in `segments`, style), in order of first label."""
    found: dict[tuple, tuple[list[int], str]] = {}
    for i, seg in enumerate(segments):
        if (of := sequence_of(seg)) is not None:
            found.setdefault(of[0], ([], of[1]))[0].append(i)
    return list(found.values())


def label_slips(segments: Sequence[Mapping]) -> Iterator[tuple[int, Slip]]:
    """(index in `segments`, slip) for every label that is a slip of its sequence."""
    for members, style in sequences(segments):
        for slip in slips([segments[i]["label"] for i in members], style):
            yield members[slip.position], slip
