"""Release windows: starting or advancing outside them is refused in plain words; a
rollback is always allowed; malformed windows are a 400."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from webapp.conftest import Personas
from webapp.rollouts.tests.conftest import approved, live
from webapp.scenes import windows
from webapp.scenes.models import Scene

WEEKDAYS = [{"days": ["mon", "tue", "wed", "thu", "fri"], "start": "09:00", "end": "17:00"}]


def test_windows_in_local_time_and_past_midnight() -> None:
    monday_noon_utc = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)  # a Monday
    assert windows.is_open(WEEKDAYS, "UTC", monday_noon_utc)
    assert not windows.is_open(WEEKDAYS, "Asia/Tokyo", monday_noon_utc)  # 21:00 there
    assert not windows.is_open(WEEKDAYS, "UTC", datetime(2026, 11, 22, 12, tzinfo=UTC))
    night = [{"days": ["fri"], "start": "22:00", "end": "02:00"}]
    assert windows.is_open(night, "UTC", datetime(2026, 11, 27, 23, tzinfo=UTC))  # Fri
    assert windows.is_open(night, "UTC", datetime(2026, 11, 28, 1, tzinfo=UTC))  # Sat 1am
    assert not windows.is_open(night, "UTC", datetime(2026, 11, 28, 3, tzinfo=UTC))
    assert windows.is_open([], "UTC", monday_noon_utc)
    with pytest.raises(ValueError, match="days"):
        windows.parse([{"days": ["someday"], "start": "09:00", "end": "10:00"}])


def _closed(scene: Scene) -> None:
    """A window on another day than today (UTC): closed now, whenever the test runs."""
    other_day = windows.DAYS[(datetime.now(UTC).weekday() + 3) % 7]
    scene.release_windows = [{"days": [other_day], "start": "00:00", "end": "23:59"}]
    scene.release_timezone = "UTC"
    scene.save()


def test_start_and_advance_outside_the_window_are_refused(people: Personas,
                                                          scene: Scene) -> None:
    author = people.client(people.author)
    rollout = approved(people, scene)
    _closed(scene)
    refused = author.post(f"/api/rollouts/{rollout.pk}/start/")
    assert refused.status_code == 409
    error = refused.json()["errors"][0]
    assert error["code"] == "outside_release_window"
    assert "00:00–23:59 (UTC)" in error["message"] and "rollback" in error["message"]
    rollout.refresh_from_db()
    assert rollout.state == "approved"


def test_advance_refused_but_rollback_allowed(people: Personas, scene: Scene) -> None:
    author = people.client(people.author)
    rollout = live(people, scene)
    _closed(scene)
    assert author.post(f"/api/rollouts/{rollout.pk}/advance/").status_code == 409
    back = author.post(f"/api/rollouts/{rollout.pk}/rollback/")
    assert back.status_code == 200 and back.json()["state"] == "rolled_back"


def test_scene_windows_are_validated(people: Personas, scene: Scene) -> None:
    admin = people.client(people.admin)
    bad = admin.patch("/api/scenes/feed/", {"release_windows": [{"days": ["mon"],
                                                                  "start": "25:00",
                                                                  "end": "26:00"}]},
                      format="json")
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "release_windows"
    zone = admin.patch("/api/scenes/feed/", {"release_timezone": "Mars/Olympus"},
                       format="json")
    assert zone.status_code == 400 and "unknown time zone" in zone.json()["errors"][0][
        "message"]
    ok = admin.patch("/api/scenes/feed/", {"release_windows": WEEKDAYS,
                                           "release_timezone": "Europe/Berlin"}, format="json")
    assert ok.status_code == 200, ok.content
    assert ok.json()["release_windows"][0]["start"] == "09:00:00"
    assert isinstance(ok.json()["release_open"], bool)
