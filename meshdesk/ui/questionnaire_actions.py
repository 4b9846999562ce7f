"""The questionnaire from the window: the wizard, applying its answers, and the shortlist
of the stored answers highlighted in the grid."""

from __future__ import annotations

from typing import TYPE_CHECKING

from meshdesk.core.errors import MeshDeskError
from meshdesk.io.robustness import shortlist_of
from meshdesk.ui import messages, settings
from meshdesk.ui.window_base import WindowBase

if TYPE_CHECKING:  # the questionnaire is loaded on first use, not at start-up
    from meshdesk.core.questionnaire import Answers, Questionnaire
    from meshdesk.core.recommendation import Recommendation


class QuestionnaireActions(WindowBase):
    def questionnaire(self) -> Questionnaire | None:
        from meshdesk.io.questionnaire import default_questionnaire

        try:
            return default_questionnaire()
        except MeshDeskError as exc:
            messages.error(self, "Questionnaire unavailable", str(exc))
            return None

    def open_wizard(self, *_args: object) -> bool:
        """Run the questionnaire; Apply stores the answers and sets the weights (one step)."""
        from meshdesk.ui.wizard import QuestionnaireWizard

        questionnaire = self.questionnaire()
        if questionnaire is None:
            return False
        wb = self.document.workbook
        wizard = QuestionnaireWizard(questionnaire, wb.copy(), dict(wb.answers), self)
        if not self.exec_dialog(wizard) or wizard.recommendation is None:
            return False
        return self.apply_answers(questionnaire, wizard.answers())

    def apply_answers(self, questionnaire: Questionnaire, answers: Answers) -> bool:
        from meshdesk.core.recommendation import apply_answers

        try:
            command = apply_answers(self.document.workbook, questionnaire, answers)
        except MeshDeskError as exc:
            self.show_problem(str(exc))
            return False
        if not self.document.push(command):
            return False
        result = self.current_recommendation()
        if result is not None:
            names = ", ".join(p.name for p in result.shortlist) or "none"
            self.statusBar().showMessage(
                f"{result.segment_label or result.segment}: weights set; "
                f"shortlist highlighted ({names}).",
                12000,
            )
        return True

    def current_recommendation(self) -> Recommendation | None:
        """The recommendation for the stored answers, or None when none are stored."""
        from meshdesk.core.recommendation import recommend

        answers = self.document.workbook.answers
        if not answers:
            return None
        questionnaire = self.questionnaire()
        if questionnaire is None:
            return None
        try:
            return recommend(self.document.workbook, questionnaire, answers)
        except MeshDeskError as exc:
            self.show_problem(f"The stored questionnaire answers could not be evaluated: {exc}")
            return None

    def first_start(self) -> None:
        """On the very first start, offer the questionnaire (once)."""
        if not self.isVisible() or settings.flag(self.settings, "wizard/offered"):
            return
        self.settings.setValue("wizard/offered", True)
        self.open_wizard()

    def _refresh_shortlist(self) -> None:
        """Highlight the shortlist of the stored answers under the current scores and weights
        (after Apply, an edit, undo, or opening a file), as the exports would state it."""
        result = None
        if self.document.workbook.answers and self.document.ranking is not None:
            result = self.current_recommendation()
        highlighted = frozenset(p.tool_id for p in result.shortlist) if result else frozenset()
        if highlighted != self.model.highlighted:
            self.model.set_highlighted(highlighted)
        choosable = shortlist_of(result)
        if choosable != self.choosable:
            self.choosable = choosable
            self.choosable_changed()
