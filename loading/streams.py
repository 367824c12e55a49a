"""StreamField content from the data file, checked by the field's own blocks.

The file writes a body as a list of one-key mappings (``- paragraph: …``, ``- quote: {text:
…}``). ``KINDS`` maps each key to the block it becomes and a function giving the block's raw
value (text to HTML, slugs to ids); which kinds a field takes follows from its StreamBlock's
children. The raw value is then run through the block's own ``to_python`` and ``clean``, so a
wrong shape fails here with the place in the file, and the shape is never written down twice.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.html import escape
from wagtail import blocks

from .context import LoadContext
from .schema import PlanDataError, source_of

_LINK = re.compile(r"\[([^\]]+)\]\((https?://[^)\s]+)\)")
LINK_HTML = r'<a href="\2">\1</a>'


def paragraphs(text: str) -> str:
    """Plain text to rich-text HTML: blank lines separate paragraphs, ``[text](https://…)``
    is a link."""
    parts = [p.strip() for p in text.split("\n\n") if p.strip()]
    return "".join(f"<p>{_LINK.sub(LINK_HTML, escape(p))}</p>" for p in parts)


Convert = Callable[[Any, LoadContext, str], Any]


@dataclass(frozen=True)
class Kind:
    """A kind of item in the data file: the block it becomes, the type the file gives it in,
    and the function from the file's value (at a place) to the block's raw value."""

    block: str
    data: type
    convert: Convert


def same(value: Any, ctx: LoadContext, where: str) -> Any:
    return value


def with_paragraphs(key: str) -> Convert:
    """The mapping with its plain text at ``key`` turned into rich text."""

    def convert(value: dict, ctx: LoadContext, where: str) -> dict:
        text = value.get(key) or ""
        if not isinstance(text, str):
            raise PlanDataError(f"{where}.{key}: expected str, got {text!r}")
        return {**value, key: paragraphs(text)}

    return convert


def with_source(value: dict, ctx: LoadContext, where: str) -> dict:
    """A mapping whose ``source`` is written as one line in the file."""
    return {**value, "source": source_of(value.get("source"), f"{where}.source")}


def step(value: dict, ctx: LoadContext, where: str) -> dict:
    """A step: its text to rich text, its source parsed."""
    return with_source(with_paragraphs("text")(value, ctx, where), ctx, where)


def inheriting(items: list, source: str, kinds: tuple[str, ...] = ()) -> list:
    """``items`` with ``source`` filled in where an item leaves it out: every item of a stream
    of one kind, or the items of ``kinds`` in a body (``- notice: {…}``)."""
    if not kinds:
        return [{"source": source, **item} if isinstance(item, dict) else item for item in items]
    return [
        {
            key: {"source": source, **value} if key in kinds and isinstance(value, dict) else value
            for key, value in item.items()
        }
        if isinstance(item, dict)
        else item
        for item in items
    ]


def _paragraph(value: str, ctx: LoadContext, where: str) -> str:
    return paragraphs(value)


def _bullet_list(value: list, ctx: LoadContext, where: str) -> str:
    if not all(isinstance(item, str) for item in value):
        raise PlanDataError(f"{where}: expected a list of strings")
    return "<ul>" + "".join(f"<li>{escape(item)}</li>" for item in value) + "</ul>"


def _help_service(value: dict, ctx: LoadContext, where: str) -> dict:
    return {**value, "service": ctx.ref("service", value.get("service"), where).pk}


def _provision(value: str, ctx: LoadContext, where: str) -> dict:
    return {"provision": ctx.ref("legal provision", value, where).pk}


# The kinds of a page's body; each page type takes those its StreamBlock has a block for.
BODY_KINDS = {
    "paragraph": Kind("paragraph", str, _paragraph),
    "list": Kind("paragraph", list, _bullet_list),
    "heading": Kind("heading", str, same),
    "quote": Kind("quote", dict, same),
    "notice": Kind("notice", dict, step),
    "provision": Kind("provision", str, _provision),
    "help_service": Kind("help_service", dict, _help_service),
    "directory_link": Kind("directory_link", dict, same),
    "emergency_numbers": Kind("emergency_numbers", dict, same),
}
_TYPE_NAMES = {str: "str", list: "a list", dict: "a mapping"}


def stream_of_kinds(
    ctx: LoadContext,
    model: type,
    field: str,
    items: list[dict],
    where: str,
    kinds: dict[str, Kind] = BODY_KINDS,
) -> str:
    """``model.field``'s stored form from items that each name their kind: ``- kind: value``."""
    stream_block = model._meta.get_field(field).stream_block
    allowed = {key: kind for key, kind in kinds.items() if kind.block in stream_block.child_blocks}
    converted = []
    for i, item in enumerate(items):
        at = f"{where}[{i}]"
        if len(item) != 1 or not set(item) <= set(allowed):
            raise PlanDataError(f"{at}: expected exactly one of {', '.join(allowed)}")
        [(key, value)] = item.items()
        converted.append(_convert(ctx, allowed[key], value, f"{at}.{key}"))
    return _stream(stream_block, converted)


def stream_of(
    ctx: LoadContext, model: type, field: str, kind: Kind, items: list[Any], where: str
) -> str:
    """``model.field``'s stored form from items all of one kind (steps, phone numbers …)."""
    stream_block = model._meta.get_field(field).stream_block
    converted = [_convert(ctx, kind, item, f"{where}[{i}]") for i, item in enumerate(items)]
    return _stream(stream_block, converted)


def _convert(ctx: LoadContext, kind: Kind, value: Any, where: str) -> tuple[str, Any, str]:
    if not isinstance(value, kind.data):
        raise PlanDataError(f"{where}: expected {_TYPE_NAMES[kind.data]}, got {value!r}")
    return kind.block, kind.convert(value, ctx, where), where


def _stream(stream_block: blocks.StreamBlock, items: list[tuple[str, Any, str]]) -> str:
    return json.dumps(
        [
            {"type": name, "value": block_value(stream_block.child_blocks[name], raw, where)}
            for name, raw, where in items
        ]
    )


def block_value(block: blocks.Block, raw: Any, where: str) -> Any:
    """``raw`` as ``block`` stores it, after the block's own validation.

    What is stored is the raw value as given (not the cleaned one, which strips text), so a
    page loaded before compares equal.
    """
    value = block.to_python(_complete(block, raw, where))
    with translation.override("en"):
        try:
            block.clean(value)
        except ValidationError as exc:
            raise PlanDataError(f"{where}{_describe(exc)}") from None
    return block.get_prep_value(value)


def _complete(block: blocks.Block, raw: Any, where: str) -> Any:
    """``raw`` checked against the block's shape; a struct's child the file leaves out gets the
    block's default, or blank text, as an editor's empty field is stored."""
    if isinstance(block, blocks.StructBlock):
        if not isinstance(raw, dict):
            raise PlanDataError(f"{where}: expected a mapping, got {type(raw).__name__}")
        unknown = sorted(set(raw) - set(block.child_blocks))
        if unknown:
            expected = ", ".join(block.child_blocks)
            raise PlanDataError(f"{where}.{unknown[0]}: unknown field; expected {expected}")
        return {
            name: _complete(child, raw[name], f"{where}.{name}") if name in raw else _blank(child)
            for name, child in block.child_blocks.items()
        }
    if isinstance(raw, dict | list):
        raise PlanDataError(f"{where}: expected a single value, got {type(raw).__name__}")
    return raw


def _blank(block: blocks.Block) -> Any:
    default = block.get_default()
    return "" if default is None else default


def _describe(error: ValidationError) -> str:
    """The first problem of a block's validation error, with the child it is in."""
    block_errors = getattr(error, "block_errors", None)
    if block_errors:
        name, inner = next(iter(block_errors.items()))
        return f".{name}{_describe(inner)}"
    if all(getattr(e, "code", None) == "required" for e in error.error_list):
        return ": required"
    return ": " + " ".join(error.messages).rstrip(".")
