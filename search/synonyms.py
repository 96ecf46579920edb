"""Domain terms written differently across Finnish, Swedish, English and jargon.

Elasticsearch gets them as a search-time synonym graph; the embedded backend expands a
query with every member of a group the query mentions.
"""

SYNONYM_GROUPS: list[list[str]] = [
    ["tki", "t&k", "r&d", "fou", "research and development", "tutkimus ja kehitys"],
    ["kiertotalous", "circular economy", "cirkulär ekonomi"],
    ["innovaatioseteli", "innovation voucher", "innovationscheck"],
    ["eakr", "erdf", "eruf"],
    ["pk-yritys", "sme", "små och medelstora företag"],
    ["opinnäytetyö", "thesis", "examensarbete"],
]


def elasticsearch_rules() -> list[str]:
    return [", ".join(group) for group in SYNONYM_GROUPS]


def expand(text: str) -> str:
    """The query plus the other spellings of any group it mentions."""
    lowered = f" {text.lower()} "
    extra = [
        term
        for group in SYNONYM_GROUPS
        if any(f" {member} " in lowered or f" {member}" in lowered for member in group)
        for term in group
    ]
    return " ".join([text, *extra])
