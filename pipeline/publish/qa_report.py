"""qa_report.md: the QA findings for a reader, with every string from a document or a file
name escaped (file names, messages that quote the text), so that `<img onerror=…>` or
`[x](javascript:…)` is shown as written and never rendered as HTML or a link.  Check names,
tables and row keys are the pipeline's own words and numbers."""
from __future__ import annotations

from collections import Counter

import regex as re

from pipeline.validate.qa import CATEGORIES, ERROR, INFO, SEVERITIES, WARNING, QaIssue

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
    """The findings of each document grouped by severity, then class, each with its place
    (page, lines, table row), what was found and the sentence quoted."""
    names = {d["doc_id"]: d["source_name"] for d in documents}
    out = ["# QA report", "", f"{len(issues)} finding(s) in {len(documents)} document(s).", ""]
    counts = Counter((i.severity, i.category, i.check) for i in issues)
    if counts:
        out += ["| severity | class | check | findings |", "| --- | --- | --- | --- |"]
        out += [f"| {sev} | {cat} | {name} | {n} |" for (sev, cat, name), n in
                sorted(counts.items(), key=lambda kv: (SEVERITIES.index(kv[0][0]), CATEGORIES.index(kv[0][1]), kv[0][2]))]
        out.append("")
    for doc_id in sorted({i.doc_id for i in issues}):
        out += [f"## {escape(names.get(doc_id, doc_id))} (`{doc_id}`)", ""]
        mine = [i for i in issues if i.doc_id == doc_id]
        for severity in SEVERITIES:
            of_severity = [i for i in mine if i.severity == severity]
            if of_severity:
                out += [f"### {HEADINGS[severity]} ({len(of_severity)})", ""]
            for category in CATEGORIES:
                found = [i for i in of_severity if i.category == category]
                if found:
                    out += [f"#### {category} ({len(found)})", ""]
                    out += [_finding(i) for i in found] + [""]
    return "\n".join(out)


HEADINGS = {ERROR: "Errors", WARNING: "Warnings", INFO: "Information"}


def _finding(i: QaIssue) -> str:
    where = f"page {i.page if i.page is not None else '?'}, lines {i.line_start}–{i.line_end}"
    quote = f" — “{escape(i.quote)}”" if i.quote else ""
    return f"- **{i.check}** ({where}; {i.table} {escape(i.row_key)}): {escape(i.message)}{quote}"
