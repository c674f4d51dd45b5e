from pathlib import Path

from graph.settings import Settings


def test_defaults_point_at_the_local_server(tmp_path: Path) -> None:
    settings = Settings.from_env({"INNOGRAPH_HOME": str(tmp_path)})
    assert settings.uri == "bolt://127.0.0.1:7687"
    assert (settings.user, settings.database, settings.external) == ("neo4j", "neo4j", False)
    assert settings.password == ""


def test_local_password_comes_from_the_file_and_never_from_repr(tmp_path: Path) -> None:
    (tmp_path / "neo4j-password").write_text("s3cret\n")
    settings = Settings.from_env({"INNOGRAPH_HOME": str(tmp_path), "INNOGRAPH_NEO4J_PORT": "7700"})
    assert settings.password == "s3cret"
    assert settings.uri == "bolt://127.0.0.1:7700"
    assert "s3cret" not in repr(settings)


def test_external_server_wins(tmp_path: Path) -> None:
    (tmp_path / "neo4j-password").write_text("local")
    settings = Settings.from_env({
        "INNOGRAPH_HOME": str(tmp_path), "NEO4J_URI": "neo4j+s://x.databases.neo4j.io",
        "NEO4J_USER": "u", "NEO4J_PASSWORD": "p", "NEO4J_DATABASE": "db",
    })
    assert (settings.uri, settings.user, settings.password, settings.database) == (
        "neo4j+s://x.databases.neo4j.io", "u", "p", "db")
    assert settings.external
