"""QA: figures and lists the report states against what it lists or computes elsewhere — vote arithmetic
and majorities, counts stated before a list, two lists of the sponsors of one draft, meetings held."""
from __future__ import annotations

from collections import Counter, defaultdict
from typing import Iterator

import regex as re

from pipeline.common.patterns import NUMBER, number_value
from pipeline.validate.qa import QaIssue, Rows, block_issue, check, row_issue


@check("contradiction", "error")
def vote_arithmetic(rows: Rows) -> Iterator[QaIssue]:
    """Votes: yes + no against "present and voting", the stated majority against the rule."""
    for vote in rows.get("votes", []):
        key = f"vote_id={vote['vote_id']}"
        stated = vote["present_and_voting"]
        counted = None if vote["yes"] is None or vote["no"] is None else vote["yes"] + vote["no"]
        if stated is not None and counted is not None and stated != counted:
            yield row_issue(vote, "votes", key, "vote_present_and_voting",
                            f"{stated} stated as present and voting, but {vote['yes']} in favour + "
                            f"{vote['no']} against = {counted}")
        if vote["threshold_stated"] is not None and vote["threshold_stated"] != vote["threshold_computed"]:
            yield row_issue(vote, "votes", key, "vote_threshold",
                            f"the report states a {vote['majority']} majority of {vote['threshold_stated']}, "
                            f"but the rule gives {vote['threshold_computed']} for {stated} present and voting")
        if vote["passed_as_stated"] is not None and vote["passed_as_stated"] != vote["passed_by_rule"]:
            yield row_issue(vote, "votes", key, "vote_outcome",
                            "the outcome stated differs from the outcome the figures give under the rule")


# A count of co-sponsors a speaker states before naming them: "the 42 other co-sponsors, naming each".
STATED_COSPONSORS = re.compile(r"\b(?P<n>\d+)\s+(?:other\s+)?co-sponsors\b")


@check("count", "error")
def stated_sponsor_counts(rows: Rows) -> Iterator[QaIssue]:
    """A count of sponsors stated in the text against the sponsors listed there."""
    listed = Counter((s["doc_id"], s["block_id"]) for s in rows.get("sponsors", []) if s["block_id"] is not None)
    for block in rows.get("blocks", []):
        for m in STATED_COSPONSORS.finditer(block["text"]):
            n, found = int(m["n"]), listed.get((block["doc_id"], block["block_id"]), 0)
            if found and n != found:
                yield block_issue(block, "stated_count", f"the text states {n} co-sponsors; {found} are listed",
                                  m.start())


@check("contradiction", "error")
def sponsor_lists_disagree(rows: Rows) -> Iterator[QaIssue]:
    """Two places of the report that list the sponsors of the same draft (the action, a
    footnote, a statement naming the co-sponsors) must name the same sponsors.  Members named
    inside a group ("European Union (and its member States ...)") are compared only where both
    lists name them, and a speaker naming the "other" co-sponsors is a sponsor of the list."""
    speakers = defaultdict(set)
    for s in rows.get("statements", []):
        speakers[(s["doc_id"], s["block_id"])].add(s["speaker"] or s["speaker_as_written"])
    places: dict[tuple, dict[tuple, dict]] = defaultdict(dict)
    for s in rows.get("sponsors", []):
        if s["member_of"] is None:
            where = (s["source"], s["block_id"], s["footnote_id"])
            place = places[(s["doc_id"], s["symbol"])].setdefault(where, {"first": s, "names": set()})
            place["names"].add(s["sponsor"] or s["sponsor_as_written"])
    for (doc_id, symbol), lists in places.items():
        ordered = sorted(lists.values(), key=lambda p: p["first"]["line_start"])
        for a, b in zip(ordered, ordered[1:]):
            a_names = a["names"] | (speakers[(doc_id, a["first"]["block_id"])] if a["first"]["block_id"] else set())
            b_names = b["names"] | (speakers[(doc_id, b["first"]["block_id"])] if b["first"]["block_id"] else set())
            only_a, only_b = sorted(a["names"] - b_names), sorted(b["names"] - a_names)
            if only_a or only_b:
                first, second = a["first"], b["first"]
                yield row_issue(second, "sponsors", f"symbol={symbol}, source={second['source']}, position=1",
                                "sponsor_lists_disagree",
                                f"{symbol}: the sponsors listed at lines {first['line_start']}–{first['line_end']} "
                                f"({first['source']}) and at lines {second['line_start']}–{second['line_end']} "
                                f"({second['source']}) differ: only in the first: {', '.join(only_a) or 'none'}; "
                                f"only in the second: {', '.join(only_b) or 'none'}")


# Measures of the participation table that are parts of another: (whole, parts).
PARTS_OF = (("parties_represented", ("credentials_complied", "credentials_not_complied")),)
# Measures that cannot exceed another: (part, whole).
AT_MOST = (("committee_of_the_whole_meetings", "meetings_held"),)


@check("count", "error")
def participation_totals(rows: Rows) -> Iterator[QaIssue]:
    """Participation figures that the report states as parts of a whole must add up to it
    ("of the 133 parties represented, 122 had complied ... and 11 had not")."""
    by_doc: dict[str, dict[str, dict]] = defaultdict(dict)
    for row in rows.get("participation", []):
        by_doc[row["doc_id"]].setdefault(row["measure"], row)
    for measures in by_doc.values():
        for whole, parts in PARTS_OF:
            if whole in measures and all(p in measures for p in parts):
                total = sum(measures[p]["count"] for p in parts)
                if total != measures[whole]["count"]:
                    row = measures[whole]
                    yield row_issue(row, "participation", f"measure={whole}", "participation_total",
                                    f"{whole} is {row['count']}, but " + " + ".join(
                                        f"{p} {measures[p]['count']}" for p in parts) + f" = {total}")
        for part, whole in AT_MOST:
            if part in measures and whole in measures and measures[part]["count"] > measures[whole]["count"]:
                row = measures[part]
                yield row_issue(row, "participation", f"measure={part}", "participation_total",
                                f"{part} is {row['count']}, more than {whole} ({measures[whole]['count']})")


# A count announcing a list: "the following three organizations: A, B and C", "the following 2
# draft resolutions:" (then one list item each).
FOLLOWING_N = re.compile(rf"\bthe\s+following\s+(?P<n>{NUMBER})\s+[\p{{L}}\s-]{{1,60}}?:\s*(?P<rest>.*)$", re.S)
# Items of a list run in a sentence: "A, B and C" (an item may hold "of the"; brackets are skipped).
LIST_SEPARATOR = re.compile(r",\s+(?:and\s+)?|\s+and\s+(?=[\p{Lu}(“])")


@check("count", "error")
def following_n(rows: Rows) -> Iterator[QaIssue]:
    """"The following N ...:" against the items that follow: the list run on in the sentence, or
    else the list items (blocks) right after it."""
    blocks = sorted(rows.get("blocks", []), key=lambda b: (b["doc_id"], b["block_id"]))
    for i, block in enumerate(blocks):
        for m in FOLLOWING_N.finditer(block["text"]):
            stated = number_value(m["n"])
            rest = re.sub(r"\([^()]*\)", "", m["rest"]).strip().rstrip(".;")
            if rest:
                found = len([x for x in LIST_SEPARATOR.split(rest) if x.strip()])
            else:
                found = 0
                for after in blocks[i + 1:]:
                    if after["doc_id"] != block["doc_id"] or after["kind"] != "list_item":
                        break
                    found += 1
            if stated is not None and found and stated != found:
                yield block_issue(block, "following_n", f"“the following {m['n']} …” is followed by {found} "
                                  f"item(s)", m.start())
