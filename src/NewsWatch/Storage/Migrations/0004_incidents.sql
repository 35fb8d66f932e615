-- Reports imported from an archive keep the archive's id and outlet; a publication known only to the
-- month or year says so, so that grouping does not read "2012-10" as the first of October.
ALTER TABLE articles ADD COLUMN external_id TEXT;
ALTER TABLE articles ADD COLUMN outlet TEXT;
ALTER TABLE articles ADD COLUMN published_precision TEXT NOT NULL DEFAULT 'day';

CREATE UNIQUE INDEX ux_articles_external_id ON articles (external_id) WHERE external_id IS NOT NULL;

-- One real event. status: pending (waits for a human), confirmed, rejected, merged (into merged_into).
CREATE TABLE incidents (
    id                    INTEGER PRIMARY KEY,
    status                TEXT    NOT NULL DEFAULT 'pending',
    category              TEXT    NOT NULL,
    title                 TEXT    NOT NULL,
    event_from            TEXT    NOT NULL,   -- yyyy-MM-dd: the event date as an interval
    event_to              TEXT    NOT NULL,
    first_report_at       TEXT    NOT NULL,
    last_report_at        TEXT    NOT NULL,
    report_count          INTEGER NOT NULL DEFAULT 0,
    reports_since_decision INTEGER NOT NULL DEFAULT 0,
    merged_into           INTEGER REFERENCES incidents (id),
    decided_by            TEXT,
    decided_at            TEXT,
    decision_reason       TEXT,
    created_at            TEXT    NOT NULL,
    updated_at            TEXT    NOT NULL
);

CREATE INDEX ix_incidents_status ON incidents (status, last_report_at);

-- Each candidate report belongs to exactly one incident. placed_by is 'grouper' or the reviewer who put it
-- there; the grouper never moves a report once it is placed.
CREATE TABLE incident_reports (
    article_id  INTEGER PRIMARY KEY REFERENCES articles (id),
    incident_id INTEGER NOT NULL REFERENCES incidents (id),
    relation    TEXT    NOT NULL,   -- first | update | copy | follow-up
    score       REAL,
    placed_by   TEXT    NOT NULL DEFAULT 'grouper',
    published_at TEXT   NOT NULL,   -- the article's, kept here for the grouper's reads
    event_from  TEXT    NOT NULL,
    event_to    TEXT    NOT NULL,
    profile     TEXT    NOT NULL,   -- JSON: the report's weighted terms, names, places and text fingerprint
    attached_at TEXT    NOT NULL
);

CREATE INDEX ix_incident_reports_incident ON incident_reports (incident_id, published_at);

-- Facts as reported: a later report's different value is a new row beside the earlier one.
CREATE TABLE incident_facts (
    id          INTEGER PRIMARY KEY,
    incident_id INTEGER NOT NULL REFERENCES incidents (id),
    kind        TEXT    NOT NULL,   -- event_date | place | people | rank | unit | casualties | route | name
    value       TEXT    NOT NULL,
    article_id  INTEGER REFERENCES articles (id),   -- the report it came from; NULL when a reviewer set it
    set_by      TEXT    NOT NULL,                   -- 'rules' or the reviewer
    recorded_at TEXT    NOT NULL
);

CREATE UNIQUE INDEX ux_incident_facts ON incident_facts (incident_id, kind, value);
CREATE INDEX ix_incident_facts_article ON incident_facts (article_id);

-- What a new report can be matched on (a person's name, a distinctive word, a place, the kind of event), by the day of the
-- event. The grouper holds these rows in memory, sorted by key and day, and reads new ones by rowid; an incident is filed
-- under a (key, day) once, however many of its reports bring it.
CREATE TABLE incident_keys (
    key         TEXT    NOT NULL,
    day         INTEGER NOT NULL,   -- event day number (days since 0001-01-01)
    incident_id INTEGER NOT NULL REFERENCES incidents (id),
    article_id  INTEGER NOT NULL REFERENCES articles (id)   -- the report that brought it first
);

CREATE INDEX ix_incident_keys_article ON incident_keys (article_id);
CREATE INDEX ix_incident_keys_incident ON incident_keys (incident_id);

-- Every human action: who, when, what, and the incident before and after.
CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    at          TEXT    NOT NULL,
    user_name   TEXT    NOT NULL,
    action      TEXT    NOT NULL,
    incident_id INTEGER,
    article_id  INTEGER,
    reason      TEXT,
    before      TEXT,
    after       TEXT
);

CREATE INDEX ix_audit_log_incident ON audit_log (incident_id, id);
