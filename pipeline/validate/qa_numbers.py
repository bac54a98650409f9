"""QA: figures the report states against what it lists or computes itself — vote arithmetic
and majorities, counts of co-sponsors stated before the names."""
from __future__ import annotations

from collections import Counter
from typing import Iterator

import regex as re

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
