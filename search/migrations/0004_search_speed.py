"""Search speed (issue 16): TRL as a range, and the ranking's input stored per document.

PostgreSQL only, like 0003 (SQLite keeps plain columns for the embedded backend):

- `trl_low` / `trl_high` replace the TRL tokens in `facet_tokens`: a service spans up to
  nine levels, so they were most of the tokens every search unnests to count facets.
  Existing rows get their range from their tokens here, so no rebuild is needed.
- `lexeme_weights`: for each lexeme of `vector`, 2^20 x its title (A) positions + its body
  (B) positions (left out when that is 1, a single body position: most lexemes). For a query whose concepts are single lexemes OR-ed together, every
  cover of `ts_rank_cd` is one position, so its rank is A + 0.4 x B: the backend sums
  these numbers instead of running `ts_rank_cd`, which cost ~3-10 us per matching row.
  The vector holds A and B weights only (see 0003), so the two counts are all it needs.
"""

from django.db import migrations, models

VECTOR = (
    "setweight(to_tsvector('simple'::regconfig, title_concepts), 'A')"
    " || setweight(to_tsvector('simple'::regconfig, concepts), 'B')"
)
TRL_TOKEN = "(?:^| )trl:([0-9]+)(?= |$)"

POSTGRES_FORWARD = [
    "DROP INDEX IF EXISTS search_doc_facets_gin",
    "ALTER TABLE search_searchdocument DROP COLUMN facet_tokens",
    "ALTER TABLE search_searchdocument ADD COLUMN facet_tokens text[] GENERATED ALWAYS AS ("
    " array_remove(string_to_array("
    "regexp_replace(facets, '(^| )trl:[^ ]*', '', 'g'), ' '), '')) STORED",
    "ALTER TABLE search_searchdocument ALTER COLUMN facet_tokens SET STORAGE MAIN",
    "CREATE INDEX search_doc_facets_gin ON search_searchdocument USING gin (facet_tokens)"
    " WITH (fastupdate = off)",
    # IMMUTABLE for the generated column: it reads nothing but its argument. A lexeme
    # with one body position and none in the title (most of them: 2^20 x 0 + 1 = 1) is
    # left out: the backend reads 1 for a lexeme the vector has and the map lacks, so the
    # map is a third of the size. NULL past 150 entries (the backend ranks those
    # documents with ts_rank_cd), so the map (~25 bytes an entry) always fits in the row
    # uncompressed (PLAIN): read in place, ~0.1 us a lookup, where a compressed map is
    # decompressed again for every lookup.
    "CREATE FUNCTION search_lexeme_weights(vector tsvector) RETURNS jsonb"
    " LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$"
    " SELECT CASE WHEN count(*) FILTER (WHERE code <> 1) <= 150 THEN"
    " coalesce(jsonb_object_agg(lexeme, code) FILTER (WHERE code <> 1), '{}'::jsonb) END"
    " FROM (SELECT lexeme, 1048576 * cardinality(array_positions(weights, 'A'))"
    " + cardinality(array_positions(weights, 'B')) AS code FROM unnest(vector)) s $$",
    "ALTER TABLE search_searchdocument ADD COLUMN lexeme_weights jsonb GENERATED ALWAYS AS ("
    f" search_lexeme_weights({VECTOR})) STORED",
    "ALTER TABLE search_searchdocument ALTER COLUMN lexeme_weights SET STORAGE PLAIN",
    # Last, as it rewrites every row: the storage above applies to values written from
    # now on (ADD COLUMN wrote them TOASTed out of line), and generated columns are only
    # computed again when a column they read is set. Each row also gets its TRL range from
    # the tokens it already holds (the builders give one run of levels).
    "UPDATE search_searchdocument d SET title_concepts = title_concepts, facets = facets,"
    f" trl_low = (SELECT min(t[1]::int) FROM regexp_matches(d.facets, '{TRL_TOKEN}', 'g') t),"
    f" trl_high = (SELECT max(t[1]::int) FROM regexp_matches(d.facets, '{TRL_TOKEN}', 'g') t)",
]
POSTGRES_BACKWARD = [
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS lexeme_weights",
    "DROP FUNCTION IF EXISTS search_lexeme_weights(tsvector)",
    "DROP INDEX IF EXISTS search_doc_facets_gin",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS facet_tokens",
    "ALTER TABLE search_searchdocument ADD COLUMN facet_tokens text[] GENERATED ALWAYS AS ("
    " string_to_array(facets, ' ')) STORED",
    "ALTER TABLE search_searchdocument ALTER COLUMN facet_tokens SET STORAGE MAIN",
    "CREATE INDEX search_doc_facets_gin ON search_searchdocument USING gin (facet_tokens)"
    " WITH (fastupdate = off)",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0003_search_documents"),
    ]

    operations = [
        migrations.AddField(
            model_name="searchdocument",
            name="trl_low",
            field=models.PositiveSmallIntegerField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="searchdocument",
            name="trl_high",
            field=models.PositiveSmallIntegerField(blank=True, null=True),
        ),
        migrations.RunPython(_run(POSTGRES_FORWARD), _run(POSTGRES_BACKWARD)),
    ]
