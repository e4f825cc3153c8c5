"""The network plan (issue 11): from a scan's answers to the working documents an
initiator needs next. Pure: the fields and their prefill (`fields`), the calendar
(`schedule`) and the first meeting's agenda (`agenda`). Documents and the .ics are
built from these in reports/; the use case is services/netplan.py."""

from netplan.agenda import Agenda, AgendaItem, first_meeting
from netplan.fields import FieldProblem, FieldValue, NetworkPlan, Values, check_value, resolve
from netplan.schedule import Event, Schedule, build_schedule, meeting_dates, mid_term_number

__all__ = ["Agenda", "AgendaItem", "Event", "FieldProblem", "FieldValue", "NetworkPlan",
           "Schedule", "Values", "build_schedule", "check_value", "first_meeting",
           "meeting_dates", "mid_term_number", "resolve"]
