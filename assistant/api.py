"""The HTTP API beside the chat, on the same server (FastAPI, which Gradio runs on):

    POST   /api/v1/ask              {"question", "history", "filters"} -> Answer.to_dict()
    GET    /api/v1/reports          every report file and its state
    POST   /api/v1/reports          multipart upload ("file"), indexed at once
    DELETE /api/v1/reports/{file}   remove a report from the corpus and the index
    GET    /openapi.json            the OpenAPI description of these routes

With sign-in configured (ASSISTANT_AUTH_USERNAME/PASSWORD) the API takes the same
credentials as HTTP Basic auth, or `Authorization: Bearer <ASSISTANT_API_TOKEN>`; without
them it answers 401. With neither set it is open, like the chat.
"""

# No `from __future__ import annotations`: FastAPI reads these signatures at run time.
import base64
import binascii
import logging
import secrets
from typing import Any

from pydantic import BaseModel, Field

from .settings import Settings

logger = logging.getLogger(__name__)

API_PREFIX = "/api/v1"


def credentials_ok(settings: Settings, authorization: str | None) -> bool:
    """Whether an Authorization header carries the sign-in credentials (Basic) or the
    API token (Bearer). True when neither is configured."""
    basic = bool(settings.auth_username and settings.auth_password)
    if not basic and not settings.api_token:
        return True
    if not authorization:
        return False
    scheme, _, value = authorization.partition(" ")
    value = value.strip()
    if scheme.lower() == "bearer" and settings.api_token:
        return secrets.compare_digest(value.encode(), settings.api_token.encode())
    if scheme.lower() == "basic" and basic:
        try:
            user, _, password = base64.b64decode(value, validate=True).decode().partition(":")
        except (binascii.Error, UnicodeDecodeError) as exc:
            logger.info("malformed HTTP Basic credentials: %s", exc)
            return False
        assert settings.auth_username and settings.auth_password
        return secrets.compare_digest(user.encode(), settings.auth_username.encode()) & \
            secrets.compare_digest(password.encode(), settings.auth_password.encode())
    return False


class Filters(BaseModel):
    files: list[str] = Field(default_factory=list,
                             description="Reports (paths relative to the corpus).")
    date_from: str | None = Field(
        None, description="Events with a day on or after this (YYYY-MM-DD).")
    date_to: str | None = Field(
        None, description="Events with a day on or before this (YYYY-MM-DD).")


class Turn(BaseModel):
    question: str
    answer: str


class AskBody(BaseModel):
    question: str = Field(..., description="The question, in plain text.")
    history: list[Turn] = Field(default_factory=list,
                                description="Earlier turns, oldest first, for follow-ups.")
    filters: Filters = Field(default_factory=Filters)


def build_api(settings: Settings) -> Any:
    """A FastAPI app holding the API routes and /openapi.json; the chat is mounted on it
    (see ui.launch)."""
    from fastapi import Depends, FastAPI

    app = FastAPI(
        title="Report assistant API",
        version="1",
        description="Answers from the indexed reports, each claim cited to report, page and "
        "exact sentence; and the report library. Sign-in credentials as HTTP Basic auth, "
        "or a bearer token (ASSISTANT_API_TOKEN).",
        docs_url=None, redoc_url=None, openapi_url="/openapi.json",
    )
    guard = Depends(_guard(settings))
    _add_ask_route(app, settings, guard)
    _add_report_routes(app, settings, guard)
    return app


def _guard(settings: Settings) -> Any:
    """A dependency that answers 401 without the right credentials."""
    from fastapi import HTTPException, Request

    def guard(request: Request) -> None:
        if not credentials_ok(settings, request.headers.get("authorization")):
            raise HTTPException(
                401, "sign-in required: HTTP Basic with the chat's credentials, or "
                "Authorization: Bearer with ASSISTANT_API_TOKEN",
                headers={"WWW-Authenticate": 'Basic realm="report assistant"'})
    return guard


def _date(value: str | None, name: str) -> str | None:
    """An ISO date, or a 422 naming the field."""
    from datetime import date

    from fastapi import HTTPException

    if not value:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise HTTPException(422, f"{name}: {value!r} is not a date like 2025-12-18") from None


def _add_ask_route(app: Any, settings: Settings, guard: Any) -> None:
    from fastapi import HTTPException

    from .errors import AssistantError, QuestionError

    @app.post(f"{API_PREFIX}/ask", dependencies=[guard], tags=["answers"],
              summary="Answer a question from the reports")
    def ask(body: AskBody) -> dict[str, Any]:
        from .answering import ask as ask_fn

        filters = {"files": body.filters.files,
                   "date_from": _date(body.filters.date_from, "filters.date_from"),
                   "date_to": _date(body.filters.date_to, "filters.date_to")}
        try:
            answer = ask_fn(body.question, history=[(t.question, t.answer) for t in body.history],
                            filters=filters, settings=settings)
        except QuestionError as exc:
            raise HTTPException(422, str(exc)) from None
        except AssistantError as exc:
            raise HTTPException(503, str(exc)) from None
        return answer.to_dict()


def _add_report_routes(app: Any, settings: Settings, guard: Any) -> None:
    from fastapi import File, HTTPException, UploadFile

    from . import library
    from .errors import ConfigError

    @app.get(f"{API_PREFIX}/reports", dependencies=[guard], tags=["reports"],
             summary="List report files and their state")
    def reports() -> list[dict[str, Any]]:
        return [s.to_dict() for s in library.report_states(settings)]

    @app.post(f"{API_PREFIX}/reports", dependencies=[guard], tags=["reports"],
              summary="Upload a report; it is indexed before the reply", status_code=201)
    def upload(file: UploadFile = File(...)) -> dict[str, Any]:  # noqa: B008 (FastAPI idiom)
        import shutil
        import tempfile
        from pathlib import Path

        name = Path(file.filename or "report").name
        with tempfile.TemporaryDirectory(prefix="api-upload-") as folder:
            dest = Path(folder) / (name or "report")
            with open(dest, "wb") as out:
                shutil.copyfileobj(file.file, out)
            result = library.add_report(settings, dest, name=name)
        if not result.ok:
            raise HTTPException(422, result.error)
        return {"file": result.file, "added": True}

    @app.delete(f"{API_PREFIX}/reports/{{file:path}}", dependencies=[guard],
                tags=["reports"], summary="Remove a report from the corpus and the index")
    def remove(file: str) -> dict[str, Any]:
        try:
            summary = library.remove_report(settings, file)
        except ConfigError as exc:
            raise HTTPException(404, str(exc)) from None
        return {"file": file, "removed": file in summary.removed}


def api_routes(settings: Settings) -> list[Any]:
    """The API's routes and its /openapi.json, to put in front of the chat's own routes
    (`ui.launch` passes them to Gradio's FastAPI app)."""
    from fastapi.responses import JSONResponse
    from fastapi.routing import APIRoute

    app = build_api(settings)
    routes = [r for r in app.routes if getattr(r, "path", "").startswith(API_PREFIX)]

    def openapi() -> JSONResponse:
        return JSONResponse(app.openapi())

    routes.append(APIRoute("/openapi.json", openapi, methods=["GET"], include_in_schema=False))
    return routes
