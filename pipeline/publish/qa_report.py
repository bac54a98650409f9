"""qa_report.md: the QA findings for a reader, with every string from a document or a file
name escaped (file names, messages that quote the text), so that `<img onerror=…>` or
`[x](javascript:…)` is shown as written and never rendered as HTML or a link.  Check names,
tables and row keys are the pipeline's own words and numbers."""
from __future__ import annotations

from collections import Counter

import regex as re

from pipeline.validate.qa import ERROR, QaIssue

# Characters that mean something to Markdown or HTML inside a line (every line of the report
# starts with text of its own, so "#", "-" and "+" never open a block): "<", "[", "*", "`", "|".
MARKUP = re.compile(r"([\\`*_\[\]|<>&~])")
# Control characters and line breaks, which would start a new Markdown line.
CONTROL = re.compile(r"[\x00-\x1f\x7f]+")


def escape(text: str) -> str:
    """`text` shown as written in Markdown and HTML: markup characters backslash-escaped (the
    HTML ones as entities), control characters and line breaks as one blank."""
    text = CONTROL.sub(" ", str(text))
    return MARKUP.sub(lambda m: {"<": "&lt;", ">": "&gt;", "&": "&amp;"}.get(m[1], "\\" + m[1]), text)


def render_report(issues: list[QaIssue], documents: list[dict]) -> str:
    names = {d["doc_id"]: d["source_name"] for d in documents}
    out = ["# QA report", "", f"{len(issues)} finding(s) in {len(documents)} document(s).", ""]
    by_check = Counter(i.check for i in issues)
    if by_check:
        out += ["| check | findings |", "| --- | --- |"]
        out += [f"| {name} | {n} |" for name, n in sorted(by_check.items())]
        out.append("")
    for doc_id in sorted({i.doc_id for i in issues}):
        out += [f"## {escape(names.get(doc_id, doc_id))} (`{doc_id}`)", ""]
        for i in (i for i in issues if i.doc_id == doc_id):
            where = f"page {i.page if i.page is not None else '?'}, lines {i.line_start}–{i.line_end}"
            flag = "**error** " if i.severity == ERROR else ""
            out.append(f"- {flag}**{i.check}** ({where}; {i.table} {i.row_key}): {escape(i.message)}")
        out.append("")
    return "\n".join(out)
