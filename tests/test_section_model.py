"""The two-stage section model: stacked features and the expected-F decoding."""

from __future__ import annotations

import numpy as np

from classifier.config import Config
from classifier.models.sections import STACKED_NAMES, Layout, keep, stacked_features


def test_keep_maximises_expected_f_and_favor_moves_it():
    proba = np.array([0.95, 0.9, 0.55, 0.45, 0.1])
    words = np.array([50.0, 40.0, 30.0, 30.0, 20.0])
    kept = {beta: keep(proba, words, beta=beta).sum() for beta in (0.5, 1.0, 2.0)}
    assert kept[0.5] <= kept[1.0] <= kept[2.0]
    assert kept[0.5] < kept[2.0]
    assert keep(proba, words).tolist()[:2] == [True, True]
    assert not keep(proba, words)[-1]


def test_keep_keeps_the_best_text_of_a_doubtful_page():
    kept = keep(np.array([0.2, 0.15, 0.05]), np.array([80.0, 5.0, 5.0]))
    assert kept.tolist() == [True, False, False]  # a page is rarely empty: its likeliest text stays


def test_config_beta_follows_favor():
    betas = [Config(favor=f).beta for f in ("precision", "balanced", "recall")]
    assert betas == sorted(betas) and betas[0] < betas[2]


def test_stacked_features_see_neighbours_and_containers():
    p = np.array([0.9, 0.1, 0.8, 0.2])
    layout = Layout(np.array([0, 4]), np.array([30.0, 3.0, 40.0, 2.0]), np.array([0, 1, 0, 1]), np.zeros(4, dtype=int))
    X = stacked_features(p, layout)
    col = {name: X[:, i] for i, name in enumerate(STACKED_NAMES)}
    np.testing.assert_allclose(col["first_stage"], p)
    np.testing.assert_allclose(col["prev1_first_stage"], [np.nan, 0.9, 0.1, 0.8])
    np.testing.assert_allclose(col["container_first_stage"], [0.85, 0.15, 0.85, 0.15])
    np.testing.assert_allclose(col["in_kept_span"], [1, 1, 1, 0])
    assert col["page_max_first_stage"][0] == 0.9


def test_reasons_add_up_to_the_shipped_models_scores():
    """The path contributions behind every reason sum to the raw score the model predicts (P(content),
    P(item) and P(kind)), and the named kind is the likeliest noise kind."""
    from pathlib import Path

    from classifier import artifact
    from classifier.models.attribution import path_contributions
    from classifier.models.sections import layout_of
    from classifier.parsing import parse

    model = artifact.load_default("sections")["pipeline"]
    page = parse((Path(__file__).resolve().parents[1] / "data" / "examples" / "news-en.html").read_text(encoding="utf-8"))
    matrix, parts = model.features.page_arrays(page)
    layout = layout_of([page], [parts])
    proba = model.proba_arrays(matrix, layout)
    contributions, names = model.contributions(matrix, layout)
    assert len(names) == contributions.shape[1]
    np.testing.assert_allclose(1 / (1 + np.exp(-contributions.sum(axis=1))), proba, atol=1e-6)
    np.testing.assert_allclose(1 / (1 + np.exp(-model.item_contributions(matrix).sum(axis=1))), model.item_proba(matrix), atol=1e-6)
    noise = [j for j, kind in enumerate(model.kind_classes) if kind != "content"]
    kind_p, best, kind_parts = model.kind_explained(matrix, noise)
    np.testing.assert_allclose(kind_p, model.kind_proba(matrix), atol=1e-6)
    assert set(best.tolist()) <= set(noise)
    assert (kind_p[np.arange(len(best)), best] == kind_p[:, noise].max(axis=1)).all()
    raw = np.log(np.clip(kind_p, 1e-12, 1))
    raw_best = raw[np.arange(len(best)), best] - raw[:, 0]  # softmax: log-odds against the first kind
    full = path_contributions(model.kinds_.booster_, matrix).sum(axis=2)
    np.testing.assert_allclose(kind_parts.sum(axis=1) - full[:, 0], raw_best, atol=1e-5)
