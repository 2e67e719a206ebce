"""Training on annotated real documents: the models the extractor consults (they sit above extract and evaluate)."""
