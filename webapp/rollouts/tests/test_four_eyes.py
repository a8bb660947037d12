"""The author can never approve: not through any endpoint, not with the approver role, not
as an admin, not from the Django admin, not by writing the state."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from webapp.conftest import Personas
from webapp.core.errors import Refusal
from webapp.rollouts import logic
from webapp.rollouts.models import Rollout
from webapp.rollouts.tests.conftest import candidate, draft
from webapp.scenes.models import Scene


def _in_review(people: Personas, scene: Scene, by: object = None) -> Rollout:
    rollout = draft(people, scene)
    if by is not None:
        Rollout.objects.filter(pk=rollout.pk).update(created_by=by)
        rollout.refresh_from_db()
    return logic.submit(rollout, people.author)


@pytest.mark.parametrize("verb", ["approve", "reject"])
def test_the_author_cannot_review_even_as_an_approver(people: Personas, scene: Scene,
                                                      verb: str) -> None:
    people.author.groups.add(Group.objects.get(name="approver"))
    rollout = _in_review(people, scene)
    response = people.client(people.author).post(f"/api/rollouts/{rollout.pk}/{verb}/",
                                                  {"comment": "mine"}, format="json")
    assert response.status_code == 403, response.content
    assert response.json()["errors"][0]["code"] == "four_eyes"
    rollout.refresh_from_db()
    assert rollout.state == "in_review" and rollout.reviewed_by is None


def test_whoever_asked_for_the_rollout_cannot_approve_it(people: Personas,
                                                         scene: Scene) -> None:
    """The version is the author's, the rollout the approver's: neither may approve."""
    rollout = _in_review(people, scene, by=people.approver)
    response = people.client(people.approver).post(f"/api/rollouts/{rollout.pk}/approve/")
    assert response.status_code == 403
    assert response.json()["errors"][0]["code"] == "four_eyes"


def test_an_admin_author_cannot_approve(people: Personas, scene: Scene) -> None:
    version = candidate(people, scene)
    type(version).objects.filter(pk=version.pk).update(author=people.admin)
    version.refresh_from_db()
    rollout = logic.submit(draft(people, scene, version=version), people.author)
    response = people.client(people.admin).post(f"/api/rollouts/{rollout.pk}/approve/")
    assert response.status_code == 403
    with pytest.raises(Refusal):  # the use case itself refuses, whoever calls it
        logic.review(rollout, people.admin, True, "")


def test_an_editor_is_not_an_approver(people: Personas, scene: Scene) -> None:
    rollout = _in_review(people, scene)
    response = people.client(people.editor2).post(f"/api/rollouts/{rollout.pk}/approve/")
    assert response.status_code == 403
    with pytest.raises(Refusal):
        logic.review(rollout, people.editor2, True, "")


def test_another_approver_can_and_a_new_version_needs_a_new_approval(
        people: Personas, scene: Scene) -> None:
    rollout = _in_review(people, scene)
    ok = people.client(people.approver).post(f"/api/rollouts/{rollout.pk}/approve/")
    assert ok.status_code == 200 and ok.json()["state"] == "approved"
    # A later edit is a new version: its rollout starts as a draft, unapproved.
    newer = draft(people, scene, version=candidate(people, scene, n=1))
    assert newer.state == "draft"
    refused = people.client(people.author).post(f"/api/rollouts/{newer.pk}/start/")
    assert refused.status_code == 409


def test_no_back_door(people: Personas, scene: Scene) -> None:
    """The production version and the state are read-only in the API and the admin."""
    rollout = _in_review(people, scene)
    admin = people.client(people.admin)
    version = rollout.version_id
    admin.patch("/api/scenes/feed/", {"production_version": version}, format="json")
    admin.patch(f"/api/rollouts/{rollout.pk}/", {"state": "approved"}, format="json")
    scene.refresh_from_db()
    rollout.refresh_from_db()
    assert scene.production_version_id != version and rollout.state == "in_review"

    browser = Client()
    browser.force_login(people.admin)
    people.admin.is_staff = people.admin.is_superuser = True
    people.admin.save()
    page = browser.post(f"/admin/rollouts/rollout/{rollout.pk}/change/",
                        {"state": "approved"})
    assert page.status_code in (403, 302, 200)
    rollout.refresh_from_db()
    assert rollout.state == "in_review"
    scene_page = browser.get(f"/admin/scenes/scene/{scene.pk}/change/")
    assert scene_page.status_code == 200
    assert 'name="production_version"' not in scene_page.content.decode()
