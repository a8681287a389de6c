"""Window settings (geometry, zoom, last article, annotator name) in QSettings."""

from PySide6.QtCore import QSettings

ORGANIZATION = "Claimdesk"
APPLICATION = "claimdesk"


def qsettings() -> QSettings:
    # explicit names: the settings land in the same place whether or not the QApplication
    # was given an organisation name (tests create their own application)
    return QSettings(ORGANIZATION, APPLICATION)
