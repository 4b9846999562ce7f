"""Safe YAML reading with predictable types.

PyYAML follows YAML 1.1, where `yes`, `no`, `on` and `off` become booleans and `2026-11-27`
becomes a date. For hand-edited data files that is a trap (a feature value "no" turning into
False), so this loader keeps only `true`/`false` as booleans and leaves dates as text. It uses
the C parser when available; either way it is a SafeLoader (no Python objects, no code).

Aliases (`*name`) are refused before anything is built: a 405-byte file of nested aliases
expands to gigabytes ("billion laughs"), and MeshDesk's data files have no use for them. Merge
keys (`<<:`) are refused with a sentence too. Nesting deeper than MAX_DEPTH is refused.
"""

from __future__ import annotations

import os
import re
from typing import Any

import yaml

from meshdesk.core.errors import DataError
from meshdesk.io.guards import DATA_FILE_MAX_BYTES, decode_utf8, read_limited

_Base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


MAX_DEPTH = 100  # collections inside collections; the real files need about 6
_MERGE_TAG = "tag:yaml.org,2002:merge"


class _DataLoader(_Base):  # type: ignore[misc]
    """SafeLoader with YAML 1.2-like booleans, no implicit timestamps, no duplicate keys."""

    def construct_mapping(self, node: Any, deep: bool = False) -> Any:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            if key_node.tag == _MERGE_TAG:
                raise yaml.constructor.ConstructorError(
                    None, None, "merge keys (<<) are not supported here", key_node.start_mark
                )
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


class _RefusedError(Exception):
    def __init__(self, problem: str, line: int, column: int) -> None:
        super().__init__(problem)
        self.problem, self.line, self.column = problem, line, column


def _refuse_aliases_and_depth(text: str) -> None:
    """Walk the events (cheap: nothing is built) and stop at the first alias or at nesting
    deeper than MAX_DEPTH, so that no expansion ever happens."""
    depth = 0
    for event in yaml.parse(text, Loader=_Base):
        mark = event.start_mark
        line, column = (mark.line, mark.column) if mark is not None else (0, 0)
        if isinstance(event, yaml.AliasEvent):
            raise _RefusedError(
                "it uses a YAML alias (*name), which MeshDesk's files may not use; write the "
                "value out in full",
                line,
                column,
            )
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise _RefusedError(f"it is nested more than {MAX_DEPTH} levels deep", line, column)
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def parse_yaml(text: str, file: str | os.PathLike[str]) -> Any:
    try:
        _refuse_aliases_and_depth(text)
        return yaml.load(text, Loader=_DataLoader)
    except _RefusedError as exc:
        raise DataError(
            f"{file}: cannot be read (line {exc.line + 1}, column {exc.column + 1}): {exc.problem}."
        ) from None
    except RecursionError:
        raise DataError(f"{file}: is nested too deeply to be read.") from None
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
