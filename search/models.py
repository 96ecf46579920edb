from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.validators import validate_single_line


class SavedSearch(models.Model):
    """A search a user named and keeps; notifications will report its new hits."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_searches"
    )
    name = models.CharField(_("name"), max_length=120, validators=[validate_single_line])
    query_string = models.CharField(_("search"), max_length=2000)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("saved search")
        verbose_name_plural = _("saved searches")
        constraints = [
            models.UniqueConstraint(fields=["user", "name"], name="uniq_saved_search_name")
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return f"{reverse('search')}?{self.query_string}"


class IndexAction(models.TextChoices):
    UPSERT = "upsert", _("Index")
    DELETE = "delete", _("Remove")


class IndexOutbox(models.Model):
    """Work for the search index, written in the transaction that changed the row.

    A task sends it after commit; a periodic sweep sends what a missing broker or a
    search outage left behind. Rows are deleted once Elasticsearch accepted them.
    """

    doc_type = models.CharField(max_length=16)
    object_id = models.BigIntegerField()
    action = models.CharField(max_length=8, choices=IndexAction.choices, default=IndexAction.UPSERT)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("search index update")
        verbose_name_plural = _("search index updates")

    def __str__(self) -> str:
        return f"{self.action} {self.doc_type}:{self.object_id}"


class SearchDocument(models.Model):
    """One need, service or organisation as the database search sees it.

    Written in the transaction that changed the row (`search.store.document_refresh`),
    so a save is searchable at once. On PostgreSQL the migration adds generated columns
    that PostgreSQL keeps in step: `vector` (a tsvector of `title_concepts` and
    `concepts` in the 'simple' configuration: the engine's lemmas and translations, not
    PostgreSQL's stemmer), `facet_tokens` (`facets` as an array, TRL left to `trl_low` and
    `trl_high`), each with a GIN index, `lexeme_weights` (per lexeme of `vector`, its
    positions by weight, a single body position left out: the ranking's input, read
    without `ts_rank_cd`), plus a trigram
    index on the title for autocomplete. A row that left search keeps a
    tombstone (`present=False`) so processes holding an in-memory index learn it went.
    """

    doc_type = models.CharField(max_length=16)
    object_id = models.BigIntegerField()
    present = models.BooleanField(default=True)
    # Visible to an anonymous visitor (the pages' own rule, asked at write time): searches
    # skip the permission subqueries for these; the hits shown are checked again live.
    public = models.BooleanField(default=False)
    title = models.TextField(blank=True)
    body = models.TextField(blank=True)
    concepts = models.TextField(blank=True)
    title_concepts = models.TextField(blank=True)
    # "facet:value" tokens separated by spaces (values never hold spaces).
    facets = models.TextField(blank=True)
    # The TRL facet as its range (a document's levels are always one run, low to high):
    # two numbers to count and filter instead of up to nine tokens per document.
    trl_low = models.PositiveSmallIntegerField(null=True, blank=True)
    trl_high = models.PositiveSmallIntegerField(null=True, blank=True)
    sort_date = models.CharField(max_length=40, blank=True)
    # The flat document (search.documents) and, per word of the body, its concepts: the
    # snippet marks matches without analysing words at query time.
    data = models.JSONField(default=dict)
    marks = models.JSONField(default=dict)
    changed_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")
        constraints = [
            models.UniqueConstraint(fields=["doc_type", "object_id"], name="uniq_search_document")
        ]

    def __str__(self) -> str:
        return f"{self.doc_type}:{self.object_id}"
