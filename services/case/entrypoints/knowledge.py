"""FAQ answers and the solved cases like a case (K6, K7)."""

from __future__ import annotations

from crm_common.clock import utcnow
from crm_common.contracts import dump, load, positive_id
from crm_common.contracts.case.knowledge import FaqIn, FaqOut, SimilarCaseOut
from crm_common.entrypoints import rpc
from services.case import cases, knowledge
from services.case.entrypoints import CaseEntrypoints
from services.case.models import FaqEntry


class KnowledgeEntrypoints(CaseEntrypoints):
    @rpc
    def publish_faq(self, data: dict, author: str) -> dict:
        """An FAQ answer (FaqIn), searchable at once. Returns FaqOut."""
        valid = load(FaqIn, data)
        with self.db.transaction() as session:
            return dump(FaqOut, knowledge.publish(session, valid, author, utcnow(), actor=self.actor))

    @rpc
    def update_faq(self, faq_id: int, data: dict) -> dict:
        """Replace an FAQ answer (FaqIn). Returns FaqOut. Raises NotFound."""
        valid = load(FaqIn, data)
        with self.db.transaction() as session:
            faq = knowledge.change(session, positive_id(faq_id, "faq_id"), valid, utcnow(), actor=self.actor)
            return dump(FaqOut, faq)

    @rpc
    def get_faq(self, faq_id: int, published_only: bool = False) -> dict:
        with self.db.read() as session:
            return dump(FaqOut, knowledge.get(session, positive_id(faq_id, "faq_id"), bool(published_only)))

    @rpc
    def search_faq(
        self, query: str = "", filters: dict | None = None, published_only: bool = True, limit: int = 20
    ) -> list[dict]:
        """FAQ answers for `query`, best first (full-text, in `filters["language"]` when
        given), narrowed by industry, product and problem. FaqOut list with `score`."""
        with self.db.read() as session:
            found = knowledge.find(
                session, str(query or ""), filters or {}, bool(published_only), min(int(limit), 100)
            )
            return [_scored(entry, score) for entry, score in found]

    @rpc
    def similar(self, case_id: int, limit: int = 5) -> dict:
        """The solved cases and FAQ answers most like this case, best first (SimilarOut)."""
        with self.db.read() as session:
            case = cases.get_case(session, positive_id(case_id, "case_id"))
            found = knowledge.similar(session, case, min(int(limit), 50))
            return {
                "cases": [
                    {**dump(SimilarCaseOut, c), "score": score, "solution": answer}
                    for c, score, answer in found["cases"]
                ],
                "faq": [_scored(entry, score) for entry, score in found["faq"]],
            }


def _scored(entry: FaqEntry, score: float | None) -> dict:
    """An FAQ answer (FaqOut) with how well it matched."""
    return {**dump(FaqOut, entry), "score": score}
