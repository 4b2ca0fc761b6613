"""The command line end to end: exit codes, one-line messages, the records the referee reads."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import jsonschema
import pytest

from strife.cli import main
from support import EXAMPLES, PACKAGE_SCHEMA, SHARED, assert_spans_exact


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_no_command_is_a_usage_error(capsys):
    code, _, err = run(capsys)
    assert code == 2 and "COMMAND" in err


def test_cli_bad_option_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["extract", "--format", "yaml", "x.txt"])
    assert exc.value.code == 2


def test_cli_text_reports_each_bad_input_on_one_line_and_goes_on(capsys, tmp_path):
    (tmp_path / "good.txt").write_text("Troops and rebels clashed near the dam on Friday.", encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blob.txt").write_bytes(b"\x00\x01\x02" * 100)
    corpus = tmp_path / "c.jsonl"
    corpus.write_text('{"id": "j1", "text": "Police arrested ten men."}\n{oops\n', encoding="utf-8")
    code, out, err = run(capsys, "text", str(tmp_path / "good.txt"), str(tmp_path / "empty.txt"),
                         str(tmp_path / "blob.txt"), str(corpus), str(tmp_path / "missing.txt"))
    assert code == 1
    assert "Troops and rebels clashed" in out and "Police arrested ten men." in out
    lines = err.strip().splitlines()
    assert len(lines) == 4
    assert all(line.startswith("strife: skipped ") for line in lines)
    assert "empty.txt: empty input" in lines[0]
    assert "binary" in lines[1]
    assert "c.jsonl:2: malformed JSON" in lines[2]
    assert "missing.txt: no such file or directory" in lines[3]
    assert "Traceback" not in err


def test_cli_text_all_good_exits_zero(capsys, tmp_path):
    (tmp_path / "a.txt").write_text("Gunmen attacked a bus.", encoding="utf-8")
    code, out, err = run(capsys, "text", str(tmp_path / "a.txt"))
    assert code == 0 and out == "==> a <==\nGunmen attacked a bus.\n" and err == ""


def test_cli_settings_error_is_one_line(capsys, tmp_path):
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    code, _, err = run(capsys, "text", "--set", "nlp.nope=1", str(tmp_path / "a.txt"))
    assert code == 1 and err.startswith("strife: error: --set nlp.nope=1: unknown setting") and err.count("\n") == 1


@pytest.mark.model
def test_cli_extract_demo_corpus_gives_valid_records(capsys):
    code, out, err = run(capsys, "extract", "--format", "jsonl", str(EXAMPLES / "corpus.jsonl"))
    assert code == 0, err
    records = [json.loads(line) for line in out.splitlines()]
    assert records, "no events from the demo corpus"
    validator = jsonschema.Draft202012Validator(PACKAGE_SCHEMA)
    for record in records:
        validator.validate(record)
    assert not [r for r in records if r["article_id"] == "demo-sports"], "a sports report gave an event"


@pytest.mark.model
def test_cli_extract_demo_corpus_finds_the_expected_events(capsys):
    _, out, _ = run(capsys, "extract", "--format", "jsonl", str(EXAMPLES / "corpus.jsonl"))
    found = {(r["article_id"], r["sub_event_type"]): r for r in map(json.loads, out.splitlines())}
    for line in (EXAMPLES / "corpus.expected.jsonl").read_text("utf-8").splitlines():
        want = json.loads(line)
        got = found.get((want["article_id"], want["sub_event_type"]))
        assert got, f"missing {want}"
        assert (got["date"], got["location"]["country"], got["fatalities"]["best"]) == (
            want["date"], want["country"], want["fatalities"]), want["article_id"]


@pytest.mark.model
def test_cli_extract_evidence_indexes_the_text_command_output(capsys):
    corpus = str(EXAMPLES / "corpus.jsonl")
    _, out, _ = run(capsys, "text", "--format", "jsonl", corpus)
    texts = {r["id"]: r["text"] for r in map(json.loads, out.splitlines())}
    _, out, _ = run(capsys, "extract", "--format", "jsonl", corpus)
    for record in map(json.loads, out.splitlines()):
        assert_spans_exact(record, texts[record["article_id"]])


@pytest.mark.model
def test_cli_extract_ids_are_stable_across_runs(capsys):
    corpus = str(EXAMPLES / "corpus.jsonl")
    first = run(capsys, "extract", "--format", "jsonl", corpus)[1]
    second = run(capsys, "extract", "--format", "jsonl", corpus)[1]
    ids = [json.loads(line)["id"] for line in first.splitlines()]
    assert ids == [json.loads(line)["id"] for line in second.splitlines()]
    assert len(ids) == len(set(ids))


@pytest.mark.model
def test_cli_extract_csv_has_acled_columns(capsys):
    code, out, _ = run(capsys, "extract", "--format", "csv", str(EXAMPLES / "corpus.jsonl"))
    header = out.splitlines()[0].split(",")
    for column in ("event_date", "time_precision", "event_type", "sub_event_type", "actor1", "inter1", "country",
                   "admin1", "latitude", "longitude", "geo_precision", "fatalities", "fatalities_low",
                   "reported_by", "verification", "confidence", "evidence"):
        assert column in header


@pytest.mark.model
@pytest.mark.skipif(not (SHARED / "examples" / "dev.jsonl").exists(), reason="no ../shared checkout")
def test_cli_extract_dev_set_passes_the_referee(capsys, tmp_path):
    import subprocess
    import sys

    code, out, _ = run(capsys, "extract", "--format", "jsonl", str(SHARED / "examples" / "dev.jsonl"))
    pred = tmp_path / "pred.jsonl"
    pred.write_text(out, encoding="utf-8")
    result = subprocess.run([sys.executable, str(SHARED / "eval" / "score.py"),
                             str(SHARED / "examples" / "dev.gold.jsonl"), str(pred), "--corpus",
                             str(SHARED / "examples" / "dev.jsonl"), "--json",
                             "--min", "evidence_exact=1.0", "--max", "invalid_records=0", "--min", "recall=1.0"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full (a device that is always full)")
def test_cli_extract_to_a_full_disk_says_so_in_one_line(tmp_path):
    import subprocess

    article = tmp_path / "a.txt"
    article.write_text("Gunmen shot dead three villagers near Kidal on Tuesday, officials said.\n", encoding="utf-8")
    with open("/dev/full", "w") as full:
        result = subprocess.run([sys.executable, "-m", "strife", "extract", "--workers", "1", "--format", "jsonl",
                                 "--published", "2024-03-08", str(article)], stdout=full, stderr=subprocess.PIPE,
                                text=True, timeout=120)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "strife: error: no space left to write the output (No space left on device); free some space or write "
        "elsewhere"]
