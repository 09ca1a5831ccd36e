"""Which named graphs a SPARQL 1.1 Update writes, read from its tokens.

The embedded store's default graph is derived (see ``derived.py``): an update must
never write it directly, and must say which named graphs it writes, so that the store
resyncs the default graph for just those. Parsing with rdflib takes seconds for a large
INSERT DATA; the tokens of ``guard.py`` take milliseconds. Only what decides the written
graphs is read (SPARQL 1.1 Update, 3.1-3.2): the operation keywords, the graph names and
the top level of each template. WHERE patterns and the triples inside a GRAPH block are
skipped by counting braces, which strings, comments and IRIs cannot contain.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urljoin

from kennisgraaf.errors import QueryError
from kennisgraaf.graph.guard import _ESCAPE, _TOKEN, _char
from kennisgraaf.ontology.namespace import DIRECT, PREFIXES

_IRI_CHARS = r"[^<>\"{}|^`\\\x00-\x20]*"  # of an IRIREF, as the tokens of guard.py read it
# An absolute IRI that can go between < > in a statement the store builds.
_ABSOLUTE = re.compile(rf"[A-Za-z][A-Za-z0-9+.-]*:{_IRI_CHARS}\Z")
# Oxigraph expands \u escapes in IRIs and strings only (expanding them everywhere, as
# guard.py does, would end a string at "a\u0022b" that goes on for Oxigraph). The tokens
# read strings' escapes as Oxigraph does, but not an IRI's: those IRIs are expanded first,
# unless an escape gives a character that could end a string (the match may lie in one).
_IRI_WITH_ESCAPES = re.compile(
    rf"<{_IRI_CHARS}(?:(?:\\u[0-9A-Fa-f]{{4}}|\\U[0-9A-Fa-f]{{8}}){_IRI_CHARS})+>")
_SAFE_IRI = re.compile(r"<[^<>\"{}|^`\\'\x00-\x20]*>")
_UNREADABLE_IRI = "<kennisgraaf-unreadable-iri:>"
# In a prefixed name "ex:a\'b" the quote is part of the name, which the tokens would read
# as the start of a string: \' and \# become \_ (in a string too, where it is as inert).
# Pairs of backslashes are matched first, as the tokens pair them in a string.
_LOCAL_ESCAPE = re.compile(r"\\[\\'#]")
# Characters that cannot start a string, comment, IRI or brace: see _Reader.skip_group.
_RUN = re.compile(r"[^{}'\"#<]+")
_DEFAULT = "DEFAULT"  # the default graph as a target: never an absolute IRI


@dataclass(frozen=True)
class UpdateScope:
    """The named graphs an update may write.

    ``everything``: the written graphs cannot be known from the text (``GRAPH ?var`` in
    a template, CLEAR/DROP ALL or NAMED, a graph name that cannot be resolved, or text
    that is not a well-formed update); the store then resyncs every graph.
    """

    graphs: frozenset[str]
    everything: bool


class _Unreadable(Exception):
    """The text does not follow the update grammar: the store's parser will say where."""


def update_scope(text: str, *, prefixes: Mapping[str, str] = PREFIXES) -> UpdateScope:
    """The named graphs (absolute IRIs) the SPARQL 1.1 Update ``text`` writes.

    ``prefixes`` are predefined; the text's PREFIX declarations add to them and BASE
    declarations resolve relative IRIs. Raises QueryError when the update writes the
    default graph directly.
    """
    text = _IRI_WITH_ESCAPES.sub(_expanded, text)
    text = _LOCAL_ESCAPE.sub(lambda m: m.group() if m.group() == "\\\\" else "\\_", text)
    reader = _Reader(text, prefixes)
    try:
        reader.update()
    except _Unreadable:
        reader.everything = True
    return UpdateScope(frozenset(reader.graphs), reader.everything)


def _expanded(iri: re.Match[str]) -> str:
    """The IRI with its escapes expanded, or a marker for an IRI that cannot be known."""
    text = _ESCAPE.sub(lambda m: _char(m.group(1) or m.group(2)), iri.group())
    return text if _SAFE_IRI.fullmatch(text) else _UNREADABLE_IRI


class _Reader:
    """A cursor over the tokens of one update request and what it found so far."""

    def __init__(self, text: str, prefixes: Mapping[str, str]) -> None:
        self.text = text
        self.pos = 0
        self.prefixes: dict[str, str | None] = dict(prefixes)
        self.base: str | None = None
        self.graphs: set[str] = set()
        self.everything = False

    def update(self) -> None:
        # Update ::= Prologue ( Update1 ( ';' Update )? )?; declarations carry forward
        while True:
            self.prologue()
            if not self.peek():
                return
            self.operation(self.next().upper())
            if not self.peek():
                return
            self.expect(";")

    def prologue(self) -> None:
        while (keyword := self.peek()) in ("BASE", "PREFIX", "VERSION"):
            self.next()
            if keyword == "BASE":
                self.base = self.resolve(self.iri_ref())
            elif keyword == "PREFIX":
                name = self.next()
                if not name.endswith(":") or name.count(":") != 1:
                    raise _Unreadable
                self.prefixes[name[:-1]] = self.resolve(self.iri_ref())
            # VERSION (SPARQL 1.2) is followed by a string, which the tokens skip

    def operation(self, keyword: str) -> None:
        if keyword in ("INSERT", "DELETE"):
            form = self.peek()
            if form == "DATA" or (keyword == "DELETE" and form == "WHERE"):
                self.next()
                self.template(_DEFAULT, f"{keyword} {form} with triples outside a GRAPH block")
            else:
                self.modify(keyword, _DEFAULT)
        elif keyword == "WITH":
            target = self.graph_name()
            keyword = self.next().upper()
            if keyword not in ("INSERT", "DELETE"):
                raise _Unreadable
            self.modify(keyword, target)
        elif keyword in ("CLEAR", "DROP"):
            self.accept("SILENT")
            which = self.next().upper()
            if which == "GRAPH":
                self.write(self.graph_name(), "")
            elif which in ("NAMED", "ALL"):
                self.everything = True
            elif which == "DEFAULT":
                self.write(_DEFAULT, f"{keyword} DEFAULT")
            else:
                raise _Unreadable
        elif keyword == "CREATE":  # an empty graph: no triple changes
            self.accept("SILENT")
            self.expect("GRAPH")
            self.graph_name()
        elif keyword == "LOAD":
            self.accept("SILENT")
            self.graph_name()  # the source document, only read
            if self.accept("INTO"):
                self.expect("GRAPH")
                self.write(self.graph_name(), "")
            else:
                self.write(_DEFAULT, "LOAD without INTO GRAPH")
        elif keyword in ("ADD", "COPY", "MOVE"):
            self.accept("SILENT")
            source = self.graph_or_default()
            self.expect("TO")
            self.write(self.graph_or_default(), f"{keyword} ... TO DEFAULT")
            if keyword == "MOVE":  # empties its source
                self.write(source, "MOVE DEFAULT")
        else:
            raise _Unreadable

    def modify(self, keyword: str, target: str | None) -> None:
        """``(DELETE {..} [INSERT {..}] | INSERT {..}) (USING [NAMED] g)* WHERE {..}``,
        after its WITH; triples outside GRAPH blocks write ``target``."""
        what = "DELETE/INSERT template with triples outside a GRAPH block and no WITH"
        self.template(target, what)
        if keyword == "DELETE" and self.accept("INSERT"):
            self.template(target, what)
        while self.accept("USING"):
            self.accept("NAMED")
            self.graph_name()  # only read
        self.expect("WHERE")
        self.expect("{")
        self.skip_group()  # only read, GRAPH blocks too

    def template(self, target: str | None, what: str) -> None:
        """A QuadPattern or QuadData: GRAPH blocks write their graph, triples ``target``."""
        self.expect("{")
        prev = ""
        while (token := self.next()) != "}":
            if token[0] == ".":  # separators the word pattern glued on: ".GRAPH"
                token = token.lstrip(".")
                if not token:
                    continue
            if token.upper() == "GRAPH" and prev != "@":  # "@graph" is a language tag
                self.write(self.graph_name(), "")
                self.expect("{")
                self.skip_group()
            else:
                self.write(target, what)
                if token == "{":  # an RDF 1.2 annotation {| ... |} of a triple
                    self.skip_group()
            prev = token

    def skip_group(self) -> None:
        """Move past the '}' that closes the group just opened.

        A run of characters that cannot start a string, comment or IRI holds no brace
        and ends on a token boundary, so it is passed in one step: tokens one by one
        take 0.5 s for a 2 MB INSERT DATA."""
        text, pos, depth = self.text, self.pos, 1
        while depth:
            if run := _RUN.match(text, pos):
                pos = run.end()
            if not (m := _TOKEN.match(text, pos)):
                raise _Unreadable
            pos = m.end()
            if (token := m.group()) == "{":
                depth += 1
            elif token == "}":
                depth -= 1
        self.pos = pos

    def graph_or_default(self) -> str | None:
        if self.accept("DEFAULT"):
            return _DEFAULT
        self.accept("GRAPH")
        return self.graph_name()

    def graph_name(self) -> str | None:
        """An IRI, a prefixed name or a variable; None when it cannot be known."""
        token = self.next()
        if token[0] == "<":
            return self.resolve(token[1:-1]) if len(token) > 1 else None
        if token[0] in "?$":
            return None
        prefix, colon, local = token.partition(":")
        if not colon or token[0] == "." or token[-1] == ".":
            raise _Unreadable
        namespace = self.prefixes.get(prefix)
        if namespace is None or self.peek() == "\\":  # unknown prefix; an escape \. in it
            return None
        return self.checked(namespace + local)

    def iri_ref(self) -> str:
        token = self.next()
        if len(token) < 2 or token[0] != "<":
            raise _Unreadable
        return token[1:-1]

    def resolve(self, ref: str) -> str | None:
        if ref == _UNREADABLE_IRI[1:-1]:
            return None
        # An absolute IRI is kept as written, dot segments too, as the store's parser does
        if _ABSOLUTE.match(ref):
            return ref
        return None if self.base is None else self.checked(urljoin(self.base, ref))

    @staticmethod
    def checked(iri: str) -> str | None:
        return iri if _ABSOLUTE.match(iri) else None

    def write(self, graph: str | None, what: str) -> None:
        if graph == _DEFAULT:
            raise QueryError(
                f"this update writes the default graph ({what}), which in kennisgraaf is the "
                "union of the named graphs (one per article) and is kept by the store: write "
                "into a named graph instead (INSERT DATA { GRAPH <...> { ... } }, WITH <...>), "
                f"or into <{DIRECT}> for triples that belong to no article")
        if graph is None:
            self.everything = True
        else:
            self.graphs.add(graph)

    def token(self) -> tuple[str, int]:
        """The next token that is not a string or comment ("" at the end), and its end."""
        pos = self.pos
        while (m := _TOKEN.match(self.text, pos)) and m.lastgroup == "skip":
            pos = m.end()
        return (m.group(), m.end()) if m else ("", pos)

    def next(self) -> str:
        token, self.pos = self.token()
        if not token:
            raise _Unreadable
        return token

    def peek(self) -> str:
        return self.token()[0].upper()

    def accept(self, keyword: str) -> bool:
        token, end = self.token()
        if token.upper() != keyword:
            return False
        self.pos = end
        return True

    def expect(self, keyword: str) -> None:
        if not self.accept(keyword):
            raise _Unreadable
