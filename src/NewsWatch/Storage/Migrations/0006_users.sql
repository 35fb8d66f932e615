-- People who sign in to the review site. Passwords and API tokens are kept only as hashes; a run of wrong passwords locks
-- the account until locked_until.
CREATE TABLE users (
    id              INTEGER PRIMARY KEY,
    name            TEXT    NOT NULL UNIQUE,
    role            TEXT    NOT NULL,   -- reviewer | admin
    password_hash   TEXT    NOT NULL,
    token_hash      TEXT,               -- SHA-256 of the personal API token, hex
    failed_logins   INTEGER NOT NULL DEFAULT 0,
    locked_until    TEXT,
    created_at      TEXT    NOT NULL,
    updated_at      TEXT    NOT NULL
);
