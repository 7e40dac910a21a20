"""Dutch full-text search: SQLite FTS5 locally, PostgreSQL full-text search with the 'dutch'
configuration in production. Both index and query the same text stemmed in Python (Snowball,
Dutch), so the two databases find the same articles; PostgreSQL then applies its Dutch
configuration (stop words, accents) on top, to index and query alike. Words match by prefix
after stemming, so 'loverboys', 'bedenktijden' and 'Bibob-toets' find their articles."""

from __future__ import annotations

import re
from functools import lru_cache

import snowballstemmer
from django.db import connection
from django.db.models import F, Value

from kompas.kennisbank.models import Artikel

WOORD = re.compile(r"[0-9a-zà-ÿ]+", re.IGNORECASE)


@lru_cache(maxsize=1)
def _stemmer():
    return snowballstemmer.stemmer("dutch")


def woorden(tekst: str) -> list[str]:
    """Lower-case words; an English plural of a loanword ('loverboys') loses its -s, which
    the Dutch Snowball stemmer leaves alone."""
    uit = []
    for w in WOORD.findall(tekst.lower()):
        if len(w) > 4 and w.endswith("ys"):
            w = w[:-1]
        uit.append(w)
    return uit


def stammen(tekst: str) -> str:
    return " ".join(_stemmer().stemWords(woorden(tekst)))


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def fts_aanmaken(schema_editor=None) -> None:
    """The FTS5 table (SQLite only); PostgreSQL uses the tsvector column with a GIN index."""
    conn = schema_editor.connection if schema_editor else connection
    if conn.vendor != "sqlite":
        return
    with conn.cursor() as c:
        c.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS kennisbank_zoekindex "
            "USING fts5(titel, tekst, tokenize='unicode61 remove_diacritics 2')"
        )


def indexeren(artikel) -> None:
    """Put one article in the index (replacing what was there)."""
    if is_postgres():
        from django.contrib.postgres.search import SearchVector

        type(artikel).objects.filter(pk=artikel.pk).update(
            zoekvector=SearchVector(Value(stammen(artikel.titel)), weight="A", config="dutch")
            + SearchVector(Value(stammen(f"{artikel.samenvatting} {artikel.inhoud}")), weight="B", config="dutch")
        )
        return
    with connection.cursor() as c:
        c.execute("DELETE FROM kennisbank_zoekindex WHERE rowid = %s", [artikel.pk])
        c.execute(
            "INSERT INTO kennisbank_zoekindex (rowid, titel, tekst) VALUES (%s, %s, %s)",
            [artikel.pk, stammen(artikel.titel), stammen(f"{artikel.samenvatting} {artikel.inhoud}")],
        )


def verwijderen(pk: int) -> None:
    if not is_postgres():
        with connection.cursor() as c:
            c.execute("DELETE FROM kennisbank_zoekindex WHERE rowid = %s", [pk])


def zoek_ids(q: str, limit: int = 200) -> list[int]:
    """Article ids for query ``q``, best first (every word must match, by prefix)."""
    ws = woorden(q)
    if not ws:
        return []
    if is_postgres():
        from django.contrib.postgres.search import SearchQuery, SearchRank

        query = SearchQuery(" & ".join(f"{s}:*" for s in _stemmer().stemWords(ws)), config="dutch", search_type="raw")
        return list(
            Artikel.objects.filter(zoekvector=query)
            .annotate(rank=SearchRank(F("zoekvector"), query, cover_density=True))
            .order_by("-rank", "titel")
            .values_list("pk", flat=True)[:limit]
        )
    match = " AND ".join(f'"{s}"*' for s in _stemmer().stemWords(ws))
    with connection.cursor() as c:
        c.execute(
            "SELECT rowid FROM kennisbank_zoekindex WHERE kennisbank_zoekindex MATCH %s "
            "ORDER BY bm25(kennisbank_zoekindex, 5.0, 1.0) LIMIT %s",
            [match, limit],
        )
        return [row[0] for row in c.fetchall()]
