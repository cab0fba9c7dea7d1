-- dyad store, SQLite schema version 1. Applied once, in one transaction, by src/store/sqlite.ts.
-- Dates: `day` columns are YYYY-MM-DD (or a shorter prefix when only a month/year is known).

CREATE TABLE articles (
  n            INTEGER PRIMARY KEY,            -- internal row number (FTS rowid)
  id           TEXT NOT NULL UNIQUE,           -- store id: the record id, suffixed when taken
  hash         TEXT NOT NULL UNIQUE,           -- sha256 of the raw input
  url          TEXT UNIQUE,
  headline     TEXT,
  source       TEXT,                           -- the outlet
  published    TEXT,
  day          TEXT,                           -- date prefix of published, for filters
  language     TEXT,
  input        TEXT,
  minhash      TEXT,                           -- MinHash signature (src/store/minhash.ts)
  duplicate_of INTEGER REFERENCES articles(n),
  n_entities   INTEGER NOT NULL DEFAULT 0,
  n_quotes     INTEGER NOT NULL DEFAULT 0,
  n_events     INTEGER NOT NULL DEFAULT 0,
  body         TEXT NOT NULL DEFAULT '',       -- clean body, for full-text search
  record       BLOB NOT NULL,                  -- the full record, JSON, deflate-compressed
  ingested_at  TEXT NOT NULL
);
CREATE INDEX articles_day ON articles(day);
CREATE INDEX articles_source ON articles(source);
CREATE INDEX articles_dup ON articles(duplicate_of);

-- MinHash LSH bands for near-duplicate candidates
CREATE TABLE lsh_bands (
  band    INTEGER NOT NULL,
  value   INTEGER NOT NULL,
  article INTEGER NOT NULL REFERENCES articles(n)
);
CREATE INDEX lsh_bands_lookup ON lsh_bands(band, value);

-- entities merged across articles by canonical name + code
CREATE TABLE entities (
  id     INTEGER PRIMARY KEY,
  key    TEXT NOT NULL UNIQUE,                 -- lower-cased normalised name | code
  name   TEXT NOT NULL,
  kind   TEXT NOT NULL,
  code   TEXT,
  sector TEXT
);
CREATE INDEX entities_code ON entities(code);
CREATE INDEX entities_name ON entities(name COLLATE NOCASE);

-- one row per (article, entity): mention counts, for fast aggregates
CREATE TABLE article_entities (
  article  INTEGER NOT NULL REFERENCES articles(n),
  entity   INTEGER NOT NULL REFERENCES entities(id),
  local_id TEXT NOT NULL,                      -- the entity's id inside the record
  mentions INTEGER NOT NULL,
  dup      INTEGER NOT NULL DEFAULT 0,         -- 1 when the article is a near-duplicate
  day      TEXT,
  PRIMARY KEY (article, local_id)
);
CREATE INDEX article_entities_entity ON article_entities(entity);

CREATE TABLE mentions (
  article INTEGER NOT NULL REFERENCES articles(n),
  entity  INTEGER NOT NULL REFERENCES entities(id),
  start   INTEGER NOT NULL,
  "end"   INTEGER NOT NULL,
  text    TEXT NOT NULL,
  type    TEXT NOT NULL
);
CREATE INDEX mentions_article ON mentions(article);
CREATE INDEX mentions_entity ON mentions(entity);

CREATE TABLE quotes (
  n              INTEGER PRIMARY KEY,
  article        INTEGER NOT NULL REFERENCES articles(n),
  qid            TEXT NOT NULL,
  content        TEXT NOT NULL,
  kind           TEXT NOT NULL,
  cue            TEXT,
  speaker_name   TEXT,
  speaker_code   TEXT,
  speaker_sector TEXT,
  speaker_entity INTEGER REFERENCES entities(id),
  start          INTEGER NOT NULL,
  "end"          INTEGER NOT NULL,
  dup            INTEGER NOT NULL DEFAULT 0,
  day            TEXT,
  UNIQUE (article, qid)
);
CREATE INDEX quotes_speaker_entity ON quotes(speaker_entity);
CREATE INDEX quotes_speaker_name ON quotes(speaker_name COLLATE NOCASE);
CREATE INDEX quotes_speaker_code ON quotes(speaker_code);
CREATE INDEX quotes_day ON quotes(day);

CREATE TABLE events (
  n          INTEGER PRIMARY KEY,
  article    INTEGER NOT NULL REFERENCES articles(n),
  eid        TEXT NOT NULL,
  type       TEXT NOT NULL,
  mode       TEXT,
  cameo      TEXT,
  src_name   TEXT,
  src_code   TEXT,
  src_sector TEXT,
  src_entity INTEGER REFERENCES entities(id),
  tgt_name   TEXT,
  tgt_code   TEXT,
  tgt_sector TEXT,
  tgt_entity INTEGER REFERENCES entities(id),
  date       TEXT,                             -- the event's own date
  day        TEXT,                             -- date, else the article's published date
  location   TEXT,
  negated    INTEGER NOT NULL DEFAULT 0,
  intensity  REAL,
  ev_start   INTEGER NOT NULL,
  ev_end     INTEGER NOT NULL,
  evidence   TEXT NOT NULL,                    -- the evidence span's text
  sentence   TEXT NOT NULL DEFAULT '',         -- the sentence(s) holding the evidence
  quote      TEXT,
  pattern    TEXT NOT NULL,
  dup        INTEGER NOT NULL DEFAULT 0,
  UNIQUE (article, eid)
);
CREATE INDEX events_dyad ON events(src_code, tgt_code, day);
CREATE INDEX events_tgt ON events(tgt_code, day);
CREATE INDEX events_day ON events(day);
CREATE INDEX events_type ON events(type, day);
CREATE INDEX events_src_entity ON events(src_entity);
CREATE INDEX events_tgt_entity ON events(tgt_entity);

-- full-text search (external content: the text lives in articles / quotes)
CREATE VIRTUAL TABLE articles_fts USING fts5(headline, body, content='articles', content_rowid='n', tokenize='porter unicode61 remove_diacritics 2');
CREATE VIRTUAL TABLE quotes_fts USING fts5(content, content='quotes', content_rowid='n', tokenize='porter unicode61 remove_diacritics 2');
