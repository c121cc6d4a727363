"""Choosing the host department narrows the host list (check-in and invitation forms)."""

from django.urls import reverse

from houqin.core.models import Department, Person
from houqin.security.tests.helpers import department, host, login

URL = reverse("security:host_options")


def test_hosts_of_the_chosen_department_are_offered(personas):
    dept = department(personas.site)
    other = Department.objects.create(site=personas.site, code="D2", name="另一个科室")
    Person.objects.create(site=personas.site, name="别的科室的人", department=other)

    response = login(personas.guard).get(URL, {"host_department": dept.pk})

    assert response.status_code == 200
    html = response.content.decode()
    assert host(personas.site).name in html
    assert "别的科室的人" not in html


def test_a_department_of_another_site_offers_nobody(personas):
    foreign = department(personas.other_site)
    response = login(personas.guard).get(URL, {"host_department": foreign.pk})
    assert host(personas.other_site).name not in response.content.decode()


def test_staff_who_invite_may_use_the_list_but_a_login_without_roles_may_not(personas):
    dept = department(personas.site)
    assert login(personas.staff).get(URL, {"host_department": dept.pk}).status_code == 200
    assert login(personas.nobody).get(URL, {"host_department": dept.pk}).status_code == 403


def test_nonsense_department_gives_an_empty_list_not_an_error(personas):
    response = login(personas.guard).get(URL, {"host_department": "x' or 1=1"})
    assert response.status_code == 200
    assert response.content.decode().count("<option") == 1


def test_a_host_already_chosen_stays_chosen_when_still_in_the_department(personas):
    dept = department(personas.site)
    chosen = host(personas.site)
    params = {"host_department": dept.pk, "host_person": chosen.pk}
    html = login(personas.guard).get(URL, params).content.decode()
    assert f'<option value="{chosen.pk}" selected>' in html
