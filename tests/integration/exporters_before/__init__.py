"""The exporters as they were before streaming (issue 19), kept unchanged as the oracle that streamed
exports are compared with byte for byte (tests/integration/test_export_streamed.py)."""
