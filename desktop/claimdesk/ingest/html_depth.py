"""Pages nested deeper than libxml2's default limit of 256 elements.

lxml's HTML parser silently drops everything below depth 256, so trafilatura found "no text"
on such pages. They are parsed again with `huge_tree` (libxml2 still stops near depth 2,048)
and the wrappers below `FLATTEN_DEPTH` are unwrapped, keeping their text, so that trafilatura's
own recursive walk stays well inside Python's limits.
"""

import lxml.html

FLATTEN_DEPTH = 200
DEFAULT_PARSER_DEPTH = 256


def flattened_tree(html: str) -> tuple[lxml.html.HtmlElement | None, int]:
    """The page's tree with nothing deeper than FLATTEN_DEPTH, and how deep it nested."""
    parser = lxml.html.HTMLParser(huge_tree=True)
    try:
        tree = lxml.html.document_fromstring(html, parser=parser)
    except Exception:  # lxml raises ParserError, ValueError... on pages it cannot parse
        return None, 0
    deepest, too_deep = 0, []
    stack = [(tree, 0)]
    while stack:  # iterative: a recursive walk would overflow on the pages this is for
        element, depth = stack.pop()
        deepest = max(deepest, depth)
        if depth > FLATTEN_DEPTH:
            too_deep.append(element)
        stack.extend((child, depth + 1) for child in element)
    for element in too_deep:
        if element.getparent() is not None:
            element.drop_tag()
    return tree, deepest
