"""The headline clickbait model: pipeline builder, training, scoring and reasons.

One scikit-learn ``Pipeline`` holds everything: a ``FeatureUnion`` of the named headline
features (scaled inside the pipeline), word n-gram TF-IDF and character n-gram TF-IDF, then a
logistic regression whose probabilities are calibrated by its regularisation (ECE is measured
in cross-validation and recorded in the artifact). Reasons are the linear model's contributions
of the named features only, so they read as words ("forward_reference", "listicle"), not n-grams.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd
from joblib import Parallel, delayed
from sklearn.feature_extraction.text import TfidfTransformer, TfidfVectorizer
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_predict
from sklearn.naive_bayes import MultinomialNB
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.preprocessing import StandardScaler

from . import artifact as artifacts
from .errors import InputError
from . import lexicons
from .features.headline import FEATURES, HeadlineFeatures
from .features.ngrams import CharNgramCounts, CharNgrams
from .text import tokens
from .threads import single_threaded
from .metrics import classification_scores

__all__ = ["build_pipeline", "detect_language", "fit_routed", "score", "rate", "reasons", "validate_labeled", "train", "MIN_ROWS"]

MIN_ROWS = 20
CV_FOLDS = 5
LABELS = {
    "1": 1, "0": 0, "1.0": 1, "0.0": 0,
    "clickbait": 1, "not_clickbait": 0, "not-clickbait": 0, "non_clickbait": 0, "no_clickbait": 0,
    "true": 1, "false": 0, "yes": 1, "no": 0,
}  # fmt: skip
EMPTY_REASON = ("empty_headline", 0.0, 0.0)
IDENTIFIER_CONFIDENCE = 0.9


def mark_edges(text: str) -> str:
    """Lower-case and wrap in edge markers, so word n-grams see the first and last word.

    >>> mark_edges("Lakukan Hal Ini")
    'xxstart lakukan hal ini xxend'
    """
    return f"xxstart {text.lower()} xxend"


def build_pipeline(
    *,
    C: float = 1.0,
    word_ngrams: tuple[int, int] = (1, 2),
    char_ngrams: tuple[int, int] = (2, 5),
    min_df: int = 2,
    named_weight: float = 1.0,
    class_weight: str | None = None,
) -> Pipeline:
    """An unfitted headline pipeline: named features + word and char TF-IDF → logistic regression.

    Args:
        C: inverse regularisation strength of the logistic regression.
        word_ngrams: n-gram range of the word TF-IDF (words include edge markers).
        char_ngrams: n-gram range of the character TF-IDF (n-grams inside word boundaries).
        min_df: minimum document frequency of a word or character n-gram.
        named_weight: weight of the standardised named-feature block in the union.
        class_weight: passed to the logistic regression (``None`` keeps probabilities calibrated).

    Returns:
        A ``Pipeline`` with steps ``features`` (a ``FeatureUnion`` whose first branch, ``named``,
        is ``HeadlineFeatures`` + ``StandardScaler``) and ``model``.
    """
    named = Pipeline([("features", HeadlineFeatures(FEATURES)), ("scale", StandardScaler())])
    words = TfidfVectorizer(
        preprocessor=mark_edges, token_pattern=r"(?u)\b\w+\b", ngram_range=tuple(word_ngrams),
        min_df=min_df, sublinear_tf=True, dtype=np.float32,
    )  # fmt: skip
    chars = Pipeline([
        ("counts", CharNgramCounts(analyzer=CharNgrams(*char_ngrams), min_df=min_df, dtype=np.float32)),
        ("tfidf", TfidfTransformer(sublinear_tf=True)),
    ])  # fmt: skip
    union = FeatureUnion(
        [("named", named), ("words", words), ("chars", chars)],
        transformer_weights={"named": named_weight, "words": 1.0, "chars": 1.0},
    )
    model = LogisticRegression(C=C, class_weight=class_weight, solver="liblinear", max_iter=1000)
    return Pipeline([("features", union), ("model", model)])


def feature_names(pipeline: Pipeline) -> list[str]:
    """Names of the interpretable (named) features of a headline pipeline, in column order."""
    named = pipeline.named_steps["features"].transformer_list[0][1]
    return [str(name) for name in named.named_steps["features"].get_feature_names_out()]


def _checked(texts: Iterable[Any]) -> list[str]:
    texts = list(texts)
    for i, text in enumerate(texts):
        if not isinstance(text, str):
            raise InputError(f"headline {i}: expected a string, got {type(text).__name__} {text!r:.60}")
    return texts


HEADLINE_LISTS = ("stopwords", "forward_reference", "hyperbole", "emotion", "superlative", "second_person",
                  "informal", "listicle", "question_words", "demonstrative")


def _language_words() -> dict[str, frozenset[str]]:
    """Single words of each language's stopword and headline lists, minus words shared by every language."""
    words = {lang: frozenset(w for name in HEADLINE_LISTS for w in lexicons.load(lang, name) if " " not in w)
             for lang in lexicons.languages()}  # fmt: skip
    shared = frozenset.intersection(*words.values()) if words else frozenset()
    return {lang: ws - shared for lang, ws in words.items()}


LANGUAGE_WORDS = _language_words()


def detect_language(text: str) -> str | None:
    """Language of a short headline: the one whose stopwords and headline lexicons match most tokens.

    Ties and no evidence give ``None`` (the caller then uses the pooled model).

    >>> detect_language("Ini Dia 5 Fakta Mengejutkan"), detect_language("You Won't Believe This")
    ('id', 'en')
    >>> detect_language("El presidente habla con la prensa"), detect_language("Jokowi 2019") is None
    ('es', True)
    """
    words = tokens(text)
    best, best_hits, tie = None, 0, False
    for lang, vocab in LANGUAGE_WORDS.items():
        hits = sum(1 for w in words if w in vocab)
        if hits > best_hits:
            best, best_hits, tie = lang, hits, False
        elif hits == best_hits and hits:
            tie = True
    return None if tie or not best_hits else best


def pipeline_for(artifact: dict, key: str | None) -> Pipeline:
    """The pipeline of routing key ``key`` (see ``route``), else the pooled one."""
    return artifact.get("pipelines", {}).get(key, artifact["pipeline"]) if key else artifact["pipeline"]


def fit_language_identifier(texts: Sequence[str], langs: Sequence[str]) -> Pipeline:
    """A character 1-3-gram naive Bayes classifier of headline language, for ``route``."""
    counts = CharNgramCounts(analyzer=CharNgrams(1, 3), min_df=2, dtype=np.float32)
    return Pipeline([("counts", counts), ("model", MultinomialNB(alpha=0.1))]).fit(list(texts), list(langs))


def fit_gate(texts: Sequence[str], domains: Sequence[str]) -> Pipeline:
    """A gradient-boosted classifier of a headline's domain from its named features, for ``route``."""
    model = HistGradientBoostingClassifier(random_state=0)
    return Pipeline([("features", HeadlineFeatures(FEATURES)), ("model", model)]).fit(list(texts), list(domains))


def detect_languages(texts: Sequence[str], artifact: dict) -> list[str | None]:
    """Language of each headline: ``detect_language`` (word lists); headlines it cannot place go to
    the artifact's ``language_identifier`` (if any), which must be ``IDENTIFIER_CONFIDENCE`` sure."""
    codes = [detect_language(text) for text in texts]
    identifier = artifact.get("language_identifier")
    unplaced = [i for i, code in enumerate(codes) if code is None]
    if identifier is not None and unplaced:
        proba = identifier.predict_proba([texts[i] for i in unplaced])
        for i, row in zip(unplaced, proba):
            if row.max() >= IDENTIFIER_CONFIDENCE:
                codes[i] = str(identifier.classes_[row.argmax()])
    return codes


def route(texts: Sequence[str], artifact: dict, lang: str | None = None) -> list[str | None]:
    """Routing key of each headline, a key of ``artifact["pipelines"]``; ``None`` means pooled.

    The language is ``lang`` when given (e.g. the page's), else ``detect_languages``. A language
    with a gate (``artifact["gates"]``) has one expert pipeline per domain: the gate picks the
    domain and the key is ``"lang/domain"``. Languages without a pipeline are pooled.
    """
    pipelines, gates = artifact.get("pipelines") or {}, artifact.get("gates") or {}
    if not pipelines:
        return [None] * len(texts)
    codes = [lang] * len(texts) if lang is not None else detect_languages(texts, artifact)
    keys = [code if code in pipelines or code in gates else None for code in codes]
    for code, gate in gates.items():
        rows = [i for i, key in enumerate(keys) if key == code]
        if rows:
            with single_threaded():
                domains = gate.predict([texts[i] for i in rows])
            for i, domain in zip(rows, domains):
                keys[i] = f"{code}/{domain}"
    return keys


def score(texts: Sequence[str], artifact: dict, *, lang: str | None = None) -> np.ndarray:
    """P(clickbait) of each headline; an empty or whitespace-only headline scores 0.0.

    Args:
        texts: headlines.
        artifact: a headline model artifact (``classifier.artifact.load(..., kind="headlines")``).
        lang: language of every headline (e.g. the page's detected language); ``None`` detects it
            per headline. Languages without their own pipeline use the pooled one.

    Raises:
        InputError: an item is not a string (the message gives its index).
    """
    texts = _checked(texts)
    out = np.zeros(len(texts), dtype=np.float64)
    keep = [i for i, text in enumerate(texts) if text.strip()]
    if not keep:
        return out
    keys = route([texts[i] for i in keep], artifact, lang)
    groups: dict[str | None, list[int]] = {}
    for i, key in zip(keep, keys):
        groups.setdefault(key, []).append(i)
    for key, rows in groups.items():
        out[rows] = pipeline_for(artifact, key).predict_proba([texts[i] for i in rows])[:, 1]
    return out


def score_table(df: pd.DataFrame, artifact: dict) -> np.ndarray:
    """P(clickbait) of each row's ``text``, routed by the row's ``lang`` when the table has that
    column (as a page's language routes its headline), else by the detected language."""
    if "lang" not in df.columns:
        return score(df["text"].tolist(), artifact)
    out = np.zeros(len(df), dtype=np.float64)
    langs = df["lang"].astype(object).where(df["lang"].notna(), None).tolist()
    for lang in dict.fromkeys(langs):
        rows = [i for i, value in enumerate(langs) if value == lang]
        out[rows] = score(df["text"].iloc[rows].tolist(), artifact, lang=lang)
    return out


def reasons(
    text: str, artifact: dict, *, top: int = 5, lang: str | None = None
) -> list[tuple[str, float, float]]:
    """The named features that moved the score most, as ``(name, value, contribution)``.

    ``value`` is the raw feature value; ``contribution`` is the model coefficient times the
    scaled value (log-odds, positive towards clickbait). Sorted by absolute contribution.
    The headline is routed like in ``score`` (``lang`` if given, else detected).

    Raises:
        InputError: ``text`` is not a string.
    """
    return rate(text, artifact, top=top, lang=lang)[1]


def rate(
    text: str, artifact: dict, *, top: int = 5, lang: str | None = None
) -> tuple[float, list[tuple[str, float, float]]]:
    """``score`` and ``reasons`` of one headline, routed once.

    Raises:
        InputError: ``text`` is not a string.
    """
    (text,) = _checked([text])
    if not text.strip():
        return 0.0, [EMPTY_REASON]
    pipeline = pipeline_for(artifact, route([text], artifact, lang)[0])
    named = pipeline.named_steps["features"].transformer_list[0][1]
    raw = named.named_steps["features"].transform([text])[0]
    scaled = named.named_steps["scale"].transform(raw[None, :])[0]
    weight = pipeline.named_steps["features"].transformer_weights["named"]
    coef = pipeline.named_steps["model"].coef_[0][: len(raw)]
    contributions = coef * scaled * weight
    order = np.argsort(-np.abs(contributions))[:top]
    names = feature_names(pipeline)
    probability = float(pipeline.predict_proba([text])[0, 1])
    return probability, [(names[i], float(raw[i]), float(contributions[i])) for i in order]


def validate_labeled(df: pd.DataFrame, *, name: str = "data") -> pd.DataFrame:
    """Check a labeled headline table and normalise its labels to 1 (clickbait) / 0.

    Accepted labels: ``1``/``0``, ``clickbait``/``not_clickbait``, ``true``/``false`` (any case).

    Returns:
        A copy with columns ``text`` (str) and ``label`` (int), plus any other columns.

    Raises:
        InputError: a missing ``text`` or ``label`` column, an unknown label, a single class,
            or fewer than ``MIN_ROWS`` rows.
    """
    missing = [c for c in ("text", "label") if c not in df.columns]
    if missing:
        raise InputError(f"{name}: missing column(s) {', '.join(missing)}; expected columns text,label")
    df = df.copy()
    keys = df["label"].map(lambda v: str(v).strip().lower())
    unknown = sorted(set(keys[~keys.isin(LABELS)]))
    if unknown:
        raise InputError(
            f"{name}: unknown label(s) {', '.join(map(repr, unknown[:5]))}; use 1/0 or clickbait/not_clickbait"
        )
    df["label"] = keys.map(LABELS).astype(int)
    df["text"] = df["text"].fillna("").astype(str)
    if len(df) < MIN_ROWS:
        raise InputError(f"{name}: {len(df)} rows, need at least {MIN_ROWS} labeled headlines")
    if df["label"].nunique() < 2:
        raise InputError(f"{name}: every label is {df['label'].iloc[0]}; need both clickbait and not_clickbait rows")
    return df


def cross_validated_proba(pipeline: Pipeline, texts: Sequence[str], y, *, folds: int = CV_FOLDS, seed: int = 0):
    """Out-of-fold P(clickbait) from stratified ``folds``-fold cross-validation."""
    cv = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    return cross_val_predict(pipeline, list(texts), np.asarray(y), cv=cv, method="predict_proba")[:, 1]


def well_sampled(df: pd.DataFrame, column: str) -> tuple[str, ...]:
    """Values of ``df[column]`` (if present) with ``MIN_ROWS`` rows or more of both labels, sorted."""
    if column not in df.columns:
        return ()
    counts = df.groupby([column, "label"]).size().unstack(fill_value=0)
    return tuple(sorted(str(value) for value, row in counts.iterrows() if len(row) == 2 and row.sum() >= MIN_ROWS
                        and row.min() > 0))  # fmt: skip


def _fit(df: pd.DataFrame, params: dict) -> Pipeline:
    return build_pipeline(**params).fit(df["text"].tolist(), df["label"].to_numpy())


def fit_routed(df: pd.DataFrame, params: dict, languages: Sequence[str] = (), *, jobs: int = 1) -> dict:
    """Fit every pipeline ``route`` chooses from, in ``jobs`` processes.

    The pooled pipeline on every row; one per language of ``languages`` (on that language's rows
    of ``df["lang"]``); a language identifier over those languages. A language whose rows carry
    two or more ``well_sampled`` values of a ``domain`` column (say headline-style titles and
    social-media posts, whose notions of clickbait differ) gets instead one expert per domain,
    keyed ``"lang/domain"``, and a gate (``fit_gate``) trained to tell those domains apart.

    Returns:
        ``{"pipeline": pooled, "pipelines": {key: pipeline}, "gates": {lang: pipeline},
        "language_identifier": pipeline or None}``, the routing keys of a headline artifact.
    """
    parts: dict[str | None, pd.DataFrame] = {None: df}
    gate_rows: dict[str, pd.DataFrame] = {}
    for lang in languages:
        rows = df[df["lang"] == lang]
        domains = well_sampled(rows, "domain")
        if len(domains) < 2:
            parts[lang] = rows
            continue
        gate_rows[lang] = rows[rows["domain"].isin(domains)]
        parts.update({f"{lang}/{domain}": rows[rows["domain"] == domain] for domain in domains})
    tasks = [delayed(_fit)(part, params) for part in parts.values()]
    tasks += [delayed(fit_gate)(rows["text"], rows["domain"]) for rows in gate_rows.values()]
    fitted = Parallel(n_jobs=min(jobs, len(tasks)))(tasks)
    pipelines = dict(zip(parts, fitted[: len(parts)]))
    known = df[df["lang"].isin(languages)] if len(languages) > 1 else None
    return {
        "pipeline": pipelines.pop(None),
        "pipelines": pipelines,
        "gates": dict(zip(gate_rows, fitted[len(parts) :])),
        "language_identifier": None if known is None else fit_language_identifier(known["text"], known["lang"]),
    }


def train(df: pd.DataFrame, *, training_data: list[dict] | None = None, jobs: int = 1, **params: Any) -> dict:
    """Fit a headline model on a labeled table, with stratified 5-fold CV metrics.

    A ``lang`` column gets one pipeline per language with enough rows (``well_sampled``), used by
    ``score`` for headlines of that language, besides the pooled one; a ``domain`` column splits a
    language into gated experts (``fit_routed``).

    Args:
        df: columns ``text`` and ``label`` (validated by ``validate_labeled``); optional ``lang``
            and ``domain``;
            an optional ``source`` column gets per-source CV metrics as well.
        training_data: descriptions (``name``, ``rows``, ``sha256``) of the files ``df`` came
            from; defaults to one entry for the table itself.
        jobs: processes for fitting the pooled and per-language pipelines.
        **params: passed to ``build_pipeline``.

    Returns:
        An artifact dict (``classifier.artifact.build``) ready for ``classifier.artifact.save``;
        its CV metrics are those of the pooled pipeline.
    """
    df = validate_labeled(df)
    folds = min(CV_FOLDS, int(df["label"].value_counts().min()))
    proba = cross_validated_proba(build_pipeline(**params), df["text"], df["label"], folds=folds)
    metrics: dict[str, Any] = {"cv_folds": folds, "all": classification_scores(df["label"], proba)}
    if "source" in df.columns:
        for source, rows in df.groupby("source").groups.items():
            if df.loc[rows, "label"].nunique() == 2:
                metrics[str(source)] = classification_scores(df.loc[rows, "label"], proba[df.index.get_indexer(rows)])
    routed = fit_routed(df, params, well_sampled(df, "lang"), jobs=jobs)
    pipeline = routed.pop("pipeline")
    training_data = training_data or [{"name": "data", "rows": len(df), "sha256": None}]
    return artifacts.build(
        pipeline, kind="headlines", training_data=training_data, metrics=metrics, params=params,
        feature_names=feature_names(pipeline), **routed,
    )  # fmt: skip
