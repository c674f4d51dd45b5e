"""The only door to Neo4j: settings, driver, schema, the batched writer and the local server.

Nothing here imports other innograph packages; loaders/, queries/ and dashboard/ build on it.
"""
