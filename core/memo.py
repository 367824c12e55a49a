"""Results remembered while one piece of work renders many pages from one view of the database.

The public export renders thousands of pages in one snapshot; a guide's table of contents, the
same for each of its pages, is then worked out once instead of once a page. Outside
``remembering()`` (a request, a test) nothing is remembered and ``remembered`` just computes.

A result that is used again counts as reading its rows again: ``rows_reused`` is sent with the
model instances it was made from, so that what notes the rows a page reads
(``public_site.sources.recording``, through Django's ``post_init``) notes them for every page
that uses the result, not only for the first.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeVar

from django.db.models import Model
from django.db.models.signals import post_init
from django.dispatch import Signal

T = TypeVar("T")

_scope: ContextVar[dict[Hashable, tuple[object, list[Model]]] | None] = ContextVar(
    "intranet_memo", default=None
)
# Sent with instances=[...] when a remembered result is used again.
rows_reused = Signal()


@contextmanager
def remembering() -> Iterator[None]:
    """Remember ``remembered`` results until the block ends (one view of the database)."""
    token = _scope.set({})
    try:
        yield
    finally:
        _scope.reset(token)


def remembered(key: Hashable, compute: Callable[[], T]) -> T:
    """``compute()``, or inside ``remembering()`` its result for ``key`` from an earlier call."""
    scope = _scope.get()
    if scope is None:
        return compute()
    if key in scope:
        value, made_from = scope[key]
        rows_reused.send(sender=remembered, instances=made_from)
        return value  # type: ignore[return-value]
    instances: list[Model] = []

    def made(sender, instance, **kwargs) -> None:
        instances.append(instance)

    post_init.connect(made, weak=False)
    try:
        value = compute()
    finally:
        post_init.disconnect(made)
    scope[key] = (value, instances)
    return value
