"""SQLite's search ranking: FTS5's BM25 with column weights (imported on SQLite only, since
modelsearch's SQLite module needs the SQLite index tables)."""

from django.db.models import FloatField, Func
from modelsearch.backends.database.sqlite.query import SQLiteFTSIndexEntry
from modelsearch.backends.database.sqlite.sqlite import SQLiteSearchQueryCompiler

# FTS5 column weights, in the order of modelsearch's table: autocomplete, body, title.
BM25_WEIGHTS = (0.0, 1.0, 2.0)


class WeightedBM25(Func):
    output_field = FloatField()

    def as_sql(self, compiler, connection, **extra_context):
        weights = ", ".join(str(w) for w in BM25_WEIGHTS)
        return f"bm25({SQLiteFTSIndexEntry._meta.db_table}, {weights})", []


class TitleWeightedCompiler(SQLiteSearchQueryCompiler):
    def _build_rank_expression(self, vectors, config):
        return WeightedBM25()
