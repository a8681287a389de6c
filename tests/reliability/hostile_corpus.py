"""The hostile corpus: files written by the tests themselves, each one a way a real folder of
articles goes wrong. Every good article states a fact, so the rules pipeline finds a claim."""

from __future__ import annotations

import json
import os
from pathlib import Path

GOOD_ONE = "The mayor opened the new bridge on Monday. It cost 5 million euros, officials said."
GOOD_TWO = "The council voted 7 to 2 on Tuesday to close the old harbour road in March."
# cp1251 Ukrainian holds byte pairs that are valid UTF-8 by chance ("Ві" is C2 B3)
UKRAINIAN = "Вірні дані: президент заявив у понеділок, що рішення ухвалили 5 міністрів."
CAFE = "Le café de la place a rouvert lundi, a déclaré le maire de Paris à 10 heures."


def jsonl_line(**fields) -> str:
    return json.dumps(fields, ensure_ascii=False) + "\n"


def write_bad_jsonl(folder: Path) -> Path:
    """Two good records around every way one line can be bad."""
    path = folder / "mixed.jsonl"
    lines = [
        jsonl_line(text=GOOD_ONE),
        "[" * 100_000 + "\n",  # nests past any parser's recursion limit
        '{"text": "A lone \\ud800 surrogate in the text of this article."}\n',
        '{"text": "A fine article.", "meta": {"deep": "\\udfff"}}\n',
        '{"text": "The hall was \\u0000opened on Friday by 3 ministers.", "title": "N\\u0000UL"}\n',
        "not json at all\n",
        "42\n",
        jsonl_line(text=GOOD_TWO),
    ]
    path.write_text("".join(lines), encoding="utf-8")
    return path


def write_text_files(folder: Path) -> dict[str, Path]:
    files = {
        "damaged_utf8": ("café.txt", CAFE.encode("utf-8") + b" \xe9\xff fin."),
        "cp1252": ("legacy.txt", CAFE.encode("cp1252")),
        "cp1251": ("cyrillic.txt", UKRAINIAN.encode("cp1251")),
        "utf16_no_bom": ("wide.txt", GOOD_ONE.encode("utf-16-le")),
        "utf16be_no_bom": ("wide_be.txt", GOOD_TWO.encode("utf-16-be")),
        "binary": ("photo.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4),
        "stray_nul": ("stray.txt", GOOD_TWO.encode().replace(b" on ", b" \x00on ")),
        "newline_name": ("two\nlines.txt", b""),
    }
    paths = {}
    for key, (name, data) in files.items():
        paths[key] = folder / name
        paths[key].write_bytes(data)
    return paths


def deep_html(levels: int) -> str:
    return (
        "<html><head><title>Bridge</title></head><body>"
        + "<div>" * levels
        + f"<p>{GOOD_ONE}</p>"
        + "</div>" * levels
        + "</body></html>"
    )


def write_folder_with_escapes(folder: Path, outside: Path) -> dict[str, Path]:
    """A folder holding one good article, links out of it, a link inside it, a link to itself,
    a dangling link, and a FIFO."""
    folder.mkdir(parents=True, exist_ok=True)
    secret = outside / "secret.txt"
    secret.write_text("The password of the server is hunter2 since 2019.", encoding="utf-8")
    (outside / "other").mkdir(exist_ok=True)
    (outside / "other" / "more.txt").write_text(GOOD_TWO, encoding="utf-8")
    good = folder / "good.txt"
    good.write_text(GOOD_ONE, encoding="utf-8")
    paths = {
        "good": good,
        "file_link_out": folder / "secret.txt",
        "folder_link_out": folder / "elsewhere",
        "link_inside": folder / "again.txt",
        "fifo": folder / "pipe.txt",
        "loop": folder / "loop.txt",
        "dangling": folder / "gone.txt",
    }
    paths["loop"].symlink_to(paths["loop"])
    paths["dangling"].symlink_to(folder / "never-there.txt")
    paths["file_link_out"].symlink_to(secret)
    paths["folder_link_out"].symlink_to(outside / "other", target_is_directory=True)
    paths["link_inside"].symlink_to(good)
    os.mkfifo(paths["fifo"])
    return paths
