"""Fixtures of the approvals tests: a kind of request registered for the tests, about a
department, with callbacks that remember what they were called with."""

import pytest

from houqin.approvals.registry import ApprovalKind, register, unregister
from houqin.core import roles
from houqin.core.tests.browser import browse, chromium  # noqa: F401  (browser fixtures)

KIND = "test_kind"


class Calls(list):
    """What the kind's callbacks were called with: (event, request pk, user)."""

    fail_on_approved = False


@pytest.fixture(autouse=True)
def _english(english):
    """Messages are asserted in English in every approvals test (the shared ``english``)."""


@pytest.fixture
def calls():
    return Calls()


@pytest.fixture(autouse=True)
def test_kind(calls):
    """A two-level kind: the security administrator, then the bureau leadership."""

    def on_approved(request, by):
        if calls.fail_on_approved:
            raise RuntimeError("the module could not apply the approval")
        calls.append(("approved", request.pk, by))

    def on_rejected(request, by):
        calls.append(("rejected", request.pk, by))

    kind = register(
        ApprovalKind(
            code=KIND,
            label="test request",
            default_steps=(roles.SECURITY_ADMIN, roles.LEADERSHIP),
            on_approved=on_approved,
            on_rejected=on_rejected,
        )
    )
    yield kind
    unregister(KIND)


@pytest.fixture
def personas(db):
    """The test kit's personas, and a deputy security administrator at each site, so a request
    the site's administrator submits still has someone to decide it (the engine refuses
    requests nobody could decide)."""
    from houqin.core.testing import make_personas, make_user

    made = make_personas()
    make_user("deputy", roles.SECURITY_ADMIN, made.site)
    make_user("deputy_other", roles.SECURITY_ADMIN, made.other_site)
    return made
