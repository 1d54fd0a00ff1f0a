"""The evaluation corpus (tests/corpus/): its gold files are well formed, and the extraction holds
its floors on it, built as one mixed folder of episodes, years and crises (issue 9 and issue 10)."""

from __future__ import annotations

import pytest

from dashboard import evaluate

EPISODES = evaluate.episodes(evaluate.CORPUS)


def test_the_corpus_has_its_episodes():
    assert len(EPISODES) >= 6
    reports = sum(len([p for p in e.iterdir() if p.suffix == ".txt"]) for e in EPISODES)
    assert reports >= 30


@pytest.mark.parametrize("episode", EPISODES, ids=[e.name for e in EPISODES])
def test_gold_is_well_formed(episode):
    assert evaluate.check_gold(episode) == []
    assert (episode / "SOURCES.md").is_file() and (episode / "sources.csv").is_file()
