"""The newsroom's role fixtures (one user per role, logged-in clients) serve planning too."""

from newsroom.tests.conftest import (  # noqa: F401 (pytest fixtures)
    administrator,
    approver,
    editor,
    make_user,
    other_reporter,
    reporter,
)
