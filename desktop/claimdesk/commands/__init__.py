"""Command groups of the command line; each module has `register(subparsers)`."""

from claimdesk.commands import (
    agreement_cmds,
    annotator_cmds,
    corpus_cmds,
    export_cmds,
    label_cmds,
    story_cmds,
    team_cmds,
)

COMMAND_MODULES = [
    corpus_cmds,
    label_cmds,
    story_cmds,
    agreement_cmds,
    annotator_cmds,
    export_cmds,
    team_cmds,
]
