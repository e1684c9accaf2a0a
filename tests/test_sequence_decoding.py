"""The HMM decoding that issue 9 compared with the stacked second stage (training/sequence_decoding.py)."""

from __future__ import annotations

import numpy as np

from classifier.fit.sections import Examples
from classifier.models.sections import Layout
from training.sequence_decoding import fit_hmm, posterior


def _examples(labels: list[list[int]]) -> Examples:
    y = np.concatenate([np.asarray(page) for page in labels])
    starts = np.concatenate([[0], np.cumsum([len(page) for page in labels])]).astype(np.int64)
    n = len(y)
    layout = Layout(starts, np.ones(n), np.zeros(n, np.int64), np.zeros(n, np.int64))
    pages = len(labels)
    return Examples(np.zeros((n, 1)), y, layout, [str(i) for i in range(pages)], [str(i) for i in range(pages)],
                    ["d"] * pages, ["html"] * pages)  # fmt: skip


def test_transitions_are_counted_within_pages_only() -> None:
    start, trans, prior = fit_hmm(_examples([[0, 0, 1, 1, 1], [1, 0]]))
    # starts: one noise, one content (+1 each); pairs: 0-0, 0-1, 1-1, 1-1 | 1-0 (the page break is not a pair)
    assert np.allclose(start, [0.5, 0.5])
    assert np.allclose(trans, [[2 / 4, 2 / 4], [2 / 5, 3 / 5]])
    assert np.allclose(prior, [4 / 9, 5 / 9])


def test_posterior_smooths_a_doubtful_section_between_confident_ones() -> None:
    start, prior = np.array([0.5, 0.5]), np.array([0.5, 0.5])
    sticky = np.array([[0.9, 0.1], [0.1, 0.9]])
    proba = np.array([0.95, 0.95, 0.4, 0.95, 0.95])
    smoothed = posterior(proba, start, sticky, prior)
    assert smoothed[2] > 0.5 > proba[2]
    # without memory (rows equal to the prior) the posterior is the emission itself
    flat = posterior(proba, start, np.array([[0.5, 0.5], [0.5, 0.5]]), prior)
    assert np.allclose(flat, proba)
