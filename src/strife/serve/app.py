"""``strife serve``: a REST API over a read-only store, the offline web map, and extraction on demand.

Handlers validate, call one store query and shape the answer; no SQL here. Each request opens the store
read-only (a SQLite connection per request, closed after). Writes (a review, an incident split or merge,
``POST /api/extract`` with ``"store": true``) need a server started with writes allowed and the request's
``Authorization: Bearer TOKEN`` (401 without one, 403 with a wrong one or on a read-only server); reads stay open.
A request whose Host header names none of the served host names is refused (400), against DNS rebinding.
Every list is paginated with a hard limit; exports (``format=csv|geojson``) stream every match of the filters.
Errors are JSON ``{"error": "..."}`` with a 4xx status, never a traceback.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import secrets
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Annotated, Any, Literal

import anyio
import anyio.to_thread
from fastapi import Body, Depends, FastAPI, HTTPException, Query, Request
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, StreamingResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field, model_validator
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from strife import reviews
from strife.errors import StrifeError, UsageError
from strife.export import AREA_RADIUS_KM, csv_chunks, export_layout, geojson_chunks
from strife.pipeline import Result
from strife.records import VERIFICATIONS, Article, Skip
from strife.serve import mapdata
from strife.store import FAMILIES, QUEUE_ORDERS, SQLITE_MAX_INTEGER, Filters, Store

log = logging.getLogger("strife.serve")

STATIC = Path(__file__).resolve().parent / "static"
SWAGGER = STATIC / "vendor" / "swagger-ui"  # built by `make serve-assets`; /docs exists only when it is there
MAX_PAGE = 10_000  # the most rows one JSON page returns
DEFAULT_PAGE = 100
MAX_BODY = 2_000_000  # bytes of a request body (an article of text or HTML)
MAX_PENDING_EXTRACTIONS = 256  # extractions waiting for the pipeline; more get 503
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
                               "object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
EXTRACTION_FAILED = 422
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1")

Format = Literal["json", "csv", "geojson"]


# --- request shapes -----------------------------------------------------------------------------------------

def filters_from_query(
    country: Annotated[str | None, Query(pattern=r"^[A-Za-z]{2}$", description="ISO 3166-1 alpha-2")] = None,
    admin1: Annotated[str | None, Query(max_length=200)] = None,
    since: Annotated[dt.date | None, Query(description="events that end on or after this day")] = None,
    until: Annotated[dt.date | None, Query(description="events that start on or before this day")] = None,
    type: Annotated[str | None, Query(max_length=100, description="ACLED event type")] = None,
    sub_type: Annotated[str | None, Query(max_length=100, description="ACLED sub-event type")] = None,
    actor: Annotated[str | None, Query(max_length=200, description="part of an actor's name")] = None,
    near: Annotated[str | None, Query(max_length=100, description="LAT,LON,KM")] = None,
    min_fatalities: Annotated[int | None, Query(ge=0, le=SQLITE_MAX_INTEGER)] = None,
    verification: Annotated[Literal[VERIFICATIONS] | None, Query()] = None,  # type: ignore[valid-type]
    include_rejected: Annotated[bool, Query(description="also events an analyst rejected")] = False,
    family: Annotated[Literal[FAMILIES] | None, Query(  # type: ignore[valid-type]
        description="acled (the default), plover (political events) or all; all with plover_type")] = None,
    plover_type: Annotated[str | None, Query(max_length=20, description="PLOVER category, e.g. ACCUSE")] = None,
) -> Filters:
    """The CLI's filters, from a query string."""
    return Filters(country=country and country.upper(), admin1=admin1, since=since and since.isoformat(),
                   until=until and until.isoformat(), type=type, sub_type=sub_type, actor=actor,
                   near=parse_near(near) if near else None, min_fatalities=min_fatalities,
                   verification=verification, include_rejected=include_rejected, family=family,
                   plover_type=plover_type)


def parse_near(value: str) -> tuple[float, float, float]:
    """``LAT,LON,KM`` as three numbers, checked; a 422 that shows the expected shape otherwise."""
    try:
        lat, lon, km = (float(part) for part in value.split(","))
    except ValueError:
        raise HTTPException(422, f"query.near: {value!r} is not LAT,LON,KM (e.g. 36.2,37.1,25)") from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180 and 0 <= km <= 20_000):
        raise HTTPException(422, f"query.near: {value!r} is off the globe (|lat| <= 90, |lon| <= 180, "
                                 "0 <= km <= 20000)")
    return lat, lon, km


@dataclass(frozen=True, slots=True)
class Page:
    limit: int | None  # None: the default page (JSON) or every match (exports)
    offset: int = 0


PAGE_HELP = f"rows per page (JSON: default {DEFAULT_PAGE}; csv/geojson: every match unless given)"


def page_from_query(limit: Annotated[int | None, Query(ge=1, le=MAX_PAGE, description=PAGE_HELP)] = None,
                    offset: Annotated[int, Query(ge=0, le=SQLITE_MAX_INTEGER)] = 0) -> Page:
    return Page(limit=limit, offset=offset)


class ExtractRequest(BaseModel):
    """One article, as plain text or as an HTML page."""

    text: str | None = Field(None, description="the article's text")
    html: str | None = Field(None, description="an HTML page (its main text is extracted)")
    published: dt.date | None = Field(None, description="publication day: relative dates resolve against it")
    source: str | None = Field(None, max_length=200)
    url: str | None = Field(None, max_length=2000)
    id: str | None = Field(None, max_length=200, pattern=r"^[\w:#@-][\w.:#@-]*$",
                           description="the article id (default: a hash of the content)")
    store: bool = Field(False, description="also store the result (servers started with --allow-writes)")

    @model_validator(mode="after")
    def one_body(self) -> ExtractRequest:
        if (self.text is None) == (self.html is None):
            raise ValueError("give exactly one of `text` or `html`")
        if not (self.text or self.html or "").strip():
            raise ValueError("the article is empty")
        return self


class ReviewRequest(BaseModel):
    """What an analyst says of an event (``POST /api/events/{id}/review``)."""

    status: Literal["confirmed", "corrected", "rejected"] = Field(
        description="confirmed: right as coded; corrected: right once `set` is applied; rejected: not an event")
    set: dict[str, Any] = Field(default_factory=dict, description=(
        "corrected fields (status corrected only), e.g. {\"fatalities.best\": 7}; keys: "
        + ", ".join(reviews.SETTABLE) + ". `location` is a gazetteer name (\"Douma, SY\") or {\"lat\", \"lon\"}"))
    note: str | None = Field(None, max_length=2000, description="why")
    by: str | None = Field(None, max_length=200, description="who")


class SplitRequest(BaseModel):
    events: list[str] = Field(default_factory=list, description="the events to take out (default: each "
                                                                 "article's events to an incident of its own)")
    note: str | None = Field(None, max_length=2000)
    by: str | None = Field(None, max_length=200)


class MergeRequest(BaseModel):
    other: int = Field(ge=1, le=SQLITE_MAX_INTEGER, description="the incident merged into this one")
    note: str | None = Field(None, max_length=2000)
    by: str | None = Field(None, max_length=200)


IncidentId = Annotated[int, PathParam(ge=1, le=SQLITE_MAX_INTEGER)]
WRITE_RESPONSES = {401: {"description": "no bearer token"},
                   403: {"description": "a wrong token, or a server started without --allow-writes"}}
bearer = HTTPBearer(auto_error=False, description="the token `strife serve --allow-writes` prints or reads "
                                                  "from STRIFE_TOKEN")


def reader(request: Request) -> Iterator[Store]:
    """A read-only store for one request, closed after it."""
    with Store(request.app.state.db, read_only=True) as store:
        yield store


def writer(request: Request,
           credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]) -> Iterator[Store]:
    """A writable store for one request that carries the server's bearer token."""
    authorize(request, credentials)
    with Store(request.app.state.db) as store:
        yield store


def authorize(request: Request, credentials: HTTPAuthorizationCredentials | None) -> None:
    """401 without a bearer token; 403 with a wrong one, or on a server that allows no writes."""
    token = request.app.state.token
    if credentials is None:
        raise HTTPException(401, "this request writes: send Authorization: Bearer TOKEN",
                            headers={"WWW-Authenticate": "Bearer"})
    if token is None:
        raise HTTPException(403, "this server is read-only; start it with --allow-writes to store")
    if not secrets.compare_digest(credentials.credentials.encode(), token.encode()):
        raise HTTPException(403, "wrong token")


Reader = Annotated[Store, Depends(reader)]
Writer = Annotated[Store, Depends(writer)]
Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]
Query_ = Annotated[Filters, Depends(filters_from_query)]
Paging = Annotated[Page, Depends(page_from_query)]


# --- the app ------------------------------------------------------------------------------------------------

def create_app(db: str | Path, *, allow_writes: bool = False, token: str | None = None,
               hosts: Iterable[str] | None = None, max_body: int = MAX_BODY) -> FastAPI:
    """The web app over the store at ``db`` (which must exist: ``strife ingest`` builds it).

    ``allow_writes`` with ``token``: requests that write must carry ``Authorization: Bearer TOKEN``.
    ``hosts``: the host names the server answers to (``strife serve`` always gives them); None checks none.
    """
    db_path = Path(db)
    Store(db_path, read_only=True).close()  # fail now, in one line, if the file is missing or too old
    if allow_writes and not token:
        raise UsageError("a server that allows writes needs a token")
    extractor = Extractor()

    app = FastAPI(title="strife", summary="Conflict events with their evidence: query, map, extract, review.",
                  docs_url=None, redoc_url=None)
    app.add_middleware(BodyLimit, max_body=max_body)
    if hosts is not None:
        app.add_middleware(HostCheck, hosts=hosts)
    install_error_handlers(app, max_body)
    app.state.token = token if allow_writes else None

    @app.middleware("http")
    async def security_headers(request: Request, call_next):
        response = await call_next(request)
        response.headers.update(SECURITY_HEADERS)
        return response

    app.state.db = db_path

    @app.get("/api/events", summary="Events matching the filters")
    def list_events(store: Reader, filters: Query_, page: Paging, format: Format = "json",
                    evidence: bool = Query(True, description="include evidence spans (JSON)"),
                    order: Literal["date", "fatalities"] = Query("date", description="JSON: oldest first, or "
                                                                 "the deadliest first")):
        if format != "json":
            return export(db_path, "events", filters, page, format)
        rows = store.events(filters, limit=page.limit or DEFAULT_PAGE, offset=page.offset, order=order)
        if not evidence:
            rows = [{k: v for k, v in row.items() if k != "evidence"} for row in rows]
        return listing(rows, mapdata.count_events(store, filters), page)

    @app.get("/api/incidents", summary="Incidents (events merged across articles) matching the filters")
    def list_incidents(store: Reader, filters: Query_, page: Paging, format: Format = "json"):
        if format != "json":
            return export(db_path, "incidents", filters, page, format)
        rows = store.incidents(filters, limit=page.limit or DEFAULT_PAGE, offset=page.offset)
        return listing(rows, store.count_incidents(filters), page)

    @app.get("/api/review-queue", summary="Unreviewed events to review first: the least sure (order=confidence), "
                                          "the deadliest (deaths) or the most reported (reports)")
    def review_queue(store: Reader, filters: Query_, page: Paging,
                     order: Literal[tuple(QUEUE_ORDERS)] = "confidence"):  # type: ignore[valid-type]
        rows = store.review_queue(filters, order, limit=page.limit or DEFAULT_PAGE, offset=page.offset)
        return listing(rows, store.count_review_queue(filters), page)

    @app.get("/api/review-fields", summary="What a review may set: each field's kind (choice, day, place, text, "
                                           "count, flag) and choices; whether this server takes writes")
    def review_fields():
        return {"writes": app.state.token is not None, "statuses": list(reviews.STATUSES),
                "fields": reviews.describe_fields()}

    @app.get("/api/reviews", summary="The review log, oldest first: reviews, and incident splits and merges")
    def review_log(store: Reader, status: Literal[reviews.STATUSES] | None = None,  # type: ignore[valid-type]
                   event_id: Annotated[str | None, Query(max_length=300)] = None):
        return {"items": store.review_log(status=status, event_id=event_id)}

    @app.post("/api/events/{event_id:path}/review", responses={**WRITE_RESPONSES, 404: {"description": "no event"}},
              summary="Review an event: confirm it, correct fields, or reject it (needs the bearer token)")
    def review_event(store: Writer, event_id: str, body: Annotated[ReviewRequest, Body()]):
        found(store.event(event_id), "event", event_id)
        try:
            corrections = reviews.settable(body.set)
            event = store.review(event_id, body.status, corrections, note=body.note, by=body.by)
        except UsageError as err:
            raise HTTPException(422, str(err)) from None
        return {"event": event, "reviews": store.review_log(event_id=event_id)}

    @app.post("/api/incidents/{incident_id}/split", responses={**WRITE_RESPONSES, 404: {"description": "no incident"}},
              summary="Split an incident (needs the bearer token); answers the incidents that hold its events")
    def split_incident(store: Writer, incident_id: IncidentId, body: Annotated[SplitRequest, Body()]):
        found(store.incident(incident_id), "incident", str(incident_id))
        try:
            parts = store.split(incident_id, body.events, by=body.by, note=body.note)
        except StrifeError as err:
            raise HTTPException(422, str(err)) from None
        return {"incidents": parts}

    @app.post("/api/incidents/{incident_id}/merge", responses={**WRITE_RESPONSES, 404: {"description": "no incident"}},
              summary="Merge incident `other` into this one (needs the bearer token)")
    def merge_incident(store: Writer, incident_id: IncidentId, body: Annotated[MergeRequest, Body()]):
        found(store.incident(incident_id), "incident", str(incident_id))
        found(store.incident(body.other), "incident", str(body.other))
        try:
            kept = store.merge(incident_id, body.other, by=body.by, note=body.note)
        except StrifeError as err:
            raise HTTPException(422, str(err)) from None
        return {"incident": store.incident(kept)}

    @app.get("/api/events/{event_id:path}", summary="One event with its article's text, its incident and its "
                                                    "reviews")
    def get_event(store: Reader, event_id: str):
        event = found(store.event(event_id), "event", event_id)
        return {"event": event, "article": store.article(event["article_id"]),
                "incident": store.incident(event["incident_id"]) if event.get("incident_id") else None,
                "reviews": store.review_log(event_id=event_id)}

    @app.get("/api/incidents/{incident_id}", summary="One incident with its events, sources and articles")
    def get_incident(store: Reader, incident_id: IncidentId):
        incident = found(store.incident(incident_id), "incident", str(incident_id))
        article_ids = dict.fromkeys(m["article_id"] for m in incident.get("members", []))
        return {"incident": incident, "articles": {a: store.article(a) for a in article_ids}}

    @app.get("/api/articles/{article_id:path}", summary="One stored article with its clean text")
    def get_article(store: Reader, article_id: str):
        return found(store.article(article_id), "article", article_id)

    @app.get("/api/stats", summary="Counts by status, month, country and type; the latest runs")
    def stats(store: Reader):
        return store.stats()

    @app.get("/api/place-radii", summary="How wide an area, in km, a place of each precision stands for "
                                         "(the GeoJSON exports' radius_km)")
    def place_radii():
        return AREA_RADIUS_KM

    @app.post("/api/extract", summary="Events of one article (text or HTML); stored only when asked (with the "
                                      "bearer token)",
              responses={**WRITE_RESPONSES, 413: {"description": "body too large"},
                         503: {"description": "too many requests"}})
    async def extract(request: Request, body: ExtractRequest, credentials: Credentials):
        if body.store:
            authorize(request, credentials)
        result = await extractor.run(extract_one, body, db_path if body.store else None)
        return {"article_id": result.article_id, "text": result.clean.text,
                "events": [e.to_dict() for e in result.events], "stored": body.store}

    @app.get("/", include_in_schema=False)
    def index():
        return FileResponse(STATIC / "index.html")

    @app.get("/docs", include_in_schema=False)
    def docs():
        if not (SWAGGER / "swagger-ui-bundle.js").exists():
            raise HTTPException(404, "interactive docs are not installed (`make serve-assets`); "
                                     "the API description is at /openapi.json")
        return FileResponse(STATIC / "docs.html")

    add_map_routes(app)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app


def add_map_routes(app: FastAPI) -> None:
    """The web map's aggregates (``strife.serve.mapdata``): the page draws these, never every event."""
    mapdata.country_names()  # read the country list now, not on the first page's clock

    @app.get("/api/map", summary="Events in a bounding box: one by one when few, else counts per grid cell")
    def map_view(store: Reader, filters: Query_,
                 bbox: Annotated[str, Query(max_length=200, description="W,S,E,N in degrees")] = "-180,-90,180,90",
                 zoom: Annotated[int, Query(ge=0, le=20, description="the map's zoom (cells shrink as it grows)")] = 2):
        try:
            box = mapdata.Box.parse(bbox)
        except ValueError as err:
            raise HTTPException(422, f"query.bbox: {err}") from None
        return JSONResponse(mapdata.map_view(store, filters, box, zoom))

    @app.get("/api/timeline", summary="Events per day, week or month over the range where most lie, "
                                      "with the counts outside it (the filters' dates aside)")
    def timeline(store: Reader, filters: Query_):
        return JSONResponse(mapdata.timeline(store, filters))

    @app.get("/api/facets", summary="The filters' choices with counts: countries by name, event and sub-event "
                                    "types, and the admin-1 units of a country")
    def facets(store: Reader,
               country: Annotated[str | None, Query(pattern=r"^[A-Za-z]{2}$", description="ISO2")] = None):
        return JSONResponse(mapdata.facets(store, country))


def found(record: dict | None, kind: str, key: str) -> dict:
    if record is None:
        raise HTTPException(404, f"no {kind} with id {key!r}")
    return record


def listing(rows: list[dict], total: int, page: Page) -> JSONResponse:
    """A page of records that are JSON already (FastAPI's per-value conversion costs seconds a page)."""
    return JSONResponse({"total": total, "offset": page.offset, "limit": page.limit or DEFAULT_PAGE,
                         "items": rows})


# --- exports ------------------------------------------------------------------------------------------------

def export(db_path: Path, kind: Literal["events", "incidents"], filters: Filters, page: Page,
           fmt: Literal["csv", "geojson"]) -> StreamingResponse:
    """Every match (or one page when ``limit`` is given) as CSV or GeoJSON, streamed."""
    def rows() -> Iterator[dict]:
        with Store(db_path, read_only=True) as store:
            if page.limit is None:
                source = store.iter_events(filters) if kind == "events" else store.iter_incidents(filters)
                yield from (r for i, r in enumerate(source) if i >= page.offset)
            else:
                query = store.events if kind == "events" else store.incidents
                yield from query(filters, limit=page.limit, offset=page.offset)

    flat, columns = export_layout(fmt, incidents=kind == "incidents")
    body = csv_chunks(map(flat, rows()), columns) if fmt == "csv" else geojson_chunks(map(flat, rows()))
    media = "text/csv; charset=utf-8" if fmt == "csv" else "application/geo+json"
    name = f"strife-{kind}.{fmt}"
    return StreamingResponse(body, media_type=media,
                             headers={"Content-Disposition": f'attachment; filename="{name}"'})


# --- extraction ---------------------------------------------------------------------------------------------

def article_of(body: ExtractRequest) -> Article:
    content = body.text if body.text is not None else body.html
    article_id = body.id or "api-" + hashlib.sha1(content.encode("utf-8", "replace")).hexdigest()[:12]
    published = body.published.isoformat() if body.published else None
    if body.text is not None:
        return Article(id=article_id, text=body.text, published=published, source=body.source, url=body.url,
                       origin="api")
    from strife.ingest.html import article_from_html

    article = article_from_html(body.html, "api", article_id, body.url)
    if isinstance(article, Skip):
        raise HTTPException(EXTRACTION_FAILED, f"the page has no article: {article.reason}")
    return replace(article, published=published, source=body.source or article.source)


def extract_one(body: ExtractRequest, db_path: Path | None) -> Result:
    """Clean, parse and code one posted article; store it when ``db_path`` is given (in the worker thread)."""
    from strife.api import default_pipeline

    result = next(default_pipeline().run([article_of(body)]))
    if result.skip:
        raise HTTPException(EXTRACTION_FAILED, f"the article was skipped: {result.skip.reason}")
    if db_path is not None:
        with Store(db_path) as store:
            store.ingest([result])
    return result


class Extractor:
    """One worker at a time on the pipeline (one model, shared), and a bound on the requests waiting for it.

    Waiting requests hold no thread, so reads stay quick while extractions queue.
    """

    def __init__(self, max_pending: int = MAX_PENDING_EXTRACTIONS):
        self.max_pending = max_pending
        self.pending = 0
        self._worker: anyio.CapacityLimiter | None = None

    async def run(self, work: Callable[..., Any], *args: Any) -> Any:
        if self.pending >= self.max_pending:
            raise HTTPException(503, f"{self.pending} extractions are waiting; retry shortly")
        self._worker = self._worker or anyio.CapacityLimiter(1)
        self.pending += 1
        try:
            return await anyio.to_thread.run_sync(work, *args, limiter=self._worker)
        finally:
            self.pending -= 1


# --- body limits and errors ---------------------------------------------------------------------------------

def error_response(status: int, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status, headers={**SECURITY_HEADERS, **(headers or {})})


class HostCheck:
    """Refuse (400) a request whose Host header names none of ``hosts``: a page on another site that rebinds its
    DNS name to this server's address then reaches nothing (DNS rebinding)."""

    def __init__(self, app: ASGIApp, hosts: Iterable[str]):
        self.app, self.hosts = app, {h.lower().strip("[]") for h in hosts}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket"):
            host = host_name(Headers(scope=scope).get("host", ""))
            if host not in self.hosts:
                return await error_response(400, f"this server does not answer to the host name {host!r}")(
                    scope, receive, send)
        await self.app(scope, receive, send)


def host_name(header: str) -> str:
    """The name of a Host header, without its port (``[::1]:8000`` -> ``::1``)."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1:header.find("]")] if "]" in header else header
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


def served_hosts(host: str, extra: Iterable[str] = ()) -> set[str]:
    """The host names a server bound to ``host`` answers to: that address, the loopback names when it listens
    on loopback or on every interface, then also this machine's names and addresses, and ``extra`` (a proxy's
    name)."""
    import socket

    names = {host, *extra}
    if host in LOOPBACK_NAMES or host in ("0.0.0.0", "::", ""):
        names |= set(LOOPBACK_NAMES)
    if host in ("0.0.0.0", "::", ""):
        names |= {socket.gethostname(), socket.getfqdn(), *machine_addresses()}
    return {n.lower().strip("[]") for n in names if n}


def machine_addresses() -> set[str]:
    """The addresses this machine's name resolves to (how others on the network may reach it)."""
    import socket

    try:
        return {info[4][0] for info in socket.getaddrinfo(socket.gethostname(), None)}
    except OSError:
        return set()


def new_token() -> str:
    return secrets.token_urlsafe(24)


class BodyLimit:
    """Refuse bodies over ``max_body`` bytes (413): by Content-Length, or as a chunked body streams in."""

    def __init__(self, app: ASGIApp, max_body: int):
        self.app, self.max_body = app, max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        declared = Headers(scope=scope).get("content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_body):
            status = 413 if declared.isdigit() else 400
            message = too_large(self.max_body) if status == 413 else "Content-Length is not a number"
            return await error_response(status, message)(scope, receive, send)
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.max_body:
                raise StarletteHTTPException(413)  # FastAPI passes HTTP errors from body reading through
            return message

        await self.app(scope, counted, send)


def too_large(max_body: int) -> str:
    return f"the request body is over the limit of {max_body} bytes"


def install_error_handlers(app: FastAPI, max_body: int) -> None:
    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError):
        return error_response(422, "; ".join(describe(e) for e in exc.errors()))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        message = too_large(max_body) if exc.status_code == 413 else str(exc.detail)
        return error_response(exc.status_code, message, getattr(exc, "headers", None))

    @app.exception_handler(StrifeError)
    async def strife_error(request: Request, exc: StrifeError):
        return error_response(503, str(exc))

    @app.exception_handler(Exception)
    async def bug(request: Request, exc: Exception):
        log.error("internal error on %s %s: %s", request.method, request.url.path, exc, exc_info=exc)
        return error_response(500, "internal error; the server log has the details")


def describe(error: dict[str, Any]) -> str:
    """One validation error in a line: where, then what (``query.limit: Input should be ...``)."""
    where = ".".join(str(p) for p in error.get("loc", ()) if p != "body" or len(error["loc"]) == 1)
    message = error.get("msg", "invalid").removeprefix("Value error, ")
    return f"{where}: {message}" if where else message
