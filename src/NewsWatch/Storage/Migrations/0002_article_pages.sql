-- The fetched page of an article and what extraction made of it; one row per article whose page was tried.
CREATE TABLE article_pages (
    article_id         INTEGER PRIMARY KEY REFERENCES articles (id),
    status             TEXT    NOT NULL,           -- fetched, disallowed, not-html, failed, retrying
    attempts           INTEGER NOT NULL DEFAULT 0,
    error              TEXT,
    next_attempt_after TEXT,
    final_url          TEXT,
    content_type       TEXT,
    html_gz            BLOB,                       -- raw page, gzip, dropped after the retention period
    fetched_at         TEXT,
    title              TEXT,
    byline             TEXT,
    text               TEXT,
    language           TEXT,
    canonical_url      TEXT,
    lead_image_url     TEXT,
    published_at       TEXT,
    modified_at        TEXT,
    is_article         INTEGER,
    extracted_at       TEXT
);

CREATE INDEX ix_article_pages_retry ON article_pages (status, next_attempt_after);
CREATE INDEX ix_articles_source_stage ON articles (source_id, stage);
