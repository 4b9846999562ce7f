"""Answer files: a YAML or JSON file mapping question ids to option ids, read and checked
against the questionnaire."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from meshdesk.core.errors import DataError
from meshdesk.core.questionnaire import Answers, Questionnaire, check_answers
from meshdesk.io.fields import type_name
from meshdesk.io.guards import DATA_FILE_MAX_BYTES, decode_utf8, read_limited
from meshdesk.io.yamlio import parse_yaml


def _refuse_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"the key {key!r} appears twice in one object")
        result[key] = value
    return result


def parse_answers_text(text: str, file: str | os.PathLike[str]) -> Any:
    """JSON for a .json file, YAML for anything else (YAML also reads plain JSON)."""
    if Path(file).suffix.lower() != ".json":
        return parse_yaml(text, file)
    try:
        return json.loads(text, object_pairs_hook=_refuse_duplicate_keys)
    except RecursionError:
        raise DataError(f"{file}: is nested too deeply to be an answers file.") from None
    except json.JSONDecodeError as exc:
        raise DataError(
            f"{file}: is not valid JSON (line {exc.lineno}, column {exc.colno}): {exc.msg}."
        ) from None
    except ValueError as exc:
        raise DataError(f"{file}: is not valid JSON: {exc}.") from None


def load_answers(path: str | os.PathLike[str], questionnaire: Questionnaire) -> Answers:
    """The answers in a YAML or JSON file, checked against the questionnaire (no defaults).

    The file maps question ids to an option id, or to a list of option ids for a question
    that takes several. Questions left out take their defaults when evaluated.
    """
    data = parse_answers_text(
        decode_utf8(read_limited(path, DATA_FILE_MAX_BYTES, "questionnaire answers file"), path),
        path,
    )
    if data is None:
        raise DataError(
            f"{path}: is empty; it should map question ids to option ids, "
            "for example 'organization: smb'."
        )
    if not isinstance(data, dict):
        raise DataError(
            f"{path}: should map question ids to option ids (for example 'organization: smb'), "
            f"not hold {type_name(data)}."
        )
    return check_answers(questionnaire, data, source=str(path))
