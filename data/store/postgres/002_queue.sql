-- dyad store, PostgreSQL schema version 2: bookkeeping of the distributed ingest (src/queue/).
-- The jobs themselves live in pg-boss's schema (pgboss.job); these tables hold what `dyad status` shows
-- beside them: one row per worker process (heartbeat, counters) and the articles whose extraction failed.

CREATE TABLE dyad_workers (
  id          text PRIMARY KEY,                  -- host:pid:start
  host        text NOT NULL,
  pid         integer NOT NULL,
  threads     integer NOT NULL,
  state       text NOT NULL,                     -- starting | running | stopping | stopped
  started_at  timestamptz NOT NULL DEFAULT now(),
  last_seen   timestamptz NOT NULL DEFAULT now(),
  jobs        bigint NOT NULL DEFAULT 0,         -- jobs completed
  articles    bigint NOT NULL DEFAULT 0,         -- articles written
  skipped     bigint NOT NULL DEFAULT 0,         -- articles found already stored
  failed      bigint NOT NULL DEFAULT 0,         -- articles whose extraction failed
  job_errors  bigint NOT NULL DEFAULT 0,         -- jobs that failed (and were retried or dead-lettered)
  busy_ms     bigint NOT NULL DEFAULT 0,         -- wall time spent on jobs
  last_error  text
);

CREATE TABLE ingest_errors (
  hash    text PRIMARY KEY,                      -- the article's content hash
  input   text,                                  -- where it was read: path:line, URL
  reason  text NOT NULL,
  worker  text,
  at      timestamptz NOT NULL DEFAULT now()
);
