"""Command groups of the command line; each module has `register(subparsers)`."""

from claimdesk.commands import corpus_cmds, label_cmds, story_cmds

COMMAND_MODULES = [
    corpus_cmds,
    label_cmds,
    story_cmds,
]
