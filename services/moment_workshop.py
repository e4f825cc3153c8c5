"""A check-in moment answered by the group through the live workshop (issue 11):
the network's initiator starts a workshop whose room rates that moment's
statements on their phones, blind until the reveal, with the workshop's
anonymity thresholds; in the decide or close phase the facilitator records the
room's answers into the moment, and the check-in page shows it answered
"through the workshop". Stories and the learning question stay personal: they
are answered alone on the check-in page.

Who may do what:
- starting needs the plan's token, the initiator's key to the network (as for
  opening and closing a moment); the workshop's control secret is then the
  facilitator's, as for any workshop;
- recording needs the control secret: whoever runs the room for the initiator
  records it. The participants' workshop tokens are the keys the check-in
  service turns into respondent tokens (HMAC, never stored), so recording the
  same room again updates its answers instead of adding respondents.

The workshop knows its network and moment (storage revision 0009); nothing of the
network is copied into it but its id and language, and it is never a plan: it
saves no scenario and is not scored (services/workshop.py refuses both)."""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import datetime
from typing import cast

from content.checkins import UNRULED_BLOCK, Moment
from lifecycle.room import moment_blocks
from services.checkins import (
    CheckinService,
    Fed,
    InvalidAnswer,
    MomentRefused,
    NetworkNotFound,
    NotAuthorised,
)
from services.workshop import Created, WorkshopNotFound, WorkshopService
from storage.checkins import Network
from storage.workshops import Workshop
from workshop.codes import format_code
from workshop.phases import Phase

__all__ = ["MomentWorkshop", "MomentWorkshopService", "Network", "NothingToRecord",
           "RecordOutcome", "StartOutcome", "Workshop"]


@dataclass(frozen=True)
class NothingToRecord:
    """No revealed answer in the room yet: nothing was written."""


@dataclass(frozen=True)
class MomentWorkshop:
    """A workshop run for one of the network's moments, as the check-in page lists
    it: no secret, no token."""

    workshop_id: str
    code: str
    moment: Moment
    phase: Phase
    created_at: datetime
    participants: int
    recorded_at: datetime | None  # when its room was last put into the moment
    latest: bool  # the moment was last recorded from this workshop


StartOutcome = Created | MomentRefused
RecordOutcome = Fed | InvalidAnswer | MomentRefused | NothingToRecord


class MomentWorkshopService:
    """Check-in moments through the live workshop, over the two services."""

    def __init__(self, workshops: WorkshopService, checkins: CheckinService):
        self.workshops = workshops
        self.checkins = checkins

    # ------------------------------------------------------------------ items
    def blocks(self, moment: Moment) -> dict[str, tuple[str, ...]]:
        """The moment's statements as the workshop's blocks, one per golden rule in
        the handreiking's order (lifecycle.room.moment_blocks)."""
        content = self.checkins.checkins
        items = [(sid, content.rule_of(sid)) for sid in content.statements_at(moment)]
        return moment_blocks(items, [r.id for r in self.checkins.content.rules], UNRULED_BLOCK)

    def can_run(self, moment: Moment) -> bool:
        """Whether the moment has statements a room can rate (stories and the
        learning question are answered alone)."""
        return bool(self.checkins.checkins.statements_at(moment))

    # ------------------------------------------------------------------ start
    def _owned(self, network_id: str, plan_token: str) -> Network:
        network = self.checkins.network(network_id)
        if network is None or network.deleted:  # a deleted network shows nothing
            raise NetworkNotFound(network_id[:12])
        if not hmac.compare_digest(network.plan_token.encode(), plan_token.encode()):
            raise NotAuthorised()
        return network

    def start(self, network_id: str, plan_token: str, moment: Moment) -> StartOutcome:
        """A workshop in the lobby for this moment, in the network's language.
        NotAuthorised without the network's plan token; a closed moment is refused
        ("moment_closed"), as is a moment without statements ("no_statements") and
        a paused network, whose plan is a deleted scenario ("plan_deleted")."""
        network = self._owned(network_id, plan_token)
        if self.checkins.plan_deleted(network):
            return MomentRefused("plan_deleted")
        blocks = self.blocks(moment)
        if not blocks:
            return MomentRefused("no_statements")
        state = network.moment(moment)
        if state is not None and not state.is_open:
            return MomentRefused("moment_closed")
        return self.workshops.create_for_moment(language=network.language,
                                                network_id=network.id, moment=moment,
                                                blocks=blocks)

    # ----------------------------------------------------------------- record
    def record(self, workshop_id: str, secret: str | None) -> RecordOutcome:
        """The room's answers as the moment's (one transaction in the check-in
        store), then the moment marked as answered through this workshop. In the
        decide or close phase, with the control secret (services.workshop
        NotAuthorised / ActionRefused otherwise). Again: updates, adds nobody."""
        workshop = self.workshops.workshop(workshop_id)
        if workshop is None:
            raise WorkshopNotFound(workshop_id[:12])
        answers = self.workshops.room_answers(workshop_id, secret)
        if not answers:
            return NothingToRecord()
        assert workshop.network_id is not None and workshop.moment is not None
        network = self.checkins.network(workshop.network_id)
        if network is None:
            raise NetworkNotFound(workshop.network_id[:12])
        moment = cast(Moment, workshop.moment)
        outcome = self.checkins.record_moment_answers(
            network.id, network.plan_token, moment, answers, workshop_id=workshop_id)
        if isinstance(outcome, Fed):
            self.workshops.mark_recorded(workshop_id, secret)
            fresh = self.checkins.network(network.id)
            state = None if fresh is None else fresh.moment(moment)
            if state is not None and state.is_open and \
                    (state.source, state.workshop_id) != ("workshop", workshop_id):
                self.checkins.open_moment(network.id, network.plan_token, moment,
                                          source="workshop", workshop_id=workshop_id)
        return outcome

    # ------------------------------------------------------------------ reads
    def recorded(self, workshop_id: str) -> datetime | None:
        """When this workshop's room was last put into its moment (None: not yet)."""
        workshop = self.workshops.workshop(workshop_id)
        return None if workshop is None else workshop.recorded_at

    def for_network(self, network: Network) -> list[MomentWorkshop]:
        """The workshops run for this network's moments, oldest first."""
        out = []
        for w in self.workshops.workshops_for_network(network.id):
            if w.moment is None:
                continue
            state = network.moment(w.moment)
            latest = state is not None and state.source == "workshop" \
                and state.workshop_id == w.id
            out.append(MomentWorkshop(w.id, format_code(w.code), cast(Moment, w.moment),
                                      w.phase, w.created_at, w.participants, w.recorded_at,
                                      latest))
        return out
