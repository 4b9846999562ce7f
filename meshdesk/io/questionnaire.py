"""data/questionnaire.yaml and answer files: read, validate, cross-check against the dataset.

`load_questionnaire()` checks every field and every reference (question and option ids used
by rules, criteria, features, tools, licence categories) and reports the first problem as one
sentence naming the file, the record and the field. `load_answers()` reads a YAML or JSON
answers file and checks it against the questionnaire. The parts: the file's shape
(questionnaire_schema), its reader (questionnaire_reader) and answer files
(questionnaire_answers).
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

from meshdesk.core.questionnaire import Questionnaire
from meshdesk.io.dataset import MANIFEST, Dataset, default_dataset, load_dataset
from meshdesk.io.fields import Fields
from meshdesk.io.questionnaire_answers import load_answers, parse_answers_text
from meshdesk.io.questionnaire_reader import QuestionnaireReader
from meshdesk.io.questionnaire_schema import (
    QUESTIONNAIRE_FILE,
    QUESTIONNAIRE_FORMAT,
    QUESTIONNAIRE_SCHEMA_VERSION,
    TOP_FIELDS,
)
from meshdesk.io.yamlio import load_yaml_file
from meshdesk.locations import data_dir, dataset_dir

__all__ = [
    "QUESTIONNAIRE_FILE",
    "QUESTIONNAIRE_FORMAT",
    "QUESTIONNAIRE_SCHEMA_VERSION",
    "default_questionnaire",
    "load_answers",
    "load_questionnaire",
    "parse_answers_text",
    "questionnaire_path",
]


def questionnaire_path(dataset_folder: str | os.PathLike[str] | None = None) -> Path:
    """questionnaire.yaml of the dataset folder (MESHDESK_DATASET or the bundled data/).

    A platform team's dataset copy without its own questionnaire uses the bundled one.
    """
    folder = Path(dataset_folder) if dataset_folder is not None else dataset_dir()
    own = folder / QUESTIONNAIRE_FILE
    return own if own.is_file() else data_dir() / QUESTIONNAIRE_FILE


def load_questionnaire(
    path: str | os.PathLike[str] | None = None,
    dataset: Dataset | str | os.PathLike[str] | None = None,
) -> Questionnaire:
    """Read and validate a questionnaire, cross-checked against a dataset.

    `dataset` is a loaded Dataset or a dataset folder; by default the folder next to `path`
    when it holds a dataset, else MESHDESK_DATASET or the bundled data/. Without `path` the
    questionnaire of that dataset folder is read.
    """
    if isinstance(dataset, Dataset):
        loaded = dataset
    else:
        folder: Path | None = Path(dataset) if dataset is not None else None
        if folder is None and path is not None and (Path(path).parent / MANIFEST).is_file():
            folder = Path(path).parent
        loaded = load_dataset(folder)
    file = Path(path) if path is not None else questionnaire_path(loaded.folder)
    top = Fields(
        load_yaml_file(file, "questionnaire"),
        str(file),
        allowed=TOP_FIELDS,
        required=(
            "format",
            "schema_version",
            "title",
            "memo",
            "groups",
            "questions",
            "segments",
            "segment_rules",
        ),
    )
    return QuestionnaireReader(top, loaded).read()


@functools.cache
def default_questionnaire() -> Questionnaire:
    """The questionnaire of the dataset the app starts from; read once per process."""
    return load_questionnaire(dataset=default_dataset())
