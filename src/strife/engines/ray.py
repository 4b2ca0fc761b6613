"""The Ray engine: the same pipeline on a Ray cluster (or a local Ray), through Ray Data.

Each input file is a shard. A read task turns a shard into articles with strife's own readers (JSONL, text,
HTML, WARC, feeds: whatever ``strife.ingest`` dispatches), blocks are cut to the pipeline's batch size, and a
pool of actors runs the pipeline, each actor building it (spaCy model, lexicons, gazetteer) once. Events are
written to ``OUT/events/`` as Parquet (flat columns for filtering, plus ``record``, the schema's JSON record)
and to ``OUT/events.jsonl``; every input to ``OUT/articles/`` (an article's clean text, which the events'
offsets index, or why it was skipped or failed), so that ``strife ingest --from-parquet OUT`` can store the run
as an ingest would; inputs that gave no article, and articles the pipeline failed on, also go to
``OUT/skips.jsonl`` with their reasons, so one bad shard never costs the rest. ``OUT/summary.json`` counts.

Ray is optional (``pip install 'strife[ray]'``) and imported only inside this module's functions.
"""

from __future__ import annotations

import json
import logging
import pickle
import time
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from strife.config import Settings
from strife.engines.local import default_workers
from strife.errors import StrifeError
from strife.ingest import directory_files, read_inputs, repeated_id_reason
from strife.pipeline import Result
from strife.records import Article, CleanText, Event, Skip, day_of

log = logging.getLogger(__name__)

ORDER = ("shard", "seq", "event_index")  # sorts rows back into input order
FLAT_COLUMNS = ("id", "article_id", "event_type", "sub_event_type", "plover_type", "date", "date_precision",
                "country", "admin1", "location", "latitude", "longitude", "fatalities", "source")
ARTICLE_COLUMNS = ("shard", "seq", "kind", "article_id", "origin", "reason", "text", "title", "source", "url",
                   "published", "anchor")


@dataclass(frozen=True, slots=True)
class Summary:
    """What a run did: counts, where the output is, how long it took."""

    out_dir: str
    shards: int
    articles: int
    events: int
    skipped: int
    failed: int
    seconds: float


def run(paths: Iterable[str], settings: Settings, out_dir: str | Path, address: str | None = None,
        actors: int | None = None) -> Summary:
    """Extract events from ``paths`` on Ray and write them under ``out_dir``.

    ``address`` is a running cluster's (``ray start --head`` prints it; "auto" finds the local one); without
    it a local Ray is started on this machine's cores. ``actors`` defaults to one per CPU of the cluster.
    """
    ray = _import_ray()
    started = time.perf_counter()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    shards = shard_paths(paths, settings)
    own_ray = _connect(ray, address)
    try:
        results = without_repeated_ids(_dataset(ray, shards, settings, actors).materialize())
        summary = _write(results, out, len(shards), started)
    finally:
        if own_ray:
            ray.shutdown()
    (out / "summary.json").write_text(json.dumps(asdict(summary), indent=2) + "\n", encoding="utf-8")
    return summary


def read_events(out_dir: str | Path) -> Iterator[dict[str, Any]]:
    """The schema records a run wrote as Parquet under ``out_dir``, in input order."""
    _require_run(out_dir, "events")
    for _, record in _event_records(out_dir):
        yield record


def _event_records(out_dir: str | Path) -> Iterator[tuple[tuple[int, int], dict[str, Any]]]:
    """((shard, seq), record) of every event a run wrote, in input order."""
    import pyarrow.parquet as pq

    files = sorted((Path(out_dir) / "events").glob("*.parquet"))
    if not files:
        return  # a run that found no event
    table = pq.read_table(files, columns=[*ORDER, "record"]).sort_by([(c, "ascending") for c in ORDER])
    for shard, seq, record in zip(*(table.column(c).to_pylist() for c in ("shard", "seq", "record")),
                                  strict=True):
        yield (shard, seq), json.loads(record)


def read_results(out_dir: str | Path) -> Iterator[Result]:
    """Each input of a run, in input order, as the pipeline's ``Result`` (for ``strife ingest --from-parquet``):
    an article's clean text with its events, or the skip or failure it came to. The run is read whole (its
    events grouped by input), so a very large run is best ingested a part of its shards at a time."""
    import pyarrow.parquet as pq

    _require_run(out_dir, "articles")
    files = sorted((Path(out_dir) / "articles").glob("*.parquet"))
    if not files:
        return  # a run that read no article
    events: dict[tuple[int, int], list[dict[str, Any]]] = {}
    for key, record in _event_records(out_dir):
        events.setdefault(key, []).append(record)
    table = pq.read_table(files, columns=list(ARTICLE_COLUMNS)).sort_by([("shard", "ascending"),
                                                                           ("seq", "ascending")])
    for row in table.to_pylist():
        yield result_of(row, events.get((row["shard"], row["seq"]), []))


def _require_run(out_dir: str | Path, part: str) -> None:
    """A run's folder holds ``part`` (Ray writes no folder for an empty part, but always the summary)."""
    if not ((Path(out_dir) / part).is_dir() or (Path(out_dir) / "summary.json").is_file()):
        raise StrifeError(f"no Parquet {part} under {out_dir}: run `strife extract --engine ray ... --out DIR` "
                          "first")


def result_of(row: dict[str, Any], records: list[dict[str, Any]]) -> Result:
    """An input's ``Result`` from its row of ``OUT/articles`` and its event records."""
    if row["kind"] != "article":
        reason = row["reason"] if row["kind"] == "skip" else f"the pipeline failed: {row['reason']}"
        return Result(row["article_id"], skip=Skip(row["origin"], reason, row["article_id"]))
    published = day_of(row["published"])
    clean = CleanText(row["article_id"], row["text"], title=row["title"], source=row["source"], url=row["url"],
                      published=published, anchor=day_of(row["anchor"]))
    return Result(row["article_id"], clean, tuple(Event.from_dict(r, published) for r in records))


def shard_paths(paths: Iterable[str], settings: Settings) -> list[str]:
    """The input files, one shard each: a directory's files with a known extension, sorted as ``ingest`` reads
    them; other paths as given (a missing one becomes a skip when its shard is read)."""
    extensions = set(settings.get("ingest.extensions"))
    shards: list[str] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            shards += [str(p) for p in directory_files(path, extensions)]
        else:
            shards.append(raw)
    return shards


def _import_ray():
    try:
        import ray
        import ray.data  # noqa: F401 - the Data library is the extra's point
    except ImportError as err:
        raise StrifeError("the Ray engine needs Ray Data: pip install 'strife[ray]' "
                          "(or pip install 'ray[data]')") from err
    return ray


def _connect(ray, address: str | None) -> bool:
    """Join ``address`` or start a local Ray; True when this call started it (and so must stop it)."""
    if ray.is_initialized():
        return False
    if address:
        ray.init(address=address, log_to_driver=False)
    else:
        ray.init(num_cpus=default_workers(), include_dashboard=False, log_to_driver=False)
    return True


def _dataset(ray, shards: list[str], settings: Settings, actors: int | None):
    """The lazy plan: shards -> articles -> batches -> pipeline actors -> rows."""
    context = ray.data.DataContext.get_current()
    context.execution_options.preserve_order = True
    batch = settings.get("pipeline.articles_per_batch")
    cpus = max(1.0, ray.cluster_resources().get("CPU", 1.0))
    actors = actors or int(cpus)
    items = ray.data.from_items([{"shard": i, "path": p} for i, p in enumerate(shards)],
                                override_num_blocks=max(1, len(shards)))
    articles = items.flat_map(read_shard, fn_kwargs={"settings": settings}, num_cpus=0)
    # The actors leave one logical CPU free, so the light tasks (re-blocking a big shard into batches, so that
    # every actor gets work) are never stuck waiting for a core that an idle actor holds.
    return (articles.repartition(target_num_rows_per_block=batch)
            .map_batches(PipelineActor, fn_constructor_args=(settings,), batch_size=batch,
                         batch_format="pyarrow", compute=ray.data.ActorPoolStrategy(size=actors),
                         num_cpus=min(1.0, max(cpus - 1, 0.5) / actors)))


def read_shard(row: dict[str, Any], settings: Settings) -> list[dict[str, Any]]:
    """One shard's articles (pickled ``Article``/``Skip``), numbered; a shard that breaks its reader is one
    skip, and the articles it gave before breaking are kept."""
    rows: list[dict[str, Any]] = []
    try:
        for item in read_inputs([row["path"]], settings):
            rows.append({"shard": row["shard"], "seq": len(rows), "item": pickle.dumps(item)})
    except Exception as err:  # noqa: BLE001 - a shard's failure is recorded, the run goes on
        log.warning("shard %s failed: %s", row["path"], err)
        skip = Skip(row["path"], f"shard failed while reading: {type(err).__name__}: {err}")
        rows.append({"shard": row["shard"], "seq": len(rows), "item": pickle.dumps(skip)})
    return rows


class PipelineActor:
    """A Ray Data actor: builds the pipeline once, then turns batches of articles into output rows."""

    def __init__(self, settings: Settings):
        from strife.pipeline import Pipeline

        self.pipeline = Pipeline(settings)
        self.pipeline.backbone  # noqa: B018 - load the model now, not inside the first batch

    def __call__(self, batch):
        keys = list(zip(batch.column("shard").to_pylist(), batch.column("seq").to_pylist(), strict=True))
        items = [pickle.loads(b) for b in batch.column("item").to_pylist()]
        rows: list[dict[str, Any]] = []
        for key, item, outcome in zip(keys, items, self._outcomes(items), strict=True):
            rows += output_rows(key, item, outcome)
        return rows_table(rows)

    def _outcomes(self, items: list[Article | Skip]) -> list:
        """Each item's ``Result``, or the exception it raised: the batch first, one article at a time when the
        batch fails, so one bad article is recorded and the rest of its batch still comes through."""
        try:
            return list(self.pipeline.run(items))
        except Exception:  # noqa: BLE001
            log.warning("a batch failed; retrying its %d articles one by one", len(items))
        outcomes = []
        for item in items:
            try:
                outcomes += list(self.pipeline.run([item]))
            except Exception as err:  # noqa: BLE001 - recorded as a failure row
                outcomes.append(err)
        return outcomes


def output_rows(key: tuple[int, int], item: Article | Skip, outcome) -> list[dict[str, Any]]:
    """Rows for one input: one for the input itself (the article with its clean text, its skip or its
    failure), then one per event."""
    article_id = item.article_id if isinstance(item, Skip) else item.id
    base = {"shard": key[0], "seq": key[1], "article_id": article_id, "origin": item.origin}
    if isinstance(outcome, Exception):
        return [{**base, "kind": "failed", "reason": f"{type(outcome).__name__}: {outcome}"}]
    if outcome.skip:
        return [{**base, "kind": "skip", "reason": outcome.skip.reason}]
    events = [{**base, "kind": "event", "event_index": i, **flat_event(event.to_dict())}
              for i, event in enumerate(outcome.events)]
    return [{**base, "kind": "article", **clean_columns(outcome.clean)}, *events]


def clean_columns(clean: CleanText | None) -> dict[str, Any]:
    """The clean text and what the store keeps of an article (its events' offsets index ``text``)."""
    if clean is None:
        return {}
    return {"text": clean.text, "title": clean.title, "source": clean.source, "url": clean.url,
            "published": clean.published.isoformat() if clean.published else None,
            "anchor": clean.anchor.isoformat() if clean.anchor else None}


def flat_event(record: dict[str, Any]) -> dict[str, Any]:
    """A schema record as the Parquet row: a few flat columns to filter on, and the whole record as JSON."""
    place = record.get("location") or {}
    toll = record.get("fatalities") or {}
    return {"id": record["id"], "article_id": record["article_id"], "event_type": record.get("event_type"),
            "sub_event_type": record.get("sub_event_type"), "plover_type": record.get("plover_type"),
            "date": record.get("date"), "date_precision": record.get("date_precision"),
            "country": place.get("country"), "admin1": place.get("admin1"), "location": place.get("name"),
            "latitude": place.get("lat"), "longitude": place.get("lon"), "fatalities": toll.get("best"),
            "source": record.get("source"), "record": json.dumps(record, ensure_ascii=False)}


def rows_table(rows: list[dict[str, Any]]):
    """Rows as an Arrow table of one fixed schema, so every block (and Parquet file) agrees."""
    import pyarrow as pa

    return pa.Table.from_pylist(rows, schema=_schema())


def _schema():
    import pyarrow as pa

    types = {"shard": pa.int32(), "seq": pa.int64(), "event_index": pa.int32(), "kind": pa.string(),
             "latitude": pa.float64(), "longitude": pa.float64(), "fatalities": pa.int64()}
    names = list(dict.fromkeys([*ORDER, "kind", *FLAT_COLUMNS, "record", *ARTICLE_COLUMNS]))
    return pa.schema([(name, types.get(name, pa.string())) for name in names])


def without_repeated_ids(results):
    """The run with each article id once across shards, as a local run has it: ``ingest`` skips a repeated id
    within a file, but shards are read apart, so an id that a later shard repeats is demoted here: its article
    becomes a skip naming the first input, its events go, and the skip, like a repeated skip, loses the id (it
    cannot stand for the article read first)."""
    from ray.data.expressions import col

    inputs = results.filter(expr=col("kind") != "event").select_columns(["shard", "seq", "article_id", "origin"])
    repeats = repeated_ids(sorted(inputs.iter_rows(), key=lambda row: (row["shard"], row["seq"])))
    if not repeats:
        return results
    return results.map_batches(demote_repeats, batch_format="pyarrow", fn_kwargs={"repeats": repeats},
                               zero_copy_batch=True).materialize()


def repeated_ids(inputs: Iterable[dict[str, Any]]) -> dict[tuple[int, int], str]:
    """(shard, seq) of each input, in input order, whose article id an earlier one had: the first input's
    origin."""
    first_origin: dict[str, str] = {}
    repeats: dict[tuple[int, int], str] = {}
    for row in inputs:
        key = row["article_id"]
        if key is None:
            continue
        if key in first_origin:
            repeats[(row["shard"], row["seq"])] = first_origin[key]
        else:
            first_origin[key] = row["origin"]
    return repeats


def demote_repeats(batch, repeats: dict[tuple[int, int], str]):
    """A block's rows with the repeated inputs demoted (see ``without_repeated_ids``)."""
    rows = []
    for row in batch.to_pylist():
        first = repeats.get((row["shard"], row["seq"]))
        if first is None:
            rows.append(row)
        elif row["kind"] == "skip":
            rows.append({**row, "article_id": None})
        elif row["kind"] != "event":
            rows.append({"shard": row["shard"], "seq": row["seq"], "article_id": None, "origin": row["origin"],
                         "kind": "skip", "reason": repeated_id_reason(row["article_id"], first)})
    return rows_table(rows)


def _write(results, out: Path, shards: int, started: float) -> Summary:
    """Events and every input's row to Parquet (by the workers); events, skips and failures to JSONL (here, in
    input order, without the articles' texts)."""
    from ray.data.expressions import col

    results.filter(expr=col("kind") == "event").select_columns([*ORDER, *FLAT_COLUMNS, "record"]) \
        .write_parquet(str(out / "events"))
    results.filter(expr=col("kind") != "event").select_columns(list(ARTICLE_COLUMNS)) \
        .write_parquet(str(out / "articles"))
    counts = {"article": 0, "event": 0, "skip": 0, "failed": 0}
    with (out / "events.jsonl").open("w", encoding="utf-8") as event_out, \
            (out / "skips.jsonl").open("w", encoding="utf-8") as skip_out:
        for row in results.select_columns(["kind", "article_id", "origin", "reason", "record"]).iter_rows():
            counts[row["kind"]] += 1
            if row["kind"] == "event":
                event_out.write(row["record"] + "\n")
            elif row["kind"] in ("skip", "failed"):
                skip_out.write(json.dumps({k: row[k] for k in ("kind", "article_id", "origin", "reason")},
                                          ensure_ascii=False) + "\n")
    return Summary(str(out), shards, counts["article"], counts["event"], counts["skip"], counts["failed"],
                   round(time.perf_counter() - started, 2))
