"""The pipeline over a stream: input order kept, a failing article skipped with its reason, the rest kept."""

from __future__ import annotations

import pytest

from strife import pipeline
from strife.config import load_settings
from strife.records import Article, Skip

ARTICLES = [
    Article(id="one", text="Rebels attacked an army post near the river on Monday, killing two soldiers.",
            published="2024-03-06"),
    Skip("two.txt", "empty input", "two"),
    Article(id="three", text="Police arrested twelve protesters in the capital on Tuesday.", published="2024-03-06"),
]


@pytest.mark.model
def test_pipeline_keeps_input_order_and_skips():
    results = list(pipeline.Pipeline(load_settings()).run(ARTICLES))
    assert [r.article_id for r in results] == ["one", "two", "three"]
    assert results[1].skip.reason == "empty input"


@pytest.mark.model
def test_pipeline_bug_in_one_article_skips_it_and_keeps_the_rest(monkeypatch):
    real = pipeline.events_of

    def failing(article):
        if article.clean.article_id == "one":
            raise KeyError("boom")
        return real(article)

    monkeypatch.setattr(pipeline, "events_of", failing)
    results = list(pipeline.Pipeline(load_settings()).run(ARTICLES))
    assert results[0].skip.reason == "internal error in detect/code/merge: KeyError: 'boom'"
    assert results[2].skip is None and results[2].events


@pytest.mark.model
def test_pipeline_strict_setting_raises(monkeypatch):
    monkeypatch.setattr(pipeline, "events_of", lambda article: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        list(pipeline.Pipeline(load_settings(overrides=["pipeline.strict=true"])).run(ARTICLES[:1]))
