"""Who may open which project page: wrong role 403, wrong site 404, the right user 200."""

from __future__ import annotations

import pytest
from django.urls import reverse

from houqin.procurement.tests.helpers_pages import *  # noqa: F403

pytestmark = pytest.mark.django_db


def test_ledger_roles(client, personas, buyer, project, other_project):
    url = reverse("procurement:project_list")
    for user in (buyer, personas.leader):
        client.force_login(user)
        body = client.get(url).content.decode()
        assert project.title in body and other_project.title not in body
    for user in (personas.staff, personas.guard, personas.nobody):
        client.force_login(user)
        assert client.get(url).status_code == 403


def test_request_page_roles(client, personas, buyer):
    url = reverse("procurement:project_add")
    for user in (buyer, personas.staff, personas.leader):
        client.force_login(user)
        assert client.get(url).status_code == 200
    for user in (personas.guard, personas.nobody):
        client.force_login(user)
        assert client.get(url).status_code == 403
    client.force_login(personas.staff)
    assert client.get(reverse("procurement:project_mine")).status_code == 200


def test_detail_site_and_role(client, personas, buyer, project, other_project):
    client.force_login(buyer)
    assert client.get(project.get_absolute_url()).status_code == 200
    assert client.get(other_project.get_absolute_url()).status_code == 404
    client.force_login(personas.staff)  # not their request
    assert client.get(project.get_absolute_url()).status_code == 404
    client.force_login(personas.guard)
    assert client.get(project.get_absolute_url()).status_code == 403


@pytest.mark.parametrize("name", ["project_advance", "bid_add", "bid_evaluate", "project_cancel"])
def test_actions_site_and_role(client, personas, buyer, project, other_project, name):
    client.force_login(personas.leader)
    assert client.post(reverse(f"procurement:{name}", kwargs={"pk": project.pk})).status_code == 403
    client.force_login(buyer)
    other = reverse(f"procurement:{name}", kwargs={"pk": other_project.pk})
    assert client.post(other).status_code == 404
    own = client.post(reverse(f"procurement:{name}", kwargs={"pk": project.pk}))
    assert own.status_code == 400  # empty form: refused with messages, nothing saved


def test_void_and_history(client, personas, buyer, project, other_project):
    client.force_login(buyer)
    url = reverse("procurement:project_void", kwargs={"pk": project.pk})
    assert client.get(url).status_code == 200
    other = reverse("procurement:project_void", kwargs={"pk": other_project.pk})
    assert client.get(other).status_code == 404
    client.force_login(personas.leader)
    assert client.get(url).status_code == 403
    client.force_login(buyer)
    assert client.post(url, {"reason": "重复申请"}).status_code == 302
    project.refresh_from_db()
    assert project.voided_at is not None


def test_bids_and_internal_notes_by_role(client, personas, buyer, supplier):
    from datetime import timedelta

    from houqin.procurement.services.projects import bid_record
    from houqin.procurement.tests.helpers_pages import make_request

    project = make_request(personas.site, personas.staff, requester=personas.staff.person)
    bid_record(
        project=project,
        supplier=supplier,
        price_yuan=9000,
        submitted_at=project.created_at + timedelta(hours=1),
        by=buyer,
    )
    client.force_login(personas.staff)  # the requester: their project, no bids
    body = client.get(project.get_absolute_url()).content.decode()
    assert 'data-testid="project-bids"' not in body and "advance-form" not in body
    client.force_login(personas.leader)  # reads bids, not the evaluation notes
    body = client.get(project.get_absolute_url()).content.decode()
    assert supplier.name in body and "data-internal" not in body and "advance-form" not in body
    client.force_login(buyer)
    assert "data-internal" in client.get(project.get_absolute_url()).content.decode()
