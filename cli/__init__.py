"""The ``innograph`` command: one entry point over graph/, loaders/, queries/ and dashboard/."""
