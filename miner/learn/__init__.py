"""Training on annotated real documents: models the extractor consults (above extract and evaluate)."""
