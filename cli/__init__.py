"""The ``innograph`` command: one entry point over graph/, loaders/, queries/ and dashboard/."""

import sys


def _import_driver_without_dataframes() -> None:
    """Import the neo4j driver without pandas and pyarrow.

    When they are installed (the dashboard needs both) the driver imports them at start-up for
    ``Result.to_df`` and dataframe parameters, which no command uses: about half a second of every
    ``innograph`` process (issue 19 counts commands against ``innograph query "RETURN 1"``). They stay
    importable afterwards; only the driver's optional dataframe support is left off in this process.
    """
    if "neo4j" in sys.modules:
        return
    blocked = [name for name in ("pandas", "pyarrow") if name not in sys.modules]
    for name in blocked:
        sys.modules[name] = None  # makes ``import name`` raise ImportError, which the driver expects
    try:
        import neo4j  # noqa: F401
    finally:
        for name in blocked:
            if sys.modules.get(name, ...) is None:
                del sys.modules[name]


_import_driver_without_dataframes()
