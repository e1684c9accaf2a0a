"""Fitted estimators: the section model, the off-topic pair model and the headline router."""
