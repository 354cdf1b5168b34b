"""The one clock: ``today()`` and ``now()`` come from a Clock made at start-up and handed down.

It lives below every layer (models, services, commands and ui may all use it), and nothing
else in the program reads the system time (a layering test checks it), so every
"is it late?" question can be answered for any day in a test with a ``FixedClock``.
Stored timestamps (``created_at``, ``reversed_at``…) are local wall-clock time, naive, as
``SystemClock.now()`` gives them.
"""

from __future__ import annotations

from datetime import date, datetime, time


class Clock:
    """Where today and now come from."""

    def today(self) -> date:
        raise NotImplementedError

    def now(self) -> datetime:
        raise NotImplementedError


class SystemClock(Clock):
    """The computer's local date and time."""

    def today(self) -> date:
        return date.today()

    def now(self) -> datetime:
        return datetime.now().replace(microsecond=0)


class FixedClock(Clock):
    """A clock stopped on ``today`` (at ``now``, or 10:00 of that day): for tests and
    for ``--today`` on the command line."""

    def __init__(self, today: date, now: datetime | None = None):
        self._today = today
        self._now = now or datetime.combine(today, time(10, 0))

    def today(self) -> date:
        return self._today

    def now(self) -> datetime:
        return self._now

    def set(self, today: date, now: datetime | None = None) -> None:
        """Move the clock (tests that walk through dates)."""
        self._today = today
        self._now = now or datetime.combine(today, time(10, 0))


def noon_of(day: date) -> datetime:
    """A stand-in "now" for a screen made with only a ``today`` (tests): that day at 12:00."""
    return datetime.combine(day, time(12, 0))
