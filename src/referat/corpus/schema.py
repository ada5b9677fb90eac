"""The SQLite schema of a corpus database: tables, indices and views (``docs/corpus.md``).

Every table but ``documents``, ``cases`` and ``meta`` carries ``document_id``: deleting a
document (a re-parse after a version change) cascades to all its rows. Keys are natural and
deterministic: ``documents.id`` comes from the file's SHA-256, the rows of a document are
numbered by their position in it (``item_index`` 0, 1, …), and ``cases.case_key`` is the
case number with its spaces removed. So the same files give the same database whatever order
the workers finish in, and an interrupted build that is resumed equals an uninterrupted one.

Enumerations are stored by their English *name* (``ABSENT``, ``RECOMMENDED``, ``DECISION``),
as in the JSON output; dates as ISO text; money in DKK as a number (an integer when whole).
"""

from __future__ import annotations

import sqlite3

#: Bumped whenever a table changes; a database of another version is refused.
SCHEMA_VERSION = 2  # 2: outcomes.embedded and .date, items.sub_number

#: ``(table, columns)`` in insertion order (parents before children). The row tuples that
#: :mod:`referat.corpus.rows` makes follow these column orders exactly.
TABLES: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "documents",
        (
            "id",
            "sha256",
            "path",
            "size",
            "encoding",
            "layout",
            "layout_score",
            "referat_version",
            "plugins",
            "status",
            "parsed_at",
        ),
    ),
    ("document_paths", ("document_id", "path")),
    (
        "meetings",
        (
            "document_id",
            "committee",
            "period",
            "date",
            "start_time",
            "end_time",
            "location",
            "kind",
        ),
    ),
    (
        "attendance",
        (
            "document_id",
            "attendance_index",
            "name",
            "status",
            "party",
            "substitute_for",
            "items",
            "line",
        ),
    ),
    (
        "items",
        (
            "document_id",
            "item_index",
            "number",
            "sub_number",
            "title",
            "case_type",
            "closed",
            "line",
            "end_line",
            "start",
            "end",
        ),
    ),
    (
        "sections",
        (
            "document_id",
            "item_index",
            "section_index",
            "kind",
            "name",
            "body",
            "date",
            "line",
            "end_line",
            "start",
            "end",
            "text",
        ),
    ),
    ("cases", ("case_key", "scheme", "kle", "facet", "serial", "year", "kle_title")),
    ("case_numbers", ("document_id", "item_index", "case_key", "raw", "label", "line")),
    (
        "decisions",
        ("document_id", "item_index", "decision_index", "section_index", "body", "date", "line"),
    ),
    (
        "outcomes",
        (
            "document_id",
            "item_index",
            "outcome_index",
            "decision_index",
            "kind",
            "committee",
            "committee_inferred",
            "verb",
            "object",
            "addition",
            "inferred",
            "embedded",
            "date",
            "line",
            "text",
        ),
    ),
    (
        "votes",
        (
            "document_id",
            "item_index",
            "vote_index",
            "decision_index",
            "position",
            "subject",
            "others",
            "tally",
            "line",
        ),
    ),
    (
        "voters",
        (
            "document_id",
            "item_index",
            "vote_index",
            "voter_index",
            "name",
            "party",
            "role",
            "role_raw",
        ),
    ),
    (
        "amendments",
        (
            "document_id",
            "item_index",
            "amendment_index",
            "decision_index",
            "proposer",
            "proposer_party",
            "text",
            "result",
            "line",
        ),
    ),
    (
        "absences",
        (
            "document_id",
            "item_index",
            "absence_index",
            "decision_index",
            "name",
            "party",
            "role",
            "scope",
            "line",
        ),
    ),
    (
        "amounts",
        (
            "document_id",
            "item_index",
            "amount_index",
            "raw",
            "dkk",
            "dkk_to",
            "unit",
            "qualifier",
            "years",
            "year_start",
            "year_end",
            "annual",
            "section_kind",
            "in_economy_section",
            "line",
        ),
    ),
    (
        "budget_rows",
        (
            "document_id",
            "item_index",
            "budget_row_index",
            "row_label",
            "column_label",
            "year",
            "dkk",
            "unit",
            "is_total",
            "line",
        ),
    ),
    (
        "tables",
        (
            "document_id",
            "item_index",
            "table_index",
            "kind",
            "unit",
            "scale",
            "total_column",
            "section_kind",
            "header_rows",
            "body_rows",
            "columns",
            "line",
            "end_line",
        ),
    ),
    (
        "cells",
        (
            "document_id",
            "item_index",
            "table_index",
            "row_index",
            "column_index",
            "is_header",
            "is_total",
            "text",
            "number",
            "unit",
            "dkk",
        ),
    ),
    (
        "plugin_results",
        ("document_id", "item_index", "name", "plugin", "value"),
    ),
    (
        "diagnostics",
        (
            "document_id",
            "diagnostic_index",
            "severity",
            "code",
            "message",
            "plugin",
            "item_number",
            "line",
            "col",
        ),
    ),
)

COLUMNS: dict[str, tuple[str, ...]] = dict(TABLES)

#: The tables holding parsed data (everything but ``meta``), in insertion order.
DATA_TABLES: tuple[str, ...] = tuple(name for name, _ in TABLES)

_DOC = "document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE"
_ITEM_FK = (
    "FOREIGN KEY (document_id, item_index) REFERENCES items(document_id, item_index) "
    "ON DELETE CASCADE"
)
_DECISION_FK = (
    "FOREIGN KEY (document_id, item_index, decision_index) "
    "REFERENCES decisions(document_id, item_index, decision_index) ON DELETE CASCADE"
)

TABLES_DDL = f"""
CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- One row per distinct file content (sha256). status: 'parsed' or 'failed' (a failed file
-- has its reason in diagnostics; an unreadable file has no sha256 and is retried).
CREATE TABLE documents (
    id INTEGER PRIMARY KEY,
    sha256 TEXT UNIQUE,
    path TEXT NOT NULL,
    size INTEGER,
    encoding TEXT,
    layout TEXT,
    layout_score REAL,
    referat_version TEXT NOT NULL,
    plugins TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('parsed', 'failed')),
    parsed_at TEXT NOT NULL
);

-- Every path a document's content was found at (duplicates in an archive share a document).
CREATE TABLE document_paths (
    {_DOC},
    path TEXT NOT NULL,
    PRIMARY KEY (document_id, path)
);

CREATE TABLE meetings (
    document_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    committee TEXT,
    period TEXT,
    date TEXT,
    start_time TEXT,
    end_time TEXT,
    location TEXT,
    kind TEXT
);

-- Meeting-level statements of attendance (Afbud:, Fraværende:, Deltagere: …).
CREATE TABLE attendance (
    {_DOC},
    attendance_index INTEGER NOT NULL,
    name TEXT NOT NULL,
    status TEXT NOT NULL,
    party TEXT,
    substitute_for TEXT,
    items TEXT,
    line INTEGER,
    PRIMARY KEY (document_id, attendance_index)
);

CREATE TABLE items (
    {_DOC},
    item_index INTEGER NOT NULL,
    number INTEGER,
    sub_number TEXT,
    title TEXT,
    case_type TEXT,
    closed INTEGER,
    line INTEGER NOT NULL,
    end_line INTEGER NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    PRIMARY KEY (document_id, item_index)
);

CREATE TABLE sections (
    {_DOC},
    item_index INTEGER NOT NULL,
    section_index INTEGER NOT NULL,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    body TEXT,
    date TEXT,
    line INTEGER NOT NULL,
    end_line INTEGER NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (document_id, item_index, section_index),
    {_ITEM_FK}
);

-- One row per distinct case number; case_numbers links the items that carry it.
CREATE TABLE cases (
    case_key TEXT PRIMARY KEY,
    scheme TEXT NOT NULL,
    kle TEXT,
    facet TEXT,
    serial INTEGER,
    year INTEGER,
    kle_title TEXT
);

CREATE TABLE case_numbers (
    {_DOC},
    item_index INTEGER NOT NULL,
    case_key TEXT NOT NULL REFERENCES cases(case_key),
    raw TEXT NOT NULL,
    label TEXT,
    line INTEGER NOT NULL,
    PRIMARY KEY (document_id, item_index),
    {_ITEM_FK}
);

-- One row per decision block (a Beslutning section; a chain has one per body).
CREATE TABLE decisions (
    {_DOC},
    item_index INTEGER NOT NULL,
    decision_index INTEGER NOT NULL,
    section_index INTEGER NOT NULL,
    body TEXT,
    date TEXT,
    line INTEGER NOT NULL,
    PRIMARY KEY (document_id, item_index, decision_index),
    {_ITEM_FK},
    FOREIGN KEY (document_id, item_index, section_index)
        REFERENCES sections(document_id, item_index, section_index) ON DELETE CASCADE
);

-- decision_index: the decision block the sentence stands in (NULL outside every block).
CREATE TABLE outcomes (
    {_DOC},
    item_index INTEGER NOT NULL,
    outcome_index INTEGER NOT NULL,
    decision_index INTEGER,
    kind TEXT NOT NULL,
    committee TEXT,
    committee_inferred INTEGER NOT NULL,
    verb TEXT,
    object TEXT,
    addition TEXT,
    inferred INTEGER NOT NULL,
    embedded INTEGER NOT NULL,
    date TEXT,
    line INTEGER,
    text TEXT,
    PRIMARY KEY (document_id, item_index, outcome_index),
    {_ITEM_FK},
    {_DECISION_FK}
);

CREATE TABLE votes (
    {_DOC},
    item_index INTEGER NOT NULL,
    vote_index INTEGER NOT NULL,
    decision_index INTEGER,
    position TEXT NOT NULL,
    subject TEXT,
    others INTEGER NOT NULL,
    tally INTEGER NOT NULL,
    line INTEGER NOT NULL,
    PRIMARY KEY (document_id, item_index, vote_index),
    {_ITEM_FK},
    {_DECISION_FK}
);

CREATE TABLE voters (
    {_DOC},
    item_index INTEGER NOT NULL,
    vote_index INTEGER NOT NULL,
    voter_index INTEGER NOT NULL,
    name TEXT NOT NULL,
    party TEXT,
    role TEXT,
    role_raw TEXT,
    PRIMARY KEY (document_id, item_index, vote_index, voter_index),
    FOREIGN KEY (document_id, item_index, vote_index)
        REFERENCES votes(document_id, item_index, vote_index) ON DELETE CASCADE
);

CREATE TABLE amendments (
    {_DOC},
    item_index INTEGER NOT NULL,
    amendment_index INTEGER NOT NULL,
    decision_index INTEGER,
    proposer TEXT,
    proposer_party TEXT,
    text TEXT NOT NULL,
    result TEXT,
    line INTEGER NOT NULL,
    PRIMARY KEY (document_id, item_index, amendment_index),
    {_ITEM_FK},
    {_DECISION_FK}
);

-- Members who did not take part in an item or the meeting, as the decision text says.
CREATE TABLE absences (
    {_DOC},
    item_index INTEGER NOT NULL,
    absence_index INTEGER NOT NULL,
    decision_index INTEGER,
    name TEXT NOT NULL,
    party TEXT,
    role TEXT,
    scope TEXT NOT NULL,
    line INTEGER NOT NULL,
    PRIMARY KEY (document_id, item_index, absence_index),
    {_ITEM_FK},
    {_DECISION_FK}
);

-- Money in the running text, in DKK (dkk_to: the upper bound of a range).
CREATE TABLE amounts (
    {_DOC},
    item_index INTEGER NOT NULL,
    amount_index INTEGER NOT NULL,
    raw TEXT NOT NULL,
    dkk NUMERIC NOT NULL,
    dkk_to NUMERIC,
    unit TEXT NOT NULL,
    qualifier TEXT,
    years TEXT,
    year_start INTEGER,
    year_end INTEGER,
    annual INTEGER,
    section_kind TEXT,
    in_economy_section INTEGER NOT NULL,
    line INTEGER NOT NULL,
    PRIMARY KEY (document_id, item_index, amount_index),
    {_ITEM_FK}
);

-- The numbers of money tables as tidy rows (the economics plugin's reading of tables).
CREATE TABLE budget_rows (
    {_DOC},
    item_index INTEGER NOT NULL,
    budget_row_index INTEGER NOT NULL,
    row_label TEXT NOT NULL,
    column_label TEXT NOT NULL,
    year INTEGER,
    dkk NUMERIC NOT NULL,
    unit TEXT,
    is_total INTEGER NOT NULL,
    line INTEGER NOT NULL,
    PRIMARY KEY (document_id, item_index, budget_row_index),
    {_ITEM_FK}
);

CREATE TABLE tables (
    {_DOC},
    item_index INTEGER NOT NULL,
    table_index INTEGER NOT NULL,
    kind TEXT NOT NULL,
    unit TEXT,
    scale NUMERIC,
    total_column INTEGER,
    section_kind TEXT,
    header_rows INTEGER NOT NULL,
    body_rows INTEGER NOT NULL,
    columns INTEGER NOT NULL,
    line INTEGER NOT NULL,
    end_line INTEGER NOT NULL,
    PRIMARY KEY (document_id, item_index, table_index),
    {_ITEM_FK}
);

-- row_index counts header rows then body rows, from 0.
CREATE TABLE cells (
    {_DOC},
    item_index INTEGER NOT NULL,
    table_index INTEGER NOT NULL,
    row_index INTEGER NOT NULL,
    column_index INTEGER NOT NULL,
    is_header INTEGER NOT NULL,
    is_total INTEGER NOT NULL,
    text TEXT NOT NULL,
    number NUMERIC,
    unit TEXT,
    dkk NUMERIC,
    PRIMARY KEY (document_id, item_index, table_index, row_index, column_index),
    FOREIGN KEY (document_id, item_index, table_index)
        REFERENCES tables(document_id, item_index, table_index) ON DELETE CASCADE
);

-- Every extractor's result as JSON (the same JSON as referat.dumps), third-party included.
CREATE TABLE plugin_results (
    {_DOC},
    item_index INTEGER NOT NULL,
    name TEXT NOT NULL,
    plugin TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (document_id, item_index, name),
    {_ITEM_FK}
);

-- The document's diagnostics; a file that failed has one with code 'file-failed'.
CREATE TABLE diagnostics (
    {_DOC},
    diagnostic_index INTEGER NOT NULL,
    severity TEXT NOT NULL,
    code TEXT NOT NULL,
    message TEXT NOT NULL,
    plugin TEXT,
    item_number INTEGER,
    line INTEGER,
    col INTEGER,
    PRIMARY KEY (document_id, diagnostic_index)
);

"""

INDICES: tuple[str, ...] = (
    "CREATE INDEX documents_path ON documents(path)",
    "CREATE INDEX document_paths_path ON document_paths(path)",
    "CREATE INDEX meetings_committee_date ON meetings(committee, date)",
    "CREATE INDEX attendance_name ON attendance(name)",
    "CREATE INDEX items_number ON items(document_id, number)",
    "CREATE INDEX sections_kind ON sections(kind)",
    "CREATE INDEX case_numbers_case ON case_numbers(case_key)",
    "CREATE INDEX outcomes_kind ON outcomes(kind)",
    "CREATE INDEX voters_name ON voters(name)",
    "CREATE INDEX absences_name ON absences(name)",
    "CREATE INDEX amounts_dkk ON amounts(dkk)",
    "CREATE INDEX diagnostics_code ON diagnostics(code)",
)
"""The indices of the schema (``CREATE INDEX <name> ON …``). A new database gets them when its
first build ends (:func:`create_indices`): kept up to date row by row they cost a build a
sixth of its writing time, made at the end from the finished tables a fraction of that."""

VIEWS_DDL = """
-- Items with their meeting: the starting point of most questions.
CREATE VIEW item_overview AS
SELECT i.document_id, i.item_index, m.committee, m.date, i.number, i.title, i.case_type,
       c.case_key, c.raw AS case_number, d.path
FROM items i
JOIN documents d ON d.id = i.document_id
LEFT JOIN meetings m ON m.document_id = i.document_id
LEFT JOIN case_numbers c USING (document_id, item_index);

-- Every recorded absence: meeting-level attendance (Afbud/Fraværende) and the absences the
-- decision texts state, one row each, with where and when.
CREATE VIEW member_absences AS
SELECT a.document_id, m.committee, m.date, a.name, a.party, 'meeting' AS scope,
       NULL AS item_number, 'attendance' AS source
FROM attendance a LEFT JOIN meetings m USING (document_id)
WHERE a.status = 'ABSENT'
UNION ALL
SELECT a.document_id, m.committee, m.date, a.name, a.party,
       CASE a.scope WHEN 'MEETING' THEN 'meeting' ELSE 'item' END, i.number, 'decision'
FROM absences a
JOIN items i USING (document_id, item_index)
LEFT JOIN meetings m USING (document_id);

-- Outcomes with their committee (the sentence's, else the meeting's) and meeting date.
CREATE VIEW decision_outcomes AS
SELECT o.document_id, o.item_index, i.number AS item_number, i.title, m.date,
       COALESCE(o.committee, dc.body, m.committee) AS committee, o.kind, o.text,
       dc.body AS decision_body, dc.date AS decision_date
FROM outcomes o
JOIN items i USING (document_id, item_index)
LEFT JOIN meetings m USING (document_id)
LEFT JOIN decisions dc USING (document_id, item_index, decision_index);

-- Items a committee sent on to the council: it recommended them ("anbefaler indstillingen",
-- outcome RECOMMENDED), or a later decision block of the item is the council's own.
CREATE VIEW sent_to_council AS
SELECT DISTINCT i.document_id, i.item_index, m.committee, m.date, i.number, i.title,
       c.case_key
FROM items i
LEFT JOIN meetings m USING (document_id)
LEFT JOIN case_numbers c USING (document_id, item_index)
WHERE EXISTS (SELECT 1 FROM outcomes o
              WHERE o.document_id = i.document_id AND o.item_index = i.item_index
                AND o.kind = 'RECOMMENDED')
   OR EXISTS (SELECT 1 FROM decisions dc
              WHERE dc.document_id = i.document_id AND dc.item_index = i.item_index
                AND (dc.body LIKE 'Byråd%' OR dc.body LIKE 'Borgerrepræsentation%'
                     OR dc.body LIKE 'Kommunalbestyrelse%' OR dc.body LIKE 'Regionsråd%'));

-- Every appearance of a case number, in date order: follow a case across meetings.
CREATE VIEW case_history AS
SELECT c.case_key, m.date, COALESCE(dc.body, m.committee) AS body, i.number AS item_number,
       i.title, dc.decision_index,
       (SELECT group_concat(o.kind, ',') FROM outcomes o
        WHERE o.document_id = c.document_id AND o.item_index = c.item_index
          AND o.decision_index IS dc.decision_index) AS outcomes,
       c.document_id, c.item_index
FROM case_numbers c
JOIN items i USING (document_id, item_index)
LEFT JOIN meetings m USING (document_id)
LEFT JOIN decisions dc USING (document_id, item_index);

-- Amounts with their item and meeting.
CREATE VIEW amount_overview AS
SELECT a.document_id, a.item_index, m.committee, m.date, i.number AS item_number, i.title,
       a.raw, a.dkk, a.dkk_to, a.qualifier, a.years, a.section_kind
FROM amounts a
JOIN items i USING (document_id, item_index)
LEFT JOIN meetings m USING (document_id);
"""


#: The whole schema: tables, indices and views.
DDL = TABLES_DDL + "".join(f"{sql};\n" for sql in INDICES) + VIEWS_DDL


def index_name(sql: str) -> str:
    """The name of the index a statement of :data:`INDICES` creates."""
    return sql.split()[2]


def create(connection: sqlite3.Connection, *, indices: bool = True) -> None:
    """Create the tables, indices and views in an empty database, in one transaction;
    ``indices=False`` leaves the indices to :func:`create_indices` (a bulk load)."""
    ddl = DDL if indices else TABLES_DDL + VIEWS_DDL
    connection.executescript(
        "BEGIN IMMEDIATE;\n"
        + ddl
        + f"INSERT INTO meta(key, value) VALUES ('schema_version', '{SCHEMA_VERSION}');\n"
        + f"PRAGMA user_version = {SCHEMA_VERSION};\nCOMMIT;"
    )


def missing_indices(connection: sqlite3.Connection) -> list[str]:
    """The names of the indices of :data:`INDICES` the database does not have."""
    found = {name for (name,) in connection.execute("SELECT name FROM sqlite_master")}
    return [index_name(sql) for sql in INDICES if index_name(sql) not in found]


def create_indices(connection: sqlite3.Connection) -> list[str]:
    """Create the missing indices (in one transaction); return their names."""
    missing = missing_indices(connection)
    if missing:
        connection.executescript(
            "BEGIN IMMEDIATE;\n"
            + "".join(f"{sql};\n" for sql in INDICES if index_name(sql) in missing)
            + "COMMIT;"
        )
    return missing


def insert_sql(table: str) -> str:
    """``INSERT INTO table (…) VALUES (?, …)`` for the columns of :data:`TABLES`."""
    columns = COLUMNS[table]
    names = ", ".join(f'"{c}"' for c in columns)
    marks = ", ".join("?" * len(columns))
    return f"INSERT INTO {table} ({names}) VALUES ({marks})"
