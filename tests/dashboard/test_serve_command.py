"""`innograph serve` runs Streamlit headless on the dashboard, without telemetry."""

from cli.main import build_parser
from cli.serve import APP, streamlit_command


def test_serve_is_a_command_with_a_port():
    args = build_parser().parse_args(["serve", "--port", "8642"])
    assert args.port == 8642 and callable(args.handler)


def test_streamlit_runs_the_app_headless_without_usage_statistics():
    command = streamlit_command(8642, "127.0.0.1")
    assert command[1:5] == ["-m", "streamlit", "run", str(APP)]
    options = dict(zip(command[5::2], command[6::2]))
    assert options["--server.headless"] == "true"
    assert options["--browser.gatherUsageStats"] == "false"
    assert options["--server.port"] == "8642" and options["--server.address"] == "127.0.0.1"
    assert APP.name == "app.py" and APP.exists()


def test_the_dashboard_listens_on_this_machine_only_by_default() -> None:
    from cli.main import build_parser

    args = build_parser().parse_args(["serve"])
    assert args.address == "127.0.0.1"
    assert streamlit_command(args.port, args.address)[-2:] == ["--server.address", "127.0.0.1"]
