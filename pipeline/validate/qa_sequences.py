"""QA: the editors' own numbering — report paragraphs, operative paragraphs, list entries,
sub-items, annex letters, footnote numbers — runs in order; a label duplicated, skipped,
swapped or restarted is a slip of the source, reported at its line (the record keeps its
printed label, see `pipeline.segment.sequences`), and a gap may be a record lost."""
from __future__ import annotations

from collections import defaultdict
from typing import Iterator

from pipeline.common.sequences import ARABIC, gaps, slips
from pipeline.normalize.paragraphs import roman_value
from pipeline.segment.sequences import label_slips, sequences
from pipeline.validate.qa import INFO, QaIssue, Rows, block_issue, check, row_issue

@check("sequence", "warning")
def label_out_of_sequence(rows: Rows) -> Iterator[QaIssue]:
    """Every printed label its sequence did not expect (duplicated, skipped, swapped,
    restarted): report paragraphs, operative paragraphs, list entries, lettered and roman
    sub-items, annex recommendations (from `segments`) and footnote numbers, each at its line.
    The record keeps its printed label; `label_expected` (`number_expected`) has the other."""
    segments = rows.get("segments", [])
    blocks = {(b["doc_id"], b["block_id"]): b for b in rows.get("blocks", [])}
    for i, slip in label_slips(segments):
        seg = segments[i]
        if (block := blocks.get((seg["doc_id"], seg["block_id"]))) is not None:
            printed, expected = _printed(seg["label"]), _printed(slip.expected)
            yield block_issue(block, "label_out_of_sequence",
                              f"{_sequence_name(seg)} {printed} where {expected} was expected "
                              f"({slip.kind.replace('_', ' ')}); the record keeps its printed label", 0)
    by_doc: dict[str, list[dict]] = defaultdict(list)
    for note in rows.get("footnotes", []):
        by_doc[note["doc_id"]].append(note)
    for notes in by_doc.values():
        notes.sort(key=lambda n: n["line_start"])
        for slip in slips([str(n["number"]) for n in notes], ARABIC, restarts=True):
            note = notes[slip.position]
            yield QaIssue(note["doc_id"], "label_out_of_sequence",
                          f"footnote {note['number']} where {slip.expected} was expected "
                          f"({slip.kind.replace('_', ' ')}); its marker is looked for under both numbers",
                          "footnotes", f"footnote_id={note['footnote_id']}", note["page"], note["line_start"],
                          note["line_end"], quote=note["text"])


def _printed(label: str) -> str:
    return label if label.isdigit() else f"({label})"


def _sequence_name(seg: dict) -> str:
    """'report paragraph', 'resolution 11/1, annex I: recommendation', 'resolution 11/5:
    sub-item'."""
    if seg["text_id"] is None:
        where = "report" if seg["annex"] is None else seg["annex"]
        return f"{where} paragraph" if seg["part"] == "paragraph" else f"{where}: item"
    text = " ".join(p for p in ((seg["text_kind"] or "text").replace("_", " "), seg["text_symbol"]) if p)
    if seg["part"] == "recommendation":
        return f"{text}, {seg['annex'] or 'annex'}: recommendation"
    if seg["label"].isdigit():
        return f"{text}: {'list entry' if seg['part'] == 'list' else 'operative paragraph'}"
    return f"{text}: sub-item"


@check("sequence", "warning")
def label_gap(rows: Rows) -> Iterator[QaIssue]:
    """A sequence that passes over labels where the labels on both sides agree with their
    other neighbours: a gap in the source's numbering, or a record the extraction lost."""
    segments = rows.get("segments", [])
    blocks = {(b["doc_id"], b["block_id"]): b for b in rows.get("blocks", [])}
    for members, style in sequences(segments):
        for position, missing in gaps([segments[i]["label"] for i in members], style):
            seg = segments[members[position]]
            if (block := blocks.get((seg["doc_id"], seg["block_id"]))) is not None:
                yield block_issue(block, "label_gap",
                                  f"{_sequence_name(seg)} {_printed(seg['label'])} follows "
                                  f"{_printed(segments[members[position - 1]]['label'])}: "
                                  f"{', '.join(_printed(x) for x in missing)} missing", 0)


@check("sequence", "warning")
def chapters_against_agenda(rows: Rows) -> Iterator[QaIssue]:
    """The chapters of a report take the items of its agenda in order: a chapter on an item
    that comes before the item of the chapter printed before it is out of order."""
    by_doc: dict[str, list[tuple[int, dict]]] = defaultdict(list)
    for item in rows.get("agenda_items", []):
        if item["agenda"] == "current" and item["sub_item"] is None and item["chapter"] and item["item_number"]:
            by_doc[item["doc_id"]].append((roman_value(item["chapter"]), item))
    for items in by_doc.values():
        items.sort(key=lambda pair: pair[0])
        for (_, before), (_, item) in zip(items, items[1:]):
            if item["item_number"] < before["item_number"]:
                chronological = before["meetings"] and item["meetings"] and min(before["meetings"]) <= min(item["meetings"])
                yield row_issue(item, "agenda_items", f"agenda_item_id={item['agenda_item_id']}", "chapter_order",
                                f"chapter {item['chapter']} covers agenda item {item['item']} "
                                f"({item['title']}), but the chapter before it, {before['chapter']}, covers the "
                                f"later item {before['item']} ({before['title']}): the chapters are not in the "
                                f"order of the agenda" + (
                                    f"; they follow the order in which the items were taken up (meetings "
                                    f"{min(before['meetings'])} and {min(item['meetings'])})" if chronological else ""),
                                quote=f"{item['chapter']}. {item['title']}", severity=INFO if chronological else "")
