"""The questionnaire wizard: one page per group of questions, then the recommendation.

Everything it asks and every rule it applies comes from data/questionnaire.yaml through
meshdesk.core.questionnaire and meshdesk.core.recommendation; this module only lays it out.
"Apply" stores the answers and sets the recommended weights as one undoable step.

Each page says where it is ("Page 2 of 4", counted from the questionnaire's groups; the
result page is "the result of the 4 pages").
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QCheckBox,
    QGridLayout,
    QGroupBox,
    QLabel,
    QRadioButton,
    QScrollArea,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from meshdesk.core.clock import now
from meshdesk.core.errors import InputError
from meshdesk.core.numbers import fixed
from meshdesk.core.questionnaire import (
    MANY,
    Answers,
    AnswerValue,
    Group,
    Question,
    Questionnaire,
    check_answers,
)
from meshdesk.core.recommendation import Recommendation, recommend, with_answers_applied
from meshdesk.core.workbook import Workbook
from meshdesk.report import DecisionReport, build_report, text

PROBLEM_STYLE = "color: #c0392b; font-weight: bold;"
HELP_STYLE = "color: palette(placeholder-text);"


class QuestionBox(QGroupBox):
    """One question: its options as radio buttons or check boxes, with the help beside them."""

    def __init__(self, question: Question, answer: AnswerValue | None, on_change: object) -> None:
        super().__init__(question.text)
        self.question = question
        self.setAccessibleName(question.title)
        self.buttons: dict[str, QAbstractButton] = {}
        layout = QGridLayout(self)
        group = QButtonGroup(self)
        group.setExclusive(question.kind != MANY)
        chosen = (answer,) if isinstance(answer, str) else tuple(answer or ())
        for row, option in enumerate(question.options):
            button: QAbstractButton = (
                QCheckBox(option.label) if question.kind == MANY else QRadioButton(option.label)
            )
            button.setToolTip(option.help)
            button.setStatusTip(option.help)
            button.setAccessibleDescription(option.help)
            button.setChecked(option.id in chosen)
            group.addButton(button)
            button.toggled.connect(on_change)
            layout.addWidget(button, row, 0)
            self.buttons[option.id] = button
        self.group = group
        default = question.describe(question.default)
        limit = f" Choose at most {question.max_choices}." if question.max_choices else ""
        note = f"{question.help}{limit}\n\nLeft unanswered, this counts as: {default}."
        if question.default_note:
            note += f" {question.default_note}"
        help_label = QLabel(note)
        help_label.setWordWrap(True)
        help_label.setStyleSheet(HELP_STYLE)
        help_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(help_label, 0, 1, max(1, len(question.options)), 1)
        layout.setColumnStretch(1, 1)
        layout.setColumnMinimumWidth(0, 230)

    def answer(self) -> AnswerValue | None:
        """The chosen option (or options); None when the question is left unanswered."""
        chosen = tuple(oid for oid, button in self.buttons.items() if button.isChecked())
        if self.question.kind == MANY:
            return chosen if chosen else None
        return chosen[0] if chosen else None


def page_indicator(number: int, count: int) -> str:
    """Where a question page sits: "Page 2 of 4"."""
    return f"Page {number} of {count}"


def result_indicator(count: int) -> str:
    """The result page, after the question pages: "The result of the 4 pages"."""
    return f"The result of the {count} page{'' if count == 1 else 's'}"


class QuestionPage(QWizardPage):
    def __init__(
        self, group: Group, questionnaire: Questionnaire, answers: Answers, place: tuple[int, int]
    ) -> None:
        super().__init__()
        self.questionnaire = questionnaire
        self.indicator = page_indicator(*place)
        self.setTitle(group.title)
        self.setSubTitle(f"{self.indicator}. {group.text}" if group.text else self.indicator)
        inner = QWidget()
        column = QVBoxLayout(inner)
        self.boxes = [
            QuestionBox(questionnaire.question(qid), answers.get(qid), self._changed)
            for qid in group.question_ids
        ]
        for box in self.boxes:
            column.addWidget(box)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        self.problem = QLabel()
        self.problem.setStyleSheet(PROBLEM_STYLE)
        self.problem.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.problem)

    def answers(self) -> dict[str, AnswerValue]:
        return {box.question.id: value for box in self.boxes if (value := box.answer()) is not None}

    def _check(self) -> str:
        try:
            check_answers(self.questionnaire, self.answers())
        except InputError as exc:
            return str(exc)
        return ""

    def _changed(self, *_args: object) -> None:
        self.problem.setText(self._check())
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return not self._check()


class ResultPage(QWizardPage):
    def __init__(self, wizard: QuestionnaireWizard) -> None:
        super().__init__()
        self.owner = wizard
        self.indicator = result_indicator(len(wizard.questionnaire.groups))
        self.setTitle("Recommendation")
        self.setSubTitle(
            f"{self.indicator}. Read it, then Apply to store your answers and use the "
            "recommended weights."
        )
        self.view = QTextBrowser()
        self.view.setOpenExternalLinks(False)
        self.view.setAccessibleName("Recommendation")
        layout = QVBoxLayout(self)
        layout.addWidget(self.view)

    def initializePage(self) -> None:
        self.owner.evaluate()
        result = self.owner.recommendation
        if result is None:
            self.view.setPlainText(self.owner.error or "")
        else:
            self.view.setHtml(recommendation_html(self.owner.report(), self.owner.workbook))


def _items(reasons: Sequence[str]) -> str:
    """Reasons as a nested list, one item each."""
    if not reasons:
        return ""
    return "<ul>" + "".join(f"<li>{escape(r)}</li>" for r in reasons) + "</ul>"


def _sentence(sentence: text.Sentence) -> str:
    return sentence.render(escape, lambda value: f"<b>{value}</b>")


def recommendation_html(report: DecisionReport, workbook: Workbook) -> str:
    """The report's recommendation as a readable page, all text escaped; `workbook` is the
    project as it is now (the "Now" weights), the report's the one after Apply."""
    result = report.recommendation
    if result is None:
        return f"<p>{_sentence(text.no_decision())}</p>"
    names = {c.id: c.name for c in workbook.criteria}
    out = [
        f"<h2>{escape(result.segment_label or result.segment)}</h2>",
        f"<p>{escape(result.segment_reason)}</p>",
    ]
    if not result.needs_mesh:
        out.append(
            f"<h3>No service mesh needed</h3><p><b>{escape(result.alternative or '')}</b></p>"
        )
        if result.alternative_reason:
            out.append(f"<p>{escape(result.alternative_reason)}</p>")
    if result.needs_mesh and not result.shortlist:
        out.append(
            "<h3>Shortlist</h3><p><b>No platform meets every requirement.</b> "
            "“What if a requirement were relaxed” below says what would bring candidates back.</p>"
        )
    if result.shortlist:
        out.append("<h3>Shortlist</h3>")
        out.append(f"<p>{_sentence(text.verdict(report))}</p>")
        out.extend(f"<p>{escape(line)}</p>" for line in text.shared_reasons(result))
        out.append("<ol>")
        for pick in result.shortlist:
            out.append(
                f"<li><b>{escape(pick.name)}</b> — weighted total "
                f"{report.total_text(pick.total)}{_items(text.pick_reasons(result, pick))}</li>"
            )
        out.append("</ol>")
    comparison = text.comparison(report)
    if comparison:
        out.append(
            f"<h3>Why {escape(result.shortlist[0].name)} leads</h3><p>{escape(comparison)}</p>"
        )
    if result.must_haves:
        out.append("<h3>Must-haves</h3><ul>")
        out.extend(
            f"<li><b>{escape(m.label)}</b>: {escape(m.reason)}</li>" for m in result.must_haves
        )
        out.append("</ul>")
    if result.excluded:
        out.append("<h3>Excluded</h3><ul>")
        out.extend(
            f"<li><b>{escape(e.name)}</b>{_items(text.exclusion_reasons(e))}</li>"
            for e in result.excluded
        )
        out.append("</ul>")
    if result.what_if:
        out.append("<h3>What if a requirement were relaxed</h3><ul>")
        for what_if in result.what_if:
            returns = (
                ", ".join(workbook.tool(t).name for t in what_if.returns if workbook.has_tool(t))
                or "nothing"
            )
            relaxed = text.relaxation(result, what_if)
            lead = f"With {relaxed}" if what_if.relax == "budget" else f"Without “{relaxed}”"
            out.append(f"<li>{escape(lead)}: {escape(returns)} would return</li>")
        out.append("</ul>")
    out.append(
        "<h3>Weights</h3><table cellspacing=4><tr><th align=left>Criterion</th>"
        "<th>Now</th><th>Recommended</th></tr>"
    )
    current = workbook.weights_by_id()
    total = sum(current.values()) or 1.0
    for cid, weight in result.weights.items():
        out.append(
            f"<tr><td>{escape(names.get(cid, cid))}</td>"
            f"<td align=right>{fixed(current.get(cid, 0) / total * 100, 1)}%</td>"
            f"<td align=right><b>{fixed(weight, 1)}%</b></td></tr>"
        )
    out.append("</table>")
    if result.weight_changes:
        out.append(
            "<ul>"
            + "".join(f"<li>{escape(c.reason)}</li>" for c in result.weight_changes)
            + "</ul>"
        )
    out.append(f"<h3>In a paragraph</h3><p>{escape(text.explanation(report))}</p>")
    return "".join(out)


class QuestionnaireWizard(QWizard):
    """Answers in, a recommendation out. After `exec()`, `applied` says whether to apply."""

    def __init__(
        self,
        questionnaire: Questionnaire,
        workbook: Workbook,
        answers: Answers,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.questionnaire = questionnaire
        self.workbook = workbook
        self.recommendation: Recommendation | None = None
        self.preview: Workbook | None = None  # the workbook as it will be after Apply
        self.error: str | None = None
        self.setWindowTitle("Questionnaire: which service mesh fits?")
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setButtonText(QWizard.WizardButton.FinishButton, "&Apply")
        count = len(questionnaire.groups)
        self.pages = [
            QuestionPage(g, questionnaire, answers, (n, count))
            for n, g in enumerate(questionnaire.groups, 1)
        ]
        for page in self.pages:
            self.addPage(page)
        self.result_page = ResultPage(self)
        self.addPage(self.result_page)
        self.resize(900, 680)

    def answers(self) -> dict[str, AnswerValue]:
        collected: dict[str, AnswerValue] = {}
        for page in self.pages:
            collected.update(page.answers())
        return collected

    def evaluate(self) -> Recommendation | None:
        """The recommendation as it will be after Apply: under the answers' weight profile."""
        answers = self.answers()
        try:
            preview = with_answers_applied(self.workbook, self.questionnaire, answers)
            self.recommendation = recommend(preview, self.questionnaire, answers)
            self.preview, self.error = preview, None
        except InputError as exc:
            self.recommendation, self.error = None, str(exc)
        return self.recommendation

    def report(self) -> DecisionReport:
        """The decision report of the last evaluation, as it will be after Apply."""
        return build_report(
            self.preview or self.workbook,
            self.recommendation,
            self.questionnaire,
            day=now().date(),
        )
