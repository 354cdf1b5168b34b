"""The clock for services and screens (defined in ``app.clock``, below every layer)."""

from __future__ import annotations

from app.clock import Clock, FixedClock, SystemClock

__all__ = ["Clock", "FixedClock", "SystemClock"]
