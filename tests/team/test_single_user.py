"""A SQLite file is single-user: no team mode, --annotator is taken as given (a convenience, not
security), and the team commands say why they do not apply."""

from __future__ import annotations

from claimdesk.cli import main
from claimdesk.store.engine import open_database


def test_sqlite_is_single_user_and_team_init_says_so(tmp_path, capsys):
    path = str(tmp_path / "solo.db")
    db = open_database(path)
    assert not db.is_team and db.team_user is None
    db.dispose()
    assert main(["team", "init", path]) == 2
    assert "team mode needs PostgreSQL" in capsys.readouterr().err
    assert main(["--db", path, "team", "blind", "status"]) == 0
    assert "enforces nothing" in capsys.readouterr().out
