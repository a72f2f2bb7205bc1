"""The last few settings a panel showed, with their results and charts.

Dragging a slider back to where it was is common (a reader compares two values; a room
tries 1 to 5 and back), and the model's answer at a setting never changes (it is seeded),
so a panel keeps what it showed and shows it again at once, explanation included.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any


class Kept:
    """Up to ``size`` settings (the least recently shown goes first); 0 keeps nothing."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.items: OrderedDict[tuple, dict[str, Any]] = OrderedDict()
        self.current: tuple | None = None

    def get(self, key: tuple | None) -> dict[str, Any] | None:
        """What was shown at ``key`` (None: nothing kept), now the most recent."""
        found = self.items.get(key) if key is not None else None
        if found is not None:
            self.items.move_to_end(key)
        self.current = key
        return found

    def put(self, key: tuple | None, **shown: Any) -> dict[str, Any] | None:
        """Keep what is shown at ``key`` (nothing when the panel keeps nothing)."""
        if key is None or not self.size:
            return None
        self.items[key] = {**shown, "explained": None}
        while len(self.items) > self.size:
            self.items.popitem(last=False)
        return self.items[key]

    def explained(self, value: Any) -> None:
        """The explanation of the setting shown now."""
        if self.current in self.items:
            self.items[self.current]["explained"] = value
