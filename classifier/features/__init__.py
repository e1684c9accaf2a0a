"""Feature extraction: pure named functions, wrapped as scikit-learn transformers."""
