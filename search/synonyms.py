"""Domain terms written differently across Finnish, Swedish, English and jargon.

Both backends read text the same way before synonyms apply: `CHAR_MAPPINGS` first
("R&D" -> "RD", "T&K-palvelut" -> "TK-palvelut"), then words split at anything that is not
a letter or digit, as Elasticsearch's standard tokenizer does ("tk", "palvelut").
Elasticsearch gets the groups as a search-time synonym graph over those tokens; the
embedded backend adds a mentioned group's other spellings to the text it analyses.
"""

import re

SYNONYM_GROUPS: list[list[str]] = [
    ["tki", "t&k", "r&d", "fou", "research and development", "tutkimus ja kehitys"],
    ["kiertotalous", "circular economy", "cirkulär ekonomi"],
    ["innovaatioseteli", "innovation voucher", "innovationscheck"],
    ["eakr", "erdf", "eruf"],
    ["pk-yritys", "sme", "små och medelstora företag"],
    ["opinnäytetyö", "thesis", "examensarbete"],
]

# Applied before tokenizing, in the index's char filter and in `tokens()` alike.
CHAR_MAPPINGS: dict[str, str] = {"&": ""}

_TOKEN = re.compile(r"[^\W_]+")


def normalise(text: str) -> str:
    for source, target in CHAR_MAPPINGS.items():
        text = text.replace(source, target)
    return text


def tokens(text: str) -> list[str]:
    """The words the index's synonym field holds for a text."""
    return _TOKEN.findall(normalise(text).lower())


def elasticsearch_char_mappings() -> list[str]:
    return [f"{source}=>{target}" for source, target in CHAR_MAPPINGS.items()]


def elasticsearch_rules() -> list[str]:
    """The groups in analysed form, so a rule reads exactly like the tokens it meets."""
    return [", ".join(" ".join(tokens(term)) for term in group) for group in SYNONYM_GROUPS]


def expand(text: str) -> str:
    """The text plus the other spellings of any group whose term it contains as words."""
    padded = f" {' '.join(tokens(text))} "
    extra = [
        term
        for group in SYNONYM_GROUPS
        if any(f" {' '.join(tokens(member))} " in padded for member in group)
        for term in group
    ]
    return " ".join([text, *extra])
