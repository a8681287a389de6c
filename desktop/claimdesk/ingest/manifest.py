"""A folder's `manifest.json` says which files belong to which story.

Format: {"stories": {"story name": ["file1.txt", "file2.txt"], ...}}. The names are of files
in the manifest's own folder; a subfolder has its own manifest.
"""

import json
from pathlib import Path

from claimdesk.errors import InputError
from claimdesk.ingest.sanitise import clean_value

MANIFEST_NAME = "manifest.json"


def load_manifest(folder: Path | str) -> dict[str, str]:
    """{file name: story name} from `folder`/manifest.json; {} when there is none.

    Raises InputError naming the manifest when it is malformed or puts a file in two stories.
    """
    path = Path(folder) / MANIFEST_NAME
    if not path.is_file():
        return {}
    place = str(path)
    try:
        content = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(place, f"cannot read the manifest: {error}") from None
    except json.JSONDecodeError as error:
        raise InputError(place, f"not valid JSON: {error.msg} (line {error.lineno})") from None
    except RecursionError:
        raise InputError(place, "not a manifest: JSON nested too deeply") from None

    stories = content.get("stories") if isinstance(content, dict) else None
    if not isinstance(stories, dict):
        raise InputError(place, 'expected {"stories": {"story name": ["file", ...]}}')
    by_file: dict[str, str] = {}
    for story, files in stories.items():
        story = clean_value(story, place, "story name")  # no lone surrogates, no NUL
        if not story.strip():
            raise InputError(place, "a story has an empty name")
        if not isinstance(files, list) or not all(isinstance(name, str) for name in files):
            raise InputError(place, f"story {story!r}: expected a list of file names")
        for name in files:
            if by_file.get(name, story) != story:
                raise InputError(
                    place, f"{name!r} is listed in two stories: {by_file[name]!r} and {story!r}"
                )
            by_file[name] = story
    return by_file
