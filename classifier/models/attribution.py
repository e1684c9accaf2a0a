"""Per-feature contributions of a LightGBM model's raw score, fast enough for every section of a page.

LightGBM's ``pred_contrib`` (TreeSHAP) costs about trees × leaves × depth² per row: a few milliseconds
per section for the section model, seconds for a long page. Path attribution (Saabas; the
``treeinterpreter`` method) gives each split on a row's path the change of the node's value it causes,
credited to the split's feature. The contributions of a leaf are fixed by its path, so they are
computed once per tree; a row's contributions are then the sum, over trees, of its leaf's vector — one
``pred_leaf`` call and one sparse product. Like TreeSHAP, they add up exactly to the raw score (the
bias is the sum of the trees' root values); unlike it, they credit a feature by the order of the splits
rather than averaging over orders, which is the price of the speed. Reasons only rank them.
"""

from __future__ import annotations

import weakref
from typing import Any

import numpy as np
import scipy.sparse as sp

__all__ = ["PathAttribution", "attribution", "path_contributions"]


class PathAttribution:
    """The path contributions of every leaf of a fitted LightGBM booster.

    >>> import lightgbm
    >>> X = np.random.default_rng(0).normal(size=(200, 3)); y = (X[:, 0] + X[:, 1] > 0).astype(int)
    >>> booster = lightgbm.LGBMClassifier(n_estimators=20, verbose=-1).fit(X, y).booster_
    >>> parts = PathAttribution(booster).contributions(booster, X[:5])
    >>> bool(np.allclose(parts[:, 0].sum(axis=1), booster.predict(X[:5], raw_score=True)))
    True
    >>> table = PathAttribution(booster)
    >>> bool(np.allclose(table.raw(table.leaves(booster, X[:5]))[:, 0], booster.predict(X[:5], raw_score=True)))
    True
    """

    def __init__(self, booster: Any) -> None:
        dump = booster.dump_model()
        self.n_features = int(dump["max_feature_idx"]) + 1
        self.n_classes = int(dump["num_tree_per_iteration"])
        trees = dump["tree_info"]
        offsets = np.zeros(len(trees) + 1, dtype=np.int64)
        rows: list[int] = []
        cols: list[int] = []
        vals: list[float] = []
        self.bias = np.zeros(self.n_classes)
        leaf_values: dict[int, float] = {}
        for t, tree in enumerate(trees):
            root = tree["tree_structure"]
            root_value = float(root.get("internal_value", root.get("leaf_value", 0.0)))
            self.bias[t % self.n_classes] += root_value
            leaves = int(tree["num_leaves"])
            stack: list[tuple[dict[str, Any], dict[int, float], float]] = [(root, {}, root_value)]
            while stack:
                node, path, value = stack.pop()
                if "leaf_index" in node or "split_feature" not in node:
                    leaf = offsets[t] + int(node.get("leaf_index", 0))
                    leaf_values[int(leaf)] = float(node.get("leaf_value", 0.0))
                    for feature, delta in path.items():
                        rows.append(int(leaf))
                        cols.append(feature)
                        vals.append(delta)
                    continue
                feature = int(node["split_feature"])
                for side in ("left_child", "right_child"):
                    child = node[side]
                    child_value = float(child.get("internal_value", child.get("leaf_value", 0.0)))
                    step = dict(path)
                    step[feature] = step.get(feature, 0.0) + child_value - value
                    stack.append((child, step, child_value))
            offsets[t + 1] = offsets[t] + leaves
        self.offsets = offsets[:-1]
        self.tree_class = np.arange(len(trees)) % self.n_classes
        total = int(offsets[-1])
        self.leaf_values = np.zeros(total)
        self.leaf_values[list(leaf_values)] = list(leaf_values.values())
        self.leaf_parts = sp.csr_matrix((vals, (rows, cols)), shape=(total, self.n_features))

    def contributions(self, booster: Any, X: np.ndarray) -> np.ndarray:
        """(rows, classes, features + 1): each feature's contribution to each class's raw score, the
        last column the bias."""
        leaves = self.leaves(booster, X)
        out = np.zeros((len(X), self.n_classes, self.n_features + 1))
        for k in range(self.n_classes):
            out[:, k, :] = self.parts(leaves, k)
        return out

    @staticmethod
    def leaves(booster: Any, X: np.ndarray) -> np.ndarray:
        """The leaf each row reaches in every tree, (rows, trees)."""
        if len(X) == 0:
            return np.zeros((0, booster.num_trees()), dtype=np.int64)
        return np.asarray(booster.predict(X, pred_leaf=True, num_threads=1), dtype=np.int64).reshape(len(X), -1)

    def raw(self, leaves: np.ndarray) -> np.ndarray:
        """(rows, classes): the raw scores, from the leaves reached (the model's ``raw_score``)."""
        values = self.leaf_values[leaves + self.offsets]
        return np.column_stack([values[:, self.tree_class == k].sum(axis=1) for k in range(self.n_classes)])

    def parts(self, leaves: np.ndarray, k: int) -> np.ndarray:
        """(rows, features + 1): each feature's contribution to class ``k``'s raw score, then the bias."""
        n = len(leaves)
        out = np.zeros((n, self.n_features + 1))
        out[:, -1] = self.bias[k]
        if n == 0:
            return out
        trees = np.flatnonzero(self.tree_class == k)
        columns = (leaves[:, trees] + self.offsets[trees]).ravel()
        indicator = sp.csr_matrix(
            (np.ones(len(columns)), columns, np.arange(0, len(columns) + 1, len(trees))),
            shape=(n, self.leaf_parts.shape[0]),
        )
        out[:, :-1] = (indicator @ self.leaf_parts).toarray()
        return out


_CACHE: weakref.WeakKeyDictionary[Any, PathAttribution] = weakref.WeakKeyDictionary()


def attribution(booster: Any) -> PathAttribution:
    """The booster's per-leaf table, built once per booster (a derived cache, never saved with the model)."""
    table = _CACHE.get(booster)
    if table is None:
        table = _CACHE[booster] = PathAttribution(booster)
    return table


def path_contributions(booster: Any, X: np.ndarray) -> np.ndarray:
    """``PathAttribution(booster).contributions(booster, X)`` with the cached table."""
    return attribution(booster).contributions(booster, X)
