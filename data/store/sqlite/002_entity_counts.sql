-- dyad store, SQLite schema version 2: running counts per entity over first copies (near-duplicates left
-- out, negated events left out), so `dyad actors` without a date range is an index walk, not a scan.
CREATE TABLE entity_counts (
  entity   INTEGER PRIMARY KEY REFERENCES entities(id),
  mentions INTEGER NOT NULL DEFAULT 0,
  articles INTEGER NOT NULL DEFAULT 0,
  events   INTEGER NOT NULL DEFAULT 0,
  quotes   INTEGER NOT NULL DEFAULT 0
);

INSERT INTO entity_counts (entity, mentions, articles)
  SELECT entity, sum(mentions), count(*) FROM article_entities WHERE dup = 0 GROUP BY entity;
INSERT OR IGNORE INTO entity_counts (entity) SELECT id FROM entities;
UPDATE entity_counts SET
  events = (SELECT count(*) FROM events WHERE src_entity = entity_counts.entity AND negated = 0 AND dup = 0)
         + (SELECT count(*) FROM events WHERE tgt_entity = entity_counts.entity AND (src_entity IS NULL OR src_entity <> tgt_entity) AND negated = 0 AND dup = 0),
  quotes = (SELECT count(*) FROM quotes WHERE speaker_entity = entity_counts.entity AND dup = 0);

CREATE INDEX entity_counts_rank ON entity_counts(mentions DESC, articles DESC);
