"""Reading parsed YAML/JSON with a location for every error.

A `Fields` wraps one mapping and knows where it is: the file, the record (for example
"tool 'kuma'") and the field path. Every accessor checks the type and range of what it reads
and raises DataError with one sentence such as

    data/tools/kuma.yaml: tool 'kuma': field 'facts.lifecycle.status': 'maintained' is not
    one of active, maintenance, dormant, archived, end-of-support.

Unknown keys are refused, so a misspelt field is reported instead of silently ignored.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from typing import Any, NoReturn

from meshdesk.core.errors import DataError
from meshdesk.core.text import bad_character

DATE_PATTERN = re.compile(r"^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$")
TEXT_MAX = 20_000


def describe(value: Any) -> str:
    """A short, safe rendering of a bad value for an error message."""
    if isinstance(value, str):
        shown = value if len(value) <= 60 else value[:57] + "..."
        return repr(shown)
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "empty"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return repr(value)[:60]


def type_name(value: Any) -> str:
    return {
        bool: "true/false",
        int: "a number",
        float: "a number",
        str: "text",
        list: "a list",
        dict: "a mapping",
        type(None): "empty",
    }.get(type(value), type(value).__name__)


class Fields:
    def __init__(
        self,
        data: Any,
        file: str,
        *,
        record: str = "",
        path: str = "",
        allowed: Iterable[str] | None = None,
        required: Iterable[str] = (),
    ) -> None:
        self.file, self.record, self.path = file, record, path
        if not isinstance(data, dict):
            self.fail(f"should be a mapping of fields, not {type_name(data)}")
        self.data: dict[str, Any] = data
        for key in self.data:
            if not isinstance(key, str):
                self.fail(f"has a field name {describe(key)} that is not text")
        if allowed is not None:
            known = list(allowed)
            unknown = [k for k in self.data if k not in known]
            if unknown:
                self.fail(f"has an unknown field {unknown[0]!r}; known fields: {', '.join(known)}")
        for key in required:
            if key not in self.data:
                self.fail(f"is missing the required field {key!r}", None)

    # --- locations ---------------------------------------------------------------------------
    def _field_path(self, key: str | None) -> str:
        if key is None:
            return self.path
        return f"{self.path}.{key}" if self.path else key

    def location(self, key: str | None = None) -> str:
        parts = [self.file]
        if self.record:
            parts.append(self.record)
        path = self._field_path(key)
        if path:
            parts.append(f"field {path!r}")
        return ": ".join(parts)

    def fail(self, problem: str, key: str | None = None) -> NoReturn:
        raise DataError(f"{self.location(key)}: {problem}.")

    def with_record(self, record: str) -> Fields:
        clone = object.__new__(Fields)
        clone.__dict__.update(self.__dict__)
        clone.record = record
        return clone

    # --- accessors ---------------------------------------------------------------------------
    def has(self, key: str) -> bool:
        return key in self.data and self.data[key] is not None

    def raw(self, key: str, required: bool = True) -> Any:
        if key not in self.data:
            if required:
                self.fail(f"is missing the required field {key!r}", None)
            return None
        return self.data[key]

    def text(
        self,
        key: str,
        *,
        required: bool = False,
        default: str = "",
        non_empty: bool = False,
        max_len: int = TEXT_MAX,
    ) -> str:
        value = self.raw(key, required)
        if value is None:
            if non_empty:
                self.fail("must not be empty", key)
            return default
        if not isinstance(value, str):
            hint = " (put it in quotes)" if isinstance(value, int | float | bool) else ""
            self.fail(f"should be text, not {type_name(value)} {describe(value)}{hint}", key)
        if non_empty and not value.strip():
            self.fail("must not be empty", key)
        if len(value) > max_len:
            self.fail(f"is {len(value)} characters long; the limit is {max_len}", key)
        problem = bad_character(value)
        if problem is not None:
            self.fail(f"contains {problem}", key)
        return value

    def optional_text(self, key: str) -> str | None:
        return self.text(key) if self.has(key) else None

    def number(
        self,
        key: str,
        *,
        lo: float | None = None,
        hi: float | None = None,
        required: bool = False,
        nullable: bool = True,
    ) -> float | None:
        value = self.raw(key, required)
        if value is None:
            if not nullable:
                self.fail("must be a number", key)
            return None
        return self.check_number(value, key, lo, hi)

    def check_number(
        self, value: Any, key: str | None, lo: float | None, hi: float | None
    ) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.fail(f"should be a number, not {type_name(value)} {describe(value)}", key)
        try:
            number = float(value)
        except OverflowError:  # an integer too large for a float
            self.fail(f"{str(value)[:20]}... is far outside the allowed range", key)
        if not math.isfinite(number):
            self.fail(f"{describe(value)} is not a finite number", key)
        if (lo is not None and number < lo) or (hi is not None and number > hi):
            self.fail(f"{number:g} is outside the range {lo:g} to {hi:g}", key)
        return number

    def integer(self, key: str, *, required: bool = False) -> int | None:
        value = self.raw(key, required)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(f"should be a whole number, not {describe(value)}", key)
        return value

    def boolean(self, key: str, default: bool = False) -> bool:
        value = self.raw(key, False)
        if value is None:
            return default
        if not isinstance(value, bool):
            self.fail(f"should be true or false, not {describe(value)}", key)
        return value

    def choice(
        self, key: str, options: Sequence[str], *, required: bool = True, default: str | None = None
    ) -> str:
        value = self.raw(key, required and default is None)
        if value is None:
            if default is None:
                self.fail("must be set", key)
            return default
        if not isinstance(value, str) or value not in options:
            self.fail(f"{describe(value)} is not one of {', '.join(options)}", key)
        return value

    def date(self, key: str, *, required: bool = False) -> str | None:
        value = self.raw(key, required)
        if value is None or (value == "" and not required):
            return None
        if not isinstance(value, str) or not DATE_PATTERN.match(value):
            self.fail(f"{describe(value)} is not a date written YYYY-MM-DD or YYYY-MM", key)
        return value

    def timestamp(self, key: str) -> str:
        value = self.text(key)
        if value:
            try:
                datetime.fromisoformat(value)
            except ValueError:
                self.fail(f"{describe(value)} is not an ISO 8601 date and time", key)
        return value

    def texts(self, key: str, *, max_items: int = 1000) -> tuple[str, ...]:
        value = self.raw(key, False)
        if value is None:
            return ()
        if not isinstance(value, list):
            self.fail(f"should be a list of text, not {type_name(value)}", key)
        if len(value) > max_items:
            self.fail(f"has {len(value)} entries; the limit is {max_items}", key)
        for i, item in enumerate(value):
            if not isinstance(item, str):
                self.fail(f"should be text, not {type_name(item)} {describe(item)}", f"{key}[{i}]")
            problem = bad_character(item)
            if problem is not None:
                self.fail(f"contains {problem}", f"{key}[{i}]")
        return tuple(value)

    def sub(
        self,
        key: str,
        *,
        allowed: Iterable[str] | None = None,
        required: Iterable[str] = (),
        optional: bool = False,
    ) -> Fields | None:
        value = self.raw(key, not optional)
        if value is None and optional:
            return None
        return Fields(
            value,
            self.file,
            record=self.record,
            path=self._field_path(key),
            allowed=allowed,
            required=required,
        )

    def need_sub(
        self, key: str, *, allowed: Iterable[str] | None = None, required: Iterable[str] = ()
    ) -> Fields:
        found = self.sub(key, allowed=allowed, required=required)
        assert found is not None
        return found

    def items(self, key: str, *, required: bool = False, max_items: int | None = None) -> list[Any]:
        value = self.raw(key, required)
        if value is None:
            return []
        if not isinstance(value, list):
            self.fail(f"should be a list, not {type_name(value)}", key)
        if max_items is not None and len(value) > max_items:
            self.fail(f"has {len(value)} entries; the limit is {max_items}", key)
        return value

    def records(
        self,
        key: str,
        *,
        allowed: Iterable[str] | None = None,
        required_fields: Iterable[str] = (),
        required: bool = False,
    ) -> Iterator[Fields]:
        allowed_list = list(allowed) if allowed is not None else None
        required_list = list(required_fields)
        for i, item in enumerate(self.items(key, required=required)):
            yield Fields(
                item,
                self.file,
                record=self.record,
                path=f"{self._field_path(key)}[{i}]",
                allowed=allowed_list,
                required=required_list,
            )

    def mapping(self, key: str, *, required: bool = False) -> dict[str, Any]:
        value = self.raw(key, required)
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.fail(f"should be a mapping, not {type_name(value)}", key)
        for k in value:
            if not isinstance(k, str):
                self.fail(f"has a key {describe(k)} that is not text", key)
        return value
