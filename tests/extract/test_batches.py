"""Batches: which of several groups a figure counts, from the words right before its number."""

from __future__ import annotations

import pytest

from dashboard.extract.batches import batch_of
from tests.extract.test_figures import rows


@pytest.mark.parametrize(
    ("sentence", "number", "batch"),
    [
        ("The first group of about 100 people is already heading north.", "about 100", "first"),
        ("India flew in another batch of around 360 Indians from Jeddah.", "around 360", "another"),
        ("Buses carrying the last 250 rebels were delayed till Friday.", "250", "last"),
        ("A final group of 360 fighters had left the city.", "360", "last"),
        ("The second convoy carrying 1,200 people left at noon.", "1,200", "second"),
        ("Activists say the first to leave were some 600 wounded fighters.", "some 600", "first"),
        # a count of everyone, or an ordinal that names no group of the counted
        ("Some 300 people left the city on Friday.", "Some 300", None),
        ("For the first time, 300 people left the city.", "300", None),
    ],
)
def test_batch_of(sentence, number, batch):
    assert batch_of(sentence, sentence.index(number)) == batch


@pytest.mark.parametrize(
    ("sentence", "batch"),
    [
        # ones beyond those counted before: another group, no rival of the first
        ("500 more people left on Friday.", "another"),
        ("Thousands more civilians are expected to leave Homs.", "another"),
        ("A further 4,000 people fled the town.", "another"),
        ("Two more buses left the city.", "another"),
        # a comparison, or a stock: still those who remain
        ("More than 500 people left the city.", None),
        ("Several hundred more people remain on the territory of the plant.", None),
    ],
)
def test_a_figure_of_more_counts_another_group(sentence, batch):
    assert rows(sentence, "batch") == [(batch,)]


def test_figures_carry_their_batch():
    assert rows("The first group of about 100 people left; 300 people left in all.", "value", "batch") == [
        (100.0, "first"),
        (300.0, None),
    ]
