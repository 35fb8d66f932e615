-- The classifier's verdict on each article; re-classifying (a new model) replaces it.
CREATE TABLE article_classifications (
    article_id    INTEGER PRIMARY KEY REFERENCES articles (id),
    label         TEXT    NOT NULL,
    candidate     INTEGER NOT NULL,
    scores        TEXT    NOT NULL,   -- JSON object: label -> probability
    why           TEXT    NOT NULL,   -- JSON array of the terms that drove the label
    model_version TEXT    NOT NULL,
    classified_at TEXT    NOT NULL
);

CREATE INDEX ix_article_classifications_candidate ON article_classifications (candidate, label);
