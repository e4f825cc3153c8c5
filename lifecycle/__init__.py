"""A running network looked at over time: its moments (start check, mid-term pulse,
closing harvest) and, per statement, the median and the agreement at each moment
and how they changed. Pure: no Streamlit, no database. One network at a time: it
has no way to rank networks against each other, by design (rule 10)."""

from lifecycle.over_time import (
    AgreementTrend,
    Change,
    ItemOverTime,
    MedianTrend,
    OverTime,
    change_between,
    over_time,
)
from lifecycle.stories import StoriesHidden, StoriesShown
from lifecycle.words import change_text, moment_title, view_text

__all__ = ["AgreementTrend", "Change", "ItemOverTime", "MedianTrend", "OverTime",
           "StoriesHidden", "StoriesShown", "change_between", "change_text", "moment_title",
           "over_time", "view_text"]
