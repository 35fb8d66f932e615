-- Feeds being polled, with their conditional-GET validators and health.
CREATE TABLE sources (
    id                   INTEGER PRIMARY KEY,
    name                 TEXT    NOT NULL UNIQUE,
    feed_url             TEXT    NOT NULL,
    etag                 TEXT,
    last_modified        TEXT,
    last_polled_at       TEXT,
    last_success_at      TEXT,
    consecutive_failures INTEGER NOT NULL DEFAULT 0,
    last_error           TEXT,
    next_poll_after      TEXT,
    created_at           TEXT    NOT NULL
);

-- One row per report, however many feeds carry it. stage records how far the pipeline got.
CREATE TABLE articles (
    id                     INTEGER PRIMARY KEY,
    source_id              INTEGER NOT NULL REFERENCES sources (id),
    guid                   TEXT    NOT NULL,
    url                    TEXT,
    title                  TEXT    NOT NULL,
    summary                TEXT    NOT NULL,
    published_at           TEXT    NOT NULL,
    published_at_estimated INTEGER NOT NULL,
    first_seen_at          TEXT    NOT NULL,
    stage                  TEXT    NOT NULL DEFAULT 'discovered'
);

CREATE UNIQUE INDEX ux_articles_url ON articles (url) WHERE url IS NOT NULL;
CREATE INDEX ix_articles_published_at ON articles (published_at);
CREATE INDEX ix_articles_stage ON articles (stage);

-- Each (source, guid) a feed has published, pointing at the one article it names.
CREATE TABLE article_sightings (
    source_id  INTEGER NOT NULL REFERENCES sources (id),
    guid       TEXT    NOT NULL,
    article_id INTEGER NOT NULL REFERENCES articles (id),
    seen_at    TEXT    NOT NULL,
    PRIMARY KEY (source_id, guid)
);

CREATE INDEX ix_article_sightings_article ON article_sightings (article_id);
