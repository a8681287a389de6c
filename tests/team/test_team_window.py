"""The window says which mode it is in. In a team database the annotator is the database user,
whatever name was asked for at start, and switching annotator is off."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings

from claimdesk.store.engine import open_database


@pytest.fixture(autouse=True)
def _isolated_qsettings(tmp_path):
    folder = tmp_path / "qsettings"
    folder.mkdir()
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(folder))


def _launch(qtbot, url: str, name: str):
    from claimdesk.ui.app import Launcher

    launcher = Launcher(url, name)
    with qtbot.waitSignal(launcher.window_ready, timeout=20000) as ready:
        launcher.start()
    window = ready.args[0]
    qtbot.addWidget(window)
    messages = []
    window.session.message.connect(messages.append)
    # window_ready comes as the window starts loading: its first article is still to come
    with qtbot.waitSignal(window.article_shown, timeout=30000):
        pass
    return launcher, window, messages


def _close(launcher, window) -> None:
    launcher.runner.wait_idle(10000)
    window.close()
    window.db.dispose()


@pytest.mark.postgres
def test_a_team_window_is_the_database_user_and_cannot_switch(qtbot, team):
    launcher, window, messages = _launch(qtbot, team.url(team.bob), "someone else")
    assert window.annotator == team.bob
    assert window.windowTitle().endswith(f"{team.bob} (team database, signed in)")
    assert "Claimdesk" not in window.windowTitle()  # Qt adds the application name itself
    assert not window.file_actions.switch_annotator.isEnabled()
    _close(launcher, window)
    assert messages == []


def test_a_local_window_says_it_is_single_user(qtbot, tmp_path):
    path = str(tmp_path / "solo.db")
    open_database(path).dispose()
    launcher, window, messages = _launch(qtbot, path, "ann")
    assert window.annotator == "ann"
    assert window.windowTitle().endswith("ann (local, single-user)")
    assert window.file_actions.switch_annotator.isEnabled()
    _close(launcher, window)
    assert messages == []
