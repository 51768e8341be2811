"""Analytics: counted cheaply per request, flushed to the store, shown and exported.

Rules:

- :class:`Collector` (``collector.py``) is the hot path: one per server process, one
  ``observe`` per answered request, or one :meth:`Slot.add` (an append) where the caller
  kept the :class:`Slot` of a repeated answer; no samples kept beyond a short batch
  (:class:`Histogram`, ``histogram.py``: fixed log-spaced buckets, percentiles within
  about 5%).
- :class:`Snapshot` (``snapshot.py``) is the frozen result: overall, per environment,
  per operation; ``as_dict`` is what the admin API serves.
- ``flush.py`` (:class:`~specmock.analytics.flush.AnalyticsFlusher`) adds a collector's
  periods to the store's ``mock_analytics`` rows; ``store.py`` writes and adds them up
  (:func:`~specmock.analytics.store.read_totals`), so several processes add up.
- ``prometheus.py`` renders ``/__specmock/metrics``; ``render.py`` draws
  ``specmock stats``.
- This package imports neither SQLAlchemy, prometheus-client nor rich: those load with
  ``store``, ``flush``, ``prometheus`` and ``render`` when they are used.
"""

from specmock.analytics.collector import Collector, Period, Slot
from specmock.analytics.histogram import Histogram
from specmock.analytics.snapshot import AnalyticsError, Detail, Figures, Snapshot

__all__ = [
    "AnalyticsError",
    "Collector",
    "Detail",
    "Figures",
    "Histogram",
    "Period",
    "Slot",
    "Snapshot",
]
