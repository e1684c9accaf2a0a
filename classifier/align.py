"""Gold text → section labels: which blocks of a page carry the annotated article text.

The rule: a section of three or more tokens is content when at least half of its word
trigrams occur in the gold text; a shorter section is content when it equals a whole gold
line (a heading, a byline the annotators kept) or, for two tokens, occurs inside the gold.
Agreement of the rule with the gold is the "oracle" extraction F1: the benchmark score of
keeping exactly the sections the rule labels content (reported by ``training/train_sections.py``).
"""

from __future__ import annotations

from collections.abc import Sequence

from .text import tokens
from .types import Section

MIN_TRIGRAM_SHARE = 0.5


def label_sections(sections: Sequence[Section], gold: str) -> list[bool]:
    """True for each section that the gold text contains.

    >>> from classifier.types import Section
    >>> gold = "Heading\\nThe first paragraph of the story goes here."
    >>> label_sections([Section("Home"), Section("Heading"), Section("the first paragraph of the story")], gold)
    [False, True, True]
    """
    gold_tokens = tokens(gold)
    trigrams = set(zip(gold_tokens, gold_tokens[1:], gold_tokens[2:]))
    lines = {" ".join(tokens(line)) for line in gold.splitlines()}
    joined = f" {' '.join(gold_tokens)} "
    labels = []
    for section in sections:
        words = tokens(section.text)
        if len(words) >= 3:
            grams = list(zip(words, words[1:], words[2:]))
            labels.append(sum(g in trigrams for g in grams) >= MIN_TRIGRAM_SHARE * len(grams))
        else:
            text = " ".join(words)
            labels.append(bool(words) and (text in lines or (len(words) == 2 and f" {text} " in joined)))
    return labels
