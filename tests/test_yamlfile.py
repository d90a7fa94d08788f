"""The strict YAML loader: the same values as PyYAML, every problem located, and bounded work
for a hostile file (size, nesting, alias expansion)."""

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import curation, yamlfile
from generator.model import CatalogError


def load(text: str):
    return yamlfile.load("f.yml", text)


def located(text: str):
    """The one problem of a file that does not load: (line, col, message)."""
    value, problems = load(text)
    assert value is None
    [problem] = problems
    assert problem.file == "f.yml" and problem.severity == "error" and problem.hint
    return problem.line, problem.col, problem.message


def same_nodes(mine: yaml.Node, theirs: yaml.Node) -> bool:
    if type(mine) is not type(theirs) or mine.tag != theirs.tag:
        return False
    if (mine.start_mark.line, mine.start_mark.column) != (
        theirs.start_mark.line,
        theirs.start_mark.column,
    ):
        return False
    if isinstance(mine, yaml.ScalarNode):
        return mine.value == theirs.value and mine.style == theirs.style
    if isinstance(mine, yaml.MappingNode):
        pairs = zip(mine.value, theirs.value, strict=False)
        return len(mine.value) == len(theirs.value) and all(
            same_nodes(k1, k2) and same_nodes(v1, v2) for (k1, v1), (k2, v2) in pairs
        )
    pairs = zip(mine.value, theirs.value, strict=False)
    return len(mine.value) == len(theirs.value) and all(same_nodes(a, b) for a, b in pairs)


# Text without the spaces that are no spaces to YAML (the loader refuses them at the start of
# a line, tested below, where safe_dump may put them) and without lone surrogates (no UTF-8).
NO_SPACES_TO_YAML = "\u00a0\u1680\u202f\u205f\u3000\ufeff" + "".join(
    map(chr, range(0x2000, 0x200C))
)
texts = st.text(
    st.characters(exclude_characters=NO_SPACES_TO_YAML, exclude_categories=("Cs",)), max_size=20
)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=False),
    texts,
    st.dates(),
)


@st.composite
def documents(draw):
    """YAML text from random data, some of it shared (safe_dump writes anchors and aliases)."""
    shared = draw(st.lists(st.lists(scalars, max_size=3), max_size=3))
    values = st.recursive(
        scalars | st.sampled_from(shared or [[]]),
        lambda children: (
            st.lists(children, max_size=4) | st.dictionaries(texts, children, max_size=4)
        ),
        max_leaves=20,
    )
    data = draw(st.dictionaries(texts.filter(bool), values, max_size=5))
    style = draw(st.sampled_from([None, True, False]))
    return yaml.safe_dump(data, default_flow_style=style, allow_unicode=draw(st.booleans()))


@settings(max_examples=300, deadline=None, database=None)
@given(documents())
def test_the_node_tree_is_the_one_pyyaml_composes(text):
    assert same_nodes(yamlfile._compose(text), yaml.compose(text, Loader=yamlfile.PARSER))
    value, problems = load(text)
    assert problems == []
    assert value == yaml.safe_load(text)


def test_an_empty_file_and_a_comment_are_no_value():
    assert load("") == (None, [])
    assert load("# nothing yet\n") == (None, [])


def test_values_keep_their_lines_and_columns():
    value, _ = load("tags:\n  mlps:\n    name: MLPs\n  kan: {name: KAN}\nlist: [a, b]\n")
    assert (value.line, value.col) == (1, 1)
    assert value.mark_of("list") == (5, 1)
    assert value["tags"].mark_of("kan") == (4, 3)
    assert value["list"].item_marks == [(5, 8), (5, 11)]


# Aliases: a few allowed, a "billion laughs" refused where it starts to explode.

BILLION_LAUGHS = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]\n"
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True)
)


def test_a_billion_laughs_is_refused_at_the_alias_that_passes_the_limit():
    assert located(BILLION_LAUGHS) == (
        5,
        8,
        "aliases expand this file by more than 10,000 values",
    )


def test_aliases_within_the_limit_are_expanded():
    value, problems = load("shared: &tags [kan, mlps]\none: *tags\ntwo: *tags\n")
    assert problems == []
    assert value == {"shared": ["kan", "mlps"], "one": ["kan", "mlps"], "two": ["kan", "mlps"]}


@pytest.mark.parametrize(("aliases", "refused"), [(3, False), (4, True)])
def test_the_alias_limit_counts_every_value_an_alias_adds(monkeypatch, aliases, refused):
    monkeypatch.setattr(yamlfile, "MAX_ALIAS_VALUES", 9)  # three values per alias: [x, y]
    text = "a: &a [x, y]\n" + "".join(f"k{index}: *a\n" for index in range(aliases))
    _, problems = load(text)
    assert bool(problems) is refused
    if refused:
        assert (problems[0].line, problems[0].col) == (aliases + 1, 5)


def test_an_alias_inside_the_value_it_names_is_a_loop():
    assert located("a: &loop [1, [2, *loop]]\n") == (
        1,
        18,
        "the alias *loop is inside the value it names, a loop",
    )


def test_an_alias_without_anchor_and_an_anchor_defined_twice():
    assert located("a: *nowhere\n") == (1, 4, "the alias *nowhere names no anchor above it")
    assert located("a: &x 1\nb: &x 2\n") == (
        2,
        4,
        "the anchor &x is defined twice (first on line 1)",
    )


# Nesting: libyaml's composer recurses in C; 100,000 brackets crashed the whole process.


@pytest.mark.parametrize(
    "text",
    [
        "[" * 100_000 + "]" * 100_000,
        "a:\n" + "".join(" " * level + "b:\n" for level in range(1, 3_000)),
        "".join(" " * level + "-\n" for level in range(3_000)),
    ],
    ids=["flow", "block mapping", "block sequence"],
)
def test_deep_nesting_is_refused_without_a_crash(text):
    _, _, message = located(text)
    assert message == "values are nested more than 64 levels deep"


@pytest.mark.parametrize(("depth", "refused"), [(64, False), (65, True)])
def test_the_nesting_limit_at_its_boundary(depth, refused):
    _, problems = load("[" * depth + "]" * depth)
    assert bool(problems) is refused
    if refused:
        assert (problems[0].line, problems[0].col) == (1, 65)


def test_nesting_counts_the_levels_aliases_bring():
    text = "a: &a " + "[" * 40 + "]" * 40 + "\nb: " + "[" * 30 + "*a" + "]" * 30 + "\n"
    assert located(text) == (
        2,
        34,
        "values are nested more than 64 levels deep once aliases are expanded",
    )


@pytest.mark.parametrize(("extra", "refused"), [(0, False), (1, True)])
def test_the_size_limit_at_its_boundary(monkeypatch, extra, refused):
    monkeypatch.setattr(yamlfile, "MAX_CHARS", 20)
    text = "a: 1\nb: 2\nc: 3\nd: 4\n" + "e" * extra  # 20 characters, then 21
    _, problems = load(text)
    assert bool(problems) is refused
    if refused:
        assert (problems[0].line, problems[0].message) == (
            5,
            "the file is 21 characters long; the longest allowed is 20",
        )


# What editors and copy-paste produce.

TAB = "a tab is used for indentation; YAML indents with spaces only"


@pytest.mark.parametrize(
    ("text", "line", "col"),
    [
        ("tags:\n\tmlps:\n    name: x\n", 2, 1),
        ("tags:\n  a: 1\n\tb: 2\n", 3, 1),
        ("tags:\n  \tmlps: 1\n", 2, 3),
        ("a:\n  -\tb\n", 2, 4),
        ("a:\n  - x: 1\n  \t y: 2\n", 3, 3),
        ("\ta: 1\n", 1, 1),
    ],
)
def test_a_tab_in_the_indentation_is_named_with_its_place(text, line, col):
    _, problems = load(text)
    assert [(p.line, p.col, p.message, p.hint) for p in problems] == [
        (line, col, TAB, "replace the tab with spaces, as many as the lines around it use")
    ]


def test_a_tab_after_a_key_is_fine():
    assert load("a:\tb\n") == ({"a": "b"}, [])


@pytest.mark.parametrize(
    ("char", "name"),
    [
        ("\u00a0", "no-break space"),
        ("\ufeff", "zero width no-break space"),
        ("\u3000", "ideographic space"),
    ],
)
def test_a_line_indented_with_a_space_that_is_no_space_to_yaml(char, name):
    # PyYAML reads "\u00a0 c" as a key of the top mapping: a silent misreading.
    value, problems = load(f"a:\n  b: 1\n{char} c: 2\nd:\n{char}e: 3\n")
    assert value is None
    assert [(p.line, p.col, p.message) for p in problems] == [
        (
            line,
            1,
            f"the line is indented with a {name} (U+{ord(char):04X}); YAML indents "
            "with ordinary spaces only",
        )
        for line in (3, 5)
    ]


def test_a_control_character_is_named_with_its_place():
    assert located("a: 1\nb: x\x1by\n") == (
        2,
        5,
        "the control character U+001B is not allowed in YAML",
    )


def test_a_second_document_is_refused():
    assert located("a: 1\n---\nb: 2\n") == (2, 1, "the file holds a second YAML document")


def test_crlf_line_ends_load_like_lf():
    assert load("a: 1\r\nb:\r\n  - x\r\n") == ({"a": 1, "b": ["x"]}, [])


def test_a_syntax_error_keeps_the_parser_message():
    assert located("a: [1, 2\n") == (
        2,
        1,
        "YAML syntax error: while parsing a flow sequence, did not find expected ',' or ']'",
    )


# Reading the file: its encoding is checked as a seed file's is.


def test_a_yaml_file_saved_as_latin1_stops_with_line_and_column(tmp_path):
    path = tmp_path / "taxonomy.yml"
    path.write_bytes("topics:\n  food:\n    name: Caf\xe9 tables\n".encode("latin-1"))
    with pytest.raises(CatalogError) as error:
        curation.read_optional(path)
    [problem] = error.value.problems
    assert (problem.file, problem.line, problem.col, problem.message) == (
        str(path),
        3,
        14,
        "the file is not valid UTF-8 (byte 0xe9 cannot be decoded)",
    )
    assert "re-save the file as UTF-8" in problem.hint


def test_a_yaml_file_with_a_byte_order_mark_reads(tmp_path):
    path = tmp_path / "curation.yml"
    path.write_bytes(b"\xef\xbb\xbfa: 1\n")
    assert curation.read_optional(path) == "a: 1\n"
    assert curation.read_optional(tmp_path / "absent.yml") is None
