"""One module per export format; :mod:`queries.export` chooses between them."""
