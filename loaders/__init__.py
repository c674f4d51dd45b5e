"""Loaders: read sources, validate rows, resolve organisations, hand typed records to graph.writer."""
