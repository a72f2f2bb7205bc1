"""Workshop mode: for instructors who show the guide on a projector and let a room play along.

The parts, each its own module:

* :mod:`~guide.workshop.presenting`: presentation styling for the projector;
* :mod:`~guide.workshop.views`: what the model says at each interest level, for the room;
* :mod:`~guide.workshop.store` and :mod:`~guide.workshop.sessions`: the poll's answers,
  one database per session, and which session every process shares;
* :mod:`~guide.workshop.poll`: the poll as participants and the facilitator see it;
* :mod:`~guide.workshop.projector`: the projected answers and the join card;
* :mod:`~guide.workshop.room`, :mod:`~guide.workshop.roomfile`,
  :mod:`~guide.workshop.room_server`, :mod:`~guide.workshop.room_guard`: ``make room``;
* :mod:`~guide.workshop.handout`: a scenario's notebook as a page to print.

Notebooks use the names below (``from guide import workshop``).
"""

from .poll import DeviceKey, PollPanel, after_vote, app_poll
from .presenting import presentation_mode
from .projector import JoinCard, ResultsView, join_html
from .sessions import SessionControl, poll_location, start_session
from .views import model_sentence, model_view

__all__ = ["DeviceKey", "JoinCard", "PollPanel", "ResultsView", "SessionControl",
           "after_vote", "app_poll", "join_html", "model_sentence", "model_view",
           "poll_location", "presentation_mode", "start_session"]
