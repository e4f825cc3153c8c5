"""The check-ins of a running network: start a network from a plan, open and close
its moments (start check, mid-term pulse, closing harvest), answer a moment alone,
write stories and a learning question, record the rule-10 decision, and read the
network's own view over time.

Three kinds of caller:
- the initiator holds the plan's token (as for the plan itself): starting a
  network, opening and closing moments, the decision and feeding a room's answers
  need it (`NotAuthorised` otherwise);
- a respondent holds a token of their own (from `join`), never a name: their
  answers, stories and learning question, and seeing their own answers again;
- anyone with the network's id reads `view`: per statement the median and the
  agreement at each moment with the live workshop's anonymity thresholds, stories
  and shared learning questions only from as many respondents as a figure needs.
  One network at a time: there is no use case that sets networks side by side.

The live workshop feeds a moment with `record_moment_answers(network, plan_token,
moment, answers_by_respondent)`: a room's answers per participant key (e.g. the
workshop's participant tokens) become that moment's answers. The keys are never
stored: each becomes a respondent token derived from the network and the key
(HMAC-SHA-256), so feeding the same room again updates its answers instead of
adding respondents, and a workshop token found in the network's tables opens
nothing.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
from base64 import urlsafe_b64encode
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import cast

from content.checkins import DECISIONS, MOMENTS, Checkins, Moment, default_checkins
from content.models import LANGUAGES, SCALE, UNKNOWN, Content
from content.text import normalise_text
from content.workshop import WorkshopSettings, default_workshop_settings
from lifecycle import OverTime, StoriesHidden, StoriesShown, over_time
from reports import to_markdown, to_pdf
from reports.checkins import NetworkReport, checkin_document
from reports.document import Document
from services.plans import PlanService
from storage.checkins import DecisionRecord, Network, NetworkStore, OwnAnswers, Respondent
from storage.errors import (
    ActionRefused,
    NetworkNotFound,
    PlanDeleted,
    PlanNotFound,
    RespondentNotFound,
    StorageUnavailable,
)
from storage.settings import database_url
from workshop.aggregate import Vote

__all__ = [
    "Answered",
    "CheckinService",
    "DecisionInvalid",
    "Fed",
    "InvalidAnswer",
    "MomentRefused",
    "Network",
    "NetworkNotFound",
    "NetworkView",
    "NotAuthorised",
    "PlanDeleted",
    "PlanNotFound",
    "RespondentNotFound",
    "StorageUnavailable",
    "StoriesHidden",
    "StoriesShown",
    "TextTooLong",
    "purge_networks",
    "respondent_token_for",
]


def _now() -> datetime:
    return datetime.now(UTC)


class NotAuthorised(Exception):
    """The plan token does not belong to this network: the action is the initiator's."""


# -------------------------------------------------------------------- outcomes
@dataclass(frozen=True)
class Answered:
    changed: bool  # False: the same was already stored


@dataclass(frozen=True)
class InvalidAnswer:
    """Not a statement of this moment, or not an answer on the scale."""

    code: str  # "not_asked" | "not_on_scale"
    item_id: str


@dataclass(frozen=True)
class TextTooLong:
    """Refused, nothing stored: the text is longer than the content allows."""

    length: int
    max_length: int


@dataclass(frozen=True)
class MomentRefused:
    """The moment takes no answers now: "moment_not_open", "moment_closed" or
    "plan_deleted" (the network is paused: its plan is a deleted scenario)."""

    reason: str


@dataclass(frozen=True)
class DecisionInvalid:
    code: str  # "unknown_choice" | "follow_up_past" | "follow_up_too_far" | "not_at_end"
    max_days: int = 0


@dataclass(frozen=True)
class Fed:
    """A room's answers recorded as one moment."""

    respondents: int
    changed: int


AnswerOutcome = Answered | InvalidAnswer | MomentRefused
TextOutcome = Answered | TextTooLong | InvalidAnswer | MomentRefused


@dataclass(frozen=True)
class NetworkView:
    """The network's own view over time: nothing per respondent, nothing of another
    network."""

    network: Network
    over_time: OverTime
    respondents: dict[Moment, int]  # how many answered anything, per moment
    stories: dict[Moment, StoriesShown | StoriesHidden]
    learning_questions: tuple[str, ...] | None  # shared ones; None: too few respondents
    decision: DecisionRecord | None
    minimum: int  # the anonymity threshold used


def respondent_token_for(network_id: str, key: str) -> str:
    """The respondent token a fed participant key becomes in this network: stable
    (the same room fed twice is the same respondents) and not the key itself."""
    digest = hmac.new(network_id.encode(), key.encode(), hashlib.sha256).digest()
    return urlsafe_b64encode(digest).decode().rstrip("=")[:32]


class CheckinService:
    """The check-in use cases over one store. Thread-safe (the store is)."""

    def __init__(self, store: NetworkStore, plans: PlanService, content: Content,
                 checkins: Checkins | None = None, settings: WorkshopSettings | None = None,
                 *, clock: Callable[[], datetime] = _now):
        self.store = store
        self.plans = plans
        self.content = content
        self.checkins = checkins or default_checkins()
        self.settings = settings or default_workshop_settings()
        self.clock = clock

    @classmethod
    def from_settings(cls, content: Content, plans: PlanService) -> CheckinService:
        return cls(NetworkStore(database_url()), plans, content)

    # ------------------------------------------------------------- initiator
    def start_network(self, plan_token: str, *, language: str) -> Network:
        """A network for this plan, with its start check open."""
        if language not in LANGUAGES:
            raise ValueError(f"not a language: {language[:10]!r}")
        plan = self.plans.open(plan_token)
        if plan is None or plan.deleted:
            raise PlanNotFound(plan_token)
        network = self.store.create(plan.token, language, started_at=self.clock())
        return self.store.open_moment(network.id, "start", at=self.clock())

    def networks_for(self, plan_token: str) -> list[Network]:
        return self.store.for_plan(plan_token)

    def network(self, network_id: str) -> Network | None:
        return self.store.get(network_id)

    def _owned(self, network_id: str, plan_token: str) -> Network:
        network = self.store.get(network_id)
        if network is None:
            raise NetworkNotFound(network_id[:12])
        if not hmac.compare_digest(network.plan_token.encode(), plan_token.encode()):
            raise NotAuthorised()
        return network

    def open_moment(self, network_id: str, plan_token: str, moment: Moment, *,
                    source: str = "alone", workshop_id: str | None = None) -> Network:
        self._writable(self._owned(network_id, plan_token))
        if moment not in MOMENTS:
            raise ValueError(f"not a moment: {moment!r}")
        return self.store.open_moment(network_id, moment, source=source,
                                      workshop_id=workshop_id, at=self.clock())

    def close_moment(self, network_id: str, plan_token: str, moment: Moment) -> Network:
        self._writable(self._owned(network_id, plan_token))
        return self.store.close_moment(network_id, moment, at=self.clock())

    def record_decision(self, network_id: str, plan_token: str, choice: str,
                        follow_up: date | None) -> Network | DecisionInvalid:
        """The rule-10 decision (stop, renew, change shape), taken in the harvest,
        with the date of the follow-up meeting: not in the past, and within the
        content's `follow_up_max_days`."""
        network = self._writable(self._owned(network_id, plan_token))
        if choice not in DECISIONS:
            return DecisionInvalid("unknown_choice")
        if network.moment("end") is None:
            return DecisionInvalid("not_at_end")
        max_days = self.checkins.limits.follow_up_max_days
        today = self.clock().date()
        if follow_up is not None:
            if follow_up < today:
                return DecisionInvalid("follow_up_past")
            if follow_up > today + timedelta(days=max_days):
                return DecisionInvalid("follow_up_too_far", max_days)
        return self.store.set_decision(network_id, choice, follow_up, at=self.clock())

    def record_moment_answers(self, network_id: str, plan_token: str, moment: Moment,
                              answers_by_respondent: Mapping[str, Mapping[str, Vote]], *,
                              workshop_id: str | None = None) -> Fed | InvalidAnswer \
            | MomentRefused:
        """A room's answers (per participant key, e.g. a live workshop's participant
        tokens) as this moment's answers, in one transaction. Opens the moment as
        answered "through the workshop" when it is not open yet; a closed moment is
        refused. Every answer is checked first: one invalid answer and nothing is
        written."""
        network = self._owned(network_id, plan_token)
        if moment not in MOMENTS:
            raise ValueError(f"not a moment: {moment!r}")
        asked = set(self.checkins.statements_at(moment))
        cleaned: dict[str, dict[str, Vote]] = {}
        for key, answers in answers_by_respondent.items():
            row: dict[str, Vote] = {}
            for item_id, raw in answers.items():
                problem = self._check(item_id, raw, asked)
                if problem is not None:
                    return problem
                row[item_id] = UNKNOWN if raw == UNKNOWN else int(raw)
            cleaned[respondent_token_for(network_id, key)] = row
        if self.plan_deleted(network):  # paused: not even the moment opens
            return MomentRefused("plan_deleted")
        state = network.moment(moment)
        if state is not None and not state.is_open:
            return MomentRefused("moment_closed")
        if state is None:
            self.store.open_moment(network_id, moment, source="workshop",
                                   workshop_id=workshop_id, at=self.clock())
        try:
            changed = self.store.record_answers(network_id, moment, cleaned)
        except ActionRefused as refused:
            return MomentRefused(refused.reason)
        return Fed(len(cleaned), changed)

    @staticmethod
    def _check(item_id: str, raw: object, asked: set[str]
               ) -> InvalidAnswer | None:
        if item_id not in asked:
            return InvalidAnswer("not_asked", item_id)
        if raw == UNKNOWN:
            return None
        if isinstance(raw, bool) or not isinstance(raw, int) or raw not in SCALE:
            return InvalidAnswer("not_on_scale", item_id)
        return None

    # ------------------------------------------------------------ respondent
    def join(self, network_id: str) -> Respondent:
        """A new respondent of this network (a token, no name)."""
        if self.store.get(network_id) is None:
            raise NetworkNotFound(network_id[:12])
        return self.store.new_respondent(network_id)

    def respondent(self, token: str) -> Respondent | None:
        return self.store.respondent(token)

    def answer(self, token: str, moment: Moment, item_id: str, raw: object) -> AnswerOutcome:
        """One answer alone (None takes it back)."""
        if raw is not None:
            problem = self._check(item_id, raw, set(self.checkins.statements_at(moment)))
            if problem is not None:
                return problem
        elif item_id not in self.checkins.statements_at(moment):
            return InvalidAnswer("not_asked", item_id)
        value: Vote | None = None if raw is None else (UNKNOWN if raw == UNKNOWN
                                                         else int(cast(int, raw)))
        try:
            return Answered(self.store.answer(token, moment, item_id, value))
        except ActionRefused as refused:
            return MomentRefused(refused.reason)

    def save_story(self, token: str, moment: Moment, story_id: str, text: str) -> TextOutcome:
        """A story for one prompt of this moment (empty: removed). Too long is refused
        whole, never cut: the writer keeps their text to shorten it."""
        if story_id not in self.checkins.stories_at(moment):
            return InvalidAnswer("not_asked", story_id)
        cleaned = normalise_text(text, multiline=True)
        limit = self.checkins.limits.story_max_chars
        if len(cleaned) > limit:
            return TextTooLong(len(cleaned), limit)
        try:
            return Answered(self.store.save_story(token, moment, story_id, cleaned))
        except ActionRefused as refused:
            return MomentRefused(refused.reason)

    def set_learning_question(self, token: str, text: str, *, shared: bool) -> TextOutcome:
        """The respondent's own learning question: private unless `shared`."""
        cleaned = normalise_text(text)
        limit = self.checkins.limits.learning_question_max_chars
        if len(cleaned) > limit:
            return TextTooLong(len(cleaned), limit)
        before = self.store.own(token)
        if (before.learning_question, before.learning_shared) == (cleaned, shared):
            return Answered(False)
        try:
            self.store.set_learning_question(token, cleaned, shared)
        except ActionRefused as refused:  # the network is paused (its plan is deleted)
            return MomentRefused(refused.reason)
        return Answered(True)

    def own(self, token: str) -> OwnAnswers:
        """The respondent's own answers, stories and learning question (their token only)."""
        return self.store.own(token)

    # ------------------------------------------------------ the network's view
    def view(self, network_id: str) -> NetworkView:
        """Per statement the median and agreement at each moment and the change,
        with the stories beside them: all within the anonymity thresholds."""
        network = self.store.get(network_id)
        if network is None or network.deleted:  # a deleted network shows nothing
            raise NetworkNotFound(network_id[:12])
        votes = self.store.votes(network_id)
        answers = {m: votes[m] for m in MOMENTS if m in votes}
        items: list[tuple[str, str | None]] = []
        for moment in MOMENTS:
            for item_id in self.checkins.statements_at(moment):
                if item_id not in (i for i, _ in items):
                    items.append((item_id, self.checkins.rule_of(item_id)))
        anonymity = self.settings.anonymity
        view = over_time(answers, items, anonymity, self.settings.agreement,
                         self.checkins.change)
        counts = self.store.respondents_at(network_id)
        respondents: dict[Moment, int] = {m: counts.get(m, 0) for m in MOMENTS
                                          if network.moment(m) is not None}
        texts = self.store.stories(network_id)
        stories: dict[Moment, StoriesShown | StoriesHidden] = {}
        for moment, n in respondents.items():
            if not self.checkins.stories_at(moment):
                continue
            if n < anonymity.min_figure:
                stories[moment] = StoriesHidden(n, anonymity.min_figure)
            else:
                stories[moment] = StoriesShown({sid: tuple(t) for sid, t in
                                                texts.get(moment, {}).items()})
        shared = tuple(self.store.shared_learning_questions(network_id)) \
            if network.respondents >= anonymity.min_figure else None
        return NetworkView(network, view, respondents, stories, shared, network.decision,
                           anonymity.min_figure)

    # ------------------------------------------------------- the network's PDF
    def report(self, network_id: str, lang: str, *, plan_token: str | None = None
               ) -> NetworkReport:
        """The network's own view as a report's input: the same figures, stories and
        thresholds as `view` (so the PDF shows exactly what the screen shows). The
        plan's title is the initiator's own words: it is in the report only for the
        holder of the plan's token; a participant's copy has none."""
        if lang not in LANGUAGES:
            raise ValueError(f"not a language: {lang[:10]!r}")
        view = self.view(network_id)
        title = ""
        if plan_token is not None and hmac.compare_digest(
                view.network.plan_token.encode(), plan_token.encode()):
            plan = self.plans.open(plan_token)
            title = plan.title if plan else ""
        decision = view.decision
        return NetworkReport(
            title=title,
            started=view.network.started_at.date(), over_time=view.over_time,
            respondents=view.respondents, stories=view.stories,
            learning_questions=view.learning_questions,
            decision=(decision.choice, decision.follow_up) if decision else None,
            minimum=view.minimum, small_group_below=self.settings.agreement.small_group_below)

    def document(self, network_id: str, lang: str, *, plan_token: str | None = None
                 ) -> Document:
        report = self.report(network_id, lang, plan_token=plan_token)
        return checkin_document(self.content, self.checkins, report, lang,
                                made_on=self.clock().date())

    def pdf(self, network_id: str, lang: str, *, plan_token: str | None = None) -> bytes:
        """The network's check-ins over time as a PDF, for the network itself (with
        the plan's title only for the holder of `plan_token`)."""
        return to_pdf(self.document(network_id, lang, plan_token=plan_token), self.content)

    def markdown(self, network_id: str, lang: str, *, plan_token: str | None = None) -> str:
        return to_markdown(self.document(network_id, lang, plan_token=plan_token),
                           self.content)

    # ------------------------------------------- deleting, undoing, retention
    def _writable(self, network: Network) -> Network:
        """A network whose plan is a deleted scenario is read-only, like its plan
        (PlanDeleted) until the plan is restored."""
        if self.plan_deleted(network):
            raise PlanDeleted(network.plan_token[:12])
        return network

    def plan_deleted(self, network: Network) -> bool:
        """True when the network's plan is a deleted (restorable) scenario: the
        network is paused, nothing in it changes, everything stays."""
        plan = self.plans.open(network.plan_token)
        return plan is not None and plan.deleted

    def delete_network(self, network_id: str, plan_token: str) -> Network:
        """Delete the network (only its plan's holder may): from now on it shows
        nothing and takes nothing, to anyone; it can be restored for the undo
        window (`restorable_until`), then it is purged with everything in it."""
        self._owned(network_id, plan_token)
        network = self.store.soft_delete(network_id, at=self.clock())
        with contextlib.suppress(StorageUnavailable):
            self.purge_expired()  # the others whose time is over
        return network

    def restore_network(self, network_id: str, plan_token: str) -> Network:
        """Undo a deletion, with everything answered in it. NetworkNotFound when the
        undo window is over (even if the purge has not run yet)."""
        network = self._owned(network_id, plan_token)
        if not network.deleted:
            return network
        if self.clock() >= self.restorable_until(network):
            raise NetworkNotFound(network_id[:12])
        return self.store.restore(network_id, at=self.clock())

    def deleted_networks(self, plan_token: str) -> list[Network]:
        """This plan's deleted networks that can still be restored, newest deletion
        first."""
        now = self.clock()
        found = [n for n in self.store.for_plan(plan_token, deleted=True)
                 if now < self.restorable_until(n)]
        return sorted(found, key=lambda n: n.deleted_at or n.started_at, reverse=True)

    def restorable_until(self, network: Network) -> datetime:
        """Until when a deleted network can be restored."""
        deleted = network.deleted_at or self.clock()
        return deleted + timedelta(days=self.checkins.retention.deleted_undo_days)

    def deleted_state(self, network_id: str) -> Network | None:
        """The deleted network with this id while it can still be restored, else
        None (not deleted, gone, or past its undo window)."""
        network = self.store.get(network_id)
        if network is None or not network.deleted or \
                self.clock() >= self.restorable_until(network):
            return None
        return network

    def kept_until(self, network: Network) -> date:
        """The day the network will be purged if nothing happens in it meanwhile:
        `inactive_days` after its last activity or its follow-up date, whichever is
        later."""
        last = network.last_activity.date()
        follow_up = network.decision.follow_up if network.decision else None
        if follow_up is not None and follow_up > last:
            last = follow_up
        return last + timedelta(days=self.checkins.retention.inactive_days + 1)

    def purge_expired(self) -> int:
        """Delete for good the networks past their undo window or their retention
        (content/checkins.yaml `retention`); how many."""
        return purge_networks(self.store, self.checkins, self.clock())


def purge_networks(store: NetworkStore, checkins: Checkins, now: datetime) -> int:
    """Delete for good the networks deleted longer than the undo window ago and
    those inactive (and past their follow-up date) longer than the retention
    (content/checkins.yaml `retention`); how many. Also run at start-up."""
    retention = checkins.retention
    return store.purge(deleted_before=now - timedelta(days=retention.deleted_undo_days),
                       inactive_before=now - timedelta(days=retention.inactive_days))
