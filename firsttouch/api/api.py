"""The JSON API, mounted at /api/v1/.

Every route but ``/health``, ``POST /auth/token`` and ``POST /staff/token`` needs a logged-in
session (with the CSRF token for writes) or ``Authorization: Bearer <token>``; rows are always
the caller's family's, or for the staff routes (``programs.api``) an organisation's.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI, Schema

from firsttouch.accounts import throttle
from firsttouch.accounts.token_login import WrongPassword
from firsttouch.courses.api import router as courses_router
from firsttouch.insights.api import router as insights_router
from firsttouch.lactation.api import router as lactation_router
from firsttouch.portability.api import router as portability_router
from firsttouch.programs.api import router as staff_router
from firsttouch.reminders.api import router as reminders_router
from firsttouch.reports.api import router as reports_router
from firsttouch.selfcare.api import router as selfcare_router
from firsttouch.studies.api import router as studies_router
from firsttouch.wellbeing.api import router as wellbeing_router

from .kit import errors
from .kit.auth import API_AUTH
from .kit.parser import ObjectBodyParser
from .kit.resource import build_router
from .resources import RESOURCES
from .routes import auth_router, routines_router

DESCRIPTION = """
Read and log a family's massage sessions and the baby's days.

**Authentication.** Either log in with the web app (session cookie; send the `csrftoken`
cookie's value as `X-CSRFToken` on writes) or send `Authorization: Bearer <token>` with a token
from the settings page or from `POST /api/v1/auth/token`.

**Staff** of an organisation use the routes under `/staff/` with a token from
`POST /api/v1/staff/token` (password and a code of the authenticator app) or a web session
verified with that second factor; any other credential answers 403 there.

**Families.** Everything is scoped to your family. An id that belongs to another family, in a
path or in a body (`baby`, `massager`), answers 404 as if it did not exist.

**Times** are ISO 8601. A time sent without an offset is read in your family's time zone;
times come back in UTC. Running timers (sleep, crying, feeds) have `end: null`; stop one with
`POST /{kind}/{id}/stop`.

**Errors** always have the shape
`{"error": {"code": "...", "message": "...", "fields": {"field": ["..."]}}}`; `fields` is there
for validation errors (422), and nothing is saved when a request is refused.

**Retries.** Send an `Idempotency-Key` header with a create: a retry with the same key returns
the first response and creates nothing new; the same key with a different request is a 422.
Keys are kept for 24 hours.
"""

api = NinjaAPI(
    title="firsttouch API",
    version="1",
    description=DESCRIPTION.strip(),
    urls_namespace="api",
    auth=API_AUTH,
    parser=ObjectBodyParser(),
)
errors.install(api)


@api.exception_handler(throttle.Throttled)
def on_too_many_attempts(request: HttpRequest, exc: throttle.Throttled) -> HttpResponse:
    """The token routes' throttle (accounts.token_login), like the log-in page's."""
    body = errors.error_body("throttled", exc.attempt.message)
    response = api.create_response(request, body, status=429)
    response["Retry-After"] = str(exc.attempt.retry_after_seconds)
    return response


@api.exception_handler(WrongPassword)
def on_wrong_password(request: HttpRequest, exc: WrongPassword) -> HttpResponse:
    body = errors.error_body("wrong_credentials", "The e-mail address or password is wrong.")
    return api.create_response(request, body, status=401)


class HealthOut(Schema):
    status: str


@api.get("/health", auth=None, response=HealthOut, tags=["meta"], summary="Is the server up?")
def health(request: HttpRequest) -> dict[str, str]:
    return {"status": "ok"}


api.add_router("/auth", auth_router)
for resource in RESOURCES:
    api.add_router(f"/{resource.path}", build_router(resource))
api.add_router("/routines", routines_router)

# The mother's side (issue #3) and the family's reports and data: each app keeps its router.
for router in (
    wellbeing_router,
    selfcare_router,
    lactation_router,
    reminders_router,
    portability_router,
    insights_router,
    reports_router,
):
    api.add_router("/", router)

# Staff of organisations (issue 11): their own door, a token proven by a second factor.
# Courses and studies keep their routers, through the same door (programs.api.staff_of).
api.add_router("/staff", staff_router)
api.add_router("/staff", courses_router)
api.add_router("/staff", studies_router)
