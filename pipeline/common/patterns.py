"""Regular expressions shared by several stages, each named and shown with an example."""
from typing import cast

import regex as re

# A UN document symbol: "CTOC/COP/2022/9", "CTOC/COP/WG.2/2022/4", "A/RES/76/185",
# "CTOC/COP/2022/L.9/Rev.1", "E/2022/27", "A/CONF.192/15", "A/L.632" (a draft of the plenary).
SYMBOL = re.compile(
    r"\b(?:[A-Z]{1,6}(?:\.\d+)?/)+(?:[A-Z]{1,5}(?:\.\d+)?/)*(?:\d+|L\.\d+)(?:/(?:[A-Z][A-Za-z]{0,4}\.?\d+|\d+))*"
)

# A UN job number as printed in footers, in the forms of each duty station:
#   Vienna      "V.22-25156", "V2225156"
#   New York    "23-25976", older "N2512345", "N0551234"
#   Geneva      "GE.23-12345"
#   Nairobi     "K2312345"
_JOB = r"(?:(?:V|GE|K|N)\.?\d{2}-?\d{5}|\d{2}-\d{5})"
JOB_NUMBER = re.compile(rf"(?<![\w./-]){_JOB}(?![\w/-])")

# A footer line: "V.22-25156 12/56", "23/56 V.22-25156", "2/28 23-25976" (page n of N, either side).
FOOTER_LINE = re.compile(
    rf"^\s*(?:(?P<job>{_JOB})(?:\s*\([A-Z]\))?\s+(?P<page>\d{{1,4}})/(?P<total>\d{{1,4}})"
    rf"|(?P<page2>\d{{1,4}})/(?P<total2>\d{{1,4}})\s+(?P<job2>{_JOB}))\s*$"
)

# A running header line: only a document symbol, "CTOC/COP/2022/9".
HEADER_LINE = re.compile(r"^\s*(?P<symbol>[A-Z]{1,6}(?:/[A-Za-z0-9.]+){2,})\s*$")

# The rule above a footnote block in extracted text: "__________________".
FOOTNOTE_RULE_LINE = re.compile(r"^\s*_{5,}\s*$")

# The first line of a footnote: " 3 CTOC/COP/WG.3/2021/3, paras. 2–4." (number, blanks, text;
# never a period after the number, which would be a numbered paragraph).
FOOTNOTE_START = re.compile(r"^\s*(?P<number>\d{1,3})(?!\d)(?![.)])\s+(?P<text>\S.*)$")

# The first line of a footnote where the zone is known to be a footnote area, so that a period
# after the number is allowed: " 3 CTOC/COP/WG.3/2021/3, paras. 2–4.", "3. CTOC/COP/WG.3/2021/3".
FOOTNOTE_AREA_START = re.compile(r"^\s*(?P<number>\d{1,3})(?!\d)(?:\.(?=\s))?\s+(?P<text>\S.*)$")

# A hyperlink alone on a line: "http://undocs.org/A/RES/76/185".
URL_LINE = re.compile(r"^\s*(?P<url>https?://\S+)\s*$")
URL = re.compile(r"https?://\S+")

# The most digits a count or an ordinal is read with: a longer run of digits ("the
# 82312355659213373973952031st meeting", "by 82312355659213373973952031 votes") is no number,
# and would not fit the tables' 64-bit integers.
MAX_DIGITS = 12

# Ordinal words as used for sessions and meetings: "eleventh", "twenty-first".
_UNITS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"]
_TEENS = ["tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
          "seventeenth", "eighteenth", "nineteenth"]
_TENS = {"twent": 20, "thirt": 30, "fort": 40, "fift": 50}


def ordinal_value(word: str) -> int | None:
    """'eleventh' -> 11, 'twenty-first' -> 21, '3rd' -> 3; None when not an ordinal."""
    w = word.lower().strip()
    m = re.fullmatch(rf"(\d{{1,{MAX_DIGITS}}})(?:st|nd|rd|th)", w)
    if m:
        return int(m.group(1))
    if w in _UNITS:
        return _UNITS.index(w) + 1
    if w in _TEENS:
        return _TEENS.index(w) + 10
    for stem, value in _TENS.items():
        if w == stem + "ieth":
            return value
        if w.startswith(stem + "y-"):
            rest = w[len(stem) + 2:]
            if rest in _UNITS:
                return value + _UNITS.index(rest) + 1
    return None


# An ordinal word, for use inside larger patterns: "eleventh", "twenty-first", "1st".
ORDINAL = (
    rf"(?:(?<!\d)\d{{1,{MAX_DIGITS}}}(?:st|nd|rd|th)|(?:(?:twenty|thirty|forty|fifty)-)?(?:first|second"
    r"|third|fourth|fifth|sixth|seventh|eighth|ninth)|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth"
    r"|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|thirtieth|fortieth|fiftieth)"
)

MONTHS = ("January February March April May June July August September October November "
          "December").split()
MONTH = r"(?:" + "|".join(MONTHS) + r")"

# Cardinal numbers in words, as counts are written: "Fifty-eight", "one hundred and twenty-one".
UNIT_WORDS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen "
              "fourteen fifteen sixteen seventeen eighteen nineteen").split()
TEN_WORDS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
_DIGIT = "(?:one|two|three|four|five|six|seven|eight|nine)"
_BELOW_100 = rf"(?:(?:{'|'.join(TEN_WORDS)})(?:-{_DIGIT})?|{'|'.join(reversed(UNIT_WORDS))})"
# A count in digits or words: "63", "Fifty-eight", "one hundred and twenty-one".
NUMBER = (rf"(?:(?<!\d)\d{{1,{MAX_DIGITS}}}(?!\d)"
          rf"|(?i:\b(?:{_DIGIT}\s+hundred(?:\s+(?:and\s+)?{_BELOW_100})?|{_BELOW_100})\b))")
# A count in digits, with or without thousands separators: "63", "1,500".
DIGITS_COUNT = rf"\d{{1,3}}(?:,\d{{3}}){{1,{MAX_DIGITS // 3 - 1}}}|\d{{1,{MAX_DIGITS}}}"


def number_value(text: str) -> int | None:
    """'63' -> 63, '1,500' -> 1500, 'Fifty-eight' -> 58, 'one hundred and twenty-one' -> 121,
    'two thousand' -> 2000, 'a' -> 1; None when not a cardinal number (or more than
    MAX_DIGITS digits)."""
    words = text.lower().replace("-", " ").replace(" and ", " ").split()
    if len(words) == 1 and re.fullmatch(DIGITS_COUNT, words[0]):
        return int(words[0].replace(",", ""))
    if words in (["a"], ["an"]):
        return 1
    if not words:
        return None
    total = current = 0
    for word in words:
        if word in UNIT_WORDS:
            current += UNIT_WORDS.index(word)
        elif word in TEN_WORDS:
            current += 20 + 10 * TEN_WORDS.index(word)
        elif word == "hundred":
            current = max(current, 1) * 100
        elif word == "thousand":
            total, current = total + max(current, 1) * 1000, 0
        else:
            return None
    return total + current


def matched_number(text: str) -> int:
    """The value of a count that `NUMBER` (or "a", "an") matched."""
    return cast(int, number_value(text))    # number_value reads every count NUMBER matches


def matched_ordinal(word: str) -> int:
    """The value of an ordinal that `ORDINAL` matched."""
    return cast(int, ordinal_value(word))   # ordinal_value reads every ordinal ORDINAL matches
