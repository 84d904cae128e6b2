"""The class leader's pages speak the language the browser asks for; English stays the default."""

from __future__ import annotations

import pytest
from django.urls import reverse

from firsttouch.accounts.models import User
from firsttouch.courses.models import Course, CourseSession
from tests.staff import verified_client


@pytest.mark.parametrize(
    ("language", "translated"),
    [
        ("es", ["Lista de asistencia y práctica en casa", "Inscribir a una familia", ">Sesiones<"]),
        # "Sessions" has a context: django.contrib.sessions' catalogue would say "Sessions".
        (
            "fr",
            ["Registre de présence et pratique à la maison", "Inscrire une famille", ">Séances<"],
        ),
    ],
)
def test_the_course_page_in_spanish_and_french(
    course: Course, session: CourseSession, leader: User, language: str, translated: list[str]
) -> None:
    url = reverse("courses_staff:course", args=[course.organisation_id, course.pk])
    page = verified_client(leader).get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()
    for sentence in translated:
        assert sentence in page
    assert "Register and home practice" not in page
    assert "Enrol a family" not in page
    assert "Room 2" in page  # what staff typed stays as typed


@pytest.mark.parametrize(
    ("language", "heading", "plural"),
    [
        ("es", "Cursos y programas", "desde el"),
        ("fr", "Cours et programmes", "à partir du"),
    ],
)
def test_the_staff_index_in_spanish_and_french(
    course: Course, leader: User, language: str, heading: str, plural: str
) -> None:
    url = reverse("courses_staff:index", args=[course.organisation_id])
    page = verified_client(leader).get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert heading in page
    assert plural in page
    assert "Classes and programmes" not in page
    assert "No courses yet." not in page


def test_a_refused_course_explains_itself_in_french(course: Course, leader: User) -> None:
    response = verified_client(leader).post(
        reverse("courses_staff:course_new", args=[course.organisation_id]),
        {"title": "", "weekly_target": "3", "starts_on": "2026-12-07", "leader": leader.pk},
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    assert response.status_code == 400
    assert "Donnez un titre au cours." in response.content.decode()


def test_english_stays_the_default(course: Course, session: CourseSession, leader: User) -> None:
    url = reverse("courses_staff:course", args=[course.organisation_id, course.pk])
    page = verified_client(leader).get(url).content.decode()
    assert "Register and home practice" in page
