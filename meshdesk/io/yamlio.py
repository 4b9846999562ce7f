"""Safe YAML reading with predictable types.

PyYAML follows YAML 1.1, where `yes`, `no`, `on` and `off` become booleans and `2026-11-27`
becomes a date. For hand-edited data files that is a trap (a feature value "no" turning into
False), so this loader keeps only `true`/`false` as booleans and leaves dates as text. It uses
the C parser when available; either way it is a SafeLoader (no Python objects, no code).
"""

from __future__ import annotations

import os
import re
from typing import Any

import yaml

from meshdesk.core.errors import DataError
from meshdesk.io.guards import DATA_FILE_MAX_BYTES, decode_utf8, read_limited

_Base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _DataLoader(_Base):  # type: ignore[misc]
    """SafeLoader with YAML 1.2-like booleans, no implicit timestamps, no duplicate keys."""

    def construct_mapping(self, node: Any, deep: bool = False) -> Any:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            if isinstance(key, str) and key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"the key {key!r} appears twice in one mapping", key_node.start_mark
                )
            if isinstance(key, str):
                seen.add(key)
        return super().construct_mapping(node, deep)


_DataLoader.yaml_implicit_resolvers = {
    first: [
        (tag, regexp)
        for tag, regexp in resolvers
        if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp")
    ]
    for first, resolvers in _Base.yaml_implicit_resolvers.items()
}
_DataLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def parse_yaml(text: str, file: str | os.PathLike[str]) -> Any:
    try:
        return yaml.load(text, Loader=_DataLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        raise DataError(f"{file}: is not valid YAML{where}: {exc.problem}.") from None
    except yaml.YAMLError as exc:
        raise DataError(f"{file}: is not valid YAML: {exc}.") from None


def load_yaml_file(
    path: str | os.PathLike[str], what: str, limit: int = DATA_FILE_MAX_BYTES
) -> Any:
    """Parse a YAML (or JSON, which is YAML) file of at most `limit` bytes."""
    return parse_yaml(decode_utf8(read_limited(path, limit, what), path), path)
