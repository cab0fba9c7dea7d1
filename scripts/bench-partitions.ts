/**
 * npx tsx scripts/bench-partitions.ts [--rows 3000000] [--months 60]
 * Should the PostgreSQL events table be partitioned by month? Builds two copies of a synthetic events
 * table (the store's columns and indexes, random actors and types over --months months) in a fresh
 * database: one plain, one PARTITION BY RANGE (day) with one partition per month. Times the bulk load,
 * a batch insert of 25 articles' events into the latest month (what a worker does), and the queries
 * the store runs: one dyad over all time, one dyad over one month, the latest events of one month,
 * and a month's events by type. Prints a Markdown table for docs/scaling.md.
 * Admin URL: DYAD_BENCH_PG (default postgres://postgres@127.0.0.1:5432/postgres).
 */
import pg from 'pg';

const ADMIN = process.env.DYAD_BENCH_PG ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const args = process.argv.slice(2);
const arg = (name: string, d: string) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1]! : d; };
const ROWS = Number(arg('--rows', '3000000'));
const MONTHS = Number(arg('--months', '60'));
const DB = `dyad_bench_parts_${process.pid}`;

async function admin(sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: ADMIN });
  await c.connect();
  try { await c.query(sql); } finally { await c.end(); }
}

const COLS = `n bigint NOT NULL, article bigint NOT NULL, eid text NOT NULL, type text NOT NULL, cameo text COLLATE "C",
  src_code text, tgt_code text, src_entity bigint, tgt_entity bigint, day text COLLATE "C" NOT NULL, negated boolean NOT NULL DEFAULT false,
  intensity double precision, evidence text NOT NULL, dup boolean NOT NULL DEFAULT false`;
const INDEXES = (t: string) => [
  `CREATE INDEX ${t}_dyad ON ${t}(src_code, tgt_code, day)`, `CREATE INDEX ${t}_tgt ON ${t}(tgt_code, day)`, `CREATE INDEX ${t}_day ON ${t}(day)`,
  `CREATE INDEX ${t}_type ON ${t}(type, day)`, `CREATE INDEX ${t}_src_entity ON ${t}(src_entity)`, `CREATE INDEX ${t}_tgt_entity ON ${t}(tgt_entity)`,
];
const monthOf = (i: number) => { const y = 2020 + Math.floor(i / 12), m = (i % 12) + 1; return `${y}-${String(m).padStart(2, '0')}`; };
const GEN = (rows: number, months: number, offset = 0) => `SELECT g + ${offset} AS n, (g + ${offset}) / 2 AS article, 'ev' || (g % 2) AS eid,
    (ARRAY['CONSULT','ACCUSE','ASSAULT','AGREE','THREATEN','SANCTION','AID','REQUEST'])[1 + g % 8] AS type, lpad((g % 200)::text, 3, '0') AS cameo,
    (ARRAY['USA','RUS','CHN','UKR','FRA','DEU','IND','BRA','TUR','IRN','ISR','GBR','JPN','KEN','MEX','POL'])[1 + (g * 7) % 16] AS src_code,
    (ARRAY['USA','RUS','CHN','UKR','FRA','DEU','IND','BRA','TUR','IRN','ISR','GBR','JPN','KEN','MEX','POL'])[1 + (g * 13 + 5) % 16] AS tgt_code,
    (g * 7) % 5000 AS src_entity, (g * 13 + 5) % 5000 AS tgt_entity,
    to_char(date '2020-01-01' + ((g * ${months * 30}::bigint / ${rows}) || ' days')::interval, 'YYYY-MM-DD') AS day,
    g % 20 = 0 AS negated, ((g % 21) - 10)::double precision AS intensity, 'evidence text of event ' || g AS evidence, g % 10 = 0 AS dup
  FROM generate_series(1, ${rows}) AS g`;

async function time(c: pg.Client, sql: string, params: unknown[] = [], reps = 5): Promise<number> {
  await c.query(sql, params); // warm
  const t: number[] = [];
  for (let i = 0; i < reps; i++) { const t0 = performance.now(); await c.query(sql, params); t.push(performance.now() - t0); }
  t.sort((a, b) => a - b);
  return t[Math.floor(t.length / 2)]!;
}

async function main(): Promise<void> {
  await admin(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
  await admin(`CREATE DATABASE ${DB} TEMPLATE template0`);
  const u = new URL(ADMIN); u.pathname = `/${DB}`;
  const c = new pg.Client({ connectionString: u.toString() });
  await c.connect();
  const out: Array<[string, string, string]> = [];
  try {
    await c.query(`CREATE TABLE ev_plain (${COLS}, PRIMARY KEY (n), UNIQUE (article, eid))`);
    await c.query(`CREATE TABLE ev_part (${COLS}, PRIMARY KEY (n, day), UNIQUE (article, eid, day)) PARTITION BY RANGE (day)`);
    for (let i = 0; i < MONTHS + 1; i++) {
      await c.query(`CREATE TABLE ev_part_${monthOf(i).replace('-', '_')} PARTITION OF ev_part FOR VALUES FROM ('${monthOf(i)}') TO ('${monthOf(i + 1)}')`);
    }
    await c.query(`CREATE TABLE ev_part_rest PARTITION OF ev_part DEFAULT`);
    for (const t of ['ev_plain', 'ev_part']) for (const s of INDEXES(t)) await c.query(s);
    const load: Record<string, number> = {};
    for (const t of ['ev_plain', 'ev_part']) {
      const t0 = performance.now();
      await c.query(`INSERT INTO ${t} ${GEN(ROWS, MONTHS)}`);
      load[t] = (performance.now() - t0) / 1000;
      await c.query(`VACUUM ANALYZE ${t}`);
    }
    out.push([`bulk load of ${(ROWS / 1e6).toFixed(1)} M events (indexes in place)`, `${load.ev_plain!.toFixed(1)} s`, `${load.ev_part!.toFixed(1)} s`]);
    // a worker's batch: 50 events into the latest month
    const last = monthOf(MONTHS - 1);
    let off = ROWS * 2;
    const batch = async (t: string) => {
      const ms: number[] = [];
      for (let i = 0; i < 6; i++) {
        off += 1000;
        const t0 = performance.now();
        await c.query(`INSERT INTO ${t} SELECT n + $1, article + $1, eid, type, cameo, src_code, tgt_code, src_entity, tgt_entity, '${last}-15', negated, intensity, evidence, dup
          FROM (${GEN(50, MONTHS)}) s`, [off]);
        ms.push(performance.now() - t0);
      }
      return ms.slice(1).sort((a, b) => a - b)[2]!;
    };
    out.push(['insert 50 events (one job) into the current month', `${(await batch('ev_plain')).toFixed(1)} ms`, `${(await batch('ev_part')).toFixed(1)} ms`]);
    const month = monthOf(Math.floor(MONTHS / 2));
    const queries: Array<[string, string, unknown[]]> = [
      ['dyad USA–RUS by month, all time', `SELECT substr(day, 1, 7) AS p, type, count(*), avg(intensity) FROM {t}
        WHERE ((src_code = 'USA' AND tgt_code = 'RUS') OR (src_code = 'RUS' AND tgt_code = 'USA')) AND NOT negated AND NOT dup GROUP BY 1, 2`, []],
      [`dyad USA–RUS by day, one month`, `SELECT substr(day, 1, 10) AS p, type, count(*), avg(intensity) FROM {t}
        WHERE ((src_code = 'USA' AND tgt_code = 'RUS') OR (src_code = 'RUS' AND tgt_code = 'USA')) AND day >= $1 AND day <= $2 AND NOT negated AND NOT dup GROUP BY 1, 2`, [month, `${month}~`]],
      ['latest 50 events of one month', `SELECT * FROM {t} WHERE day >= $1 AND day <= $2 AND NOT negated AND NOT dup ORDER BY day DESC, article DESC, n LIMIT 50`, [month, `${month}~`]],
      ['events of one type in one month (count)', `SELECT count(*) FROM {t} WHERE type = 'SANCTION' AND day >= $1 AND day <= $2`, [month, `${month}~`]],
      ['all events of one actor as source (count)', `SELECT count(*) FROM {t} WHERE src_entity = 1234`, []],
      ['delete a month (retention)', '', []],
    ];
    for (const [label, sql, p] of queries) {
      if (!sql) {
        const t0 = performance.now();
        await c.query(`DELETE FROM ev_plain WHERE day >= $1 AND day <= $2`, [monthOf(0), `${monthOf(0)}~`]);
        const a = performance.now() - t0;
        const t1 = performance.now();
        await c.query(`ALTER TABLE ev_part DETACH PARTITION ev_part_${monthOf(0).replace('-', '_')}`);
        await c.query(`DROP TABLE ev_part_${monthOf(0).replace('-', '_')}`);
        const b = performance.now() - t1;
        out.push([label, `${a.toFixed(0)} ms (DELETE)`, `${b.toFixed(0)} ms (DETACH + DROP)`]);
        continue;
      }
      const a = await time(c, sql.replace('{t}', 'ev_plain'), p);
      const b = await time(c, sql.replace('{t}', 'ev_part'), p);
      out.push([label, `${a.toFixed(1)} ms`, `${b.toFixed(1)} ms`]);
    }
    const size = async (t: string) => (await c.query<{ s: string }>(`SELECT pg_size_pretty(pg_total_relation_size($1)) AS s`, [t])).rows[0]!.s;
    const partSize = (await c.query<{ s: string }>(`SELECT pg_size_pretty(sum(pg_total_relation_size(inhrelid))) AS s FROM pg_inherits WHERE inhparent = 'ev_part'::regclass`)).rows[0]!.s;
    out.push(['size with indexes', await size('ev_plain'), partSize]);
  } finally {
    await c.end();
    await admin(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
  }
  console.log(`\n| ${(ROWS / 1e6).toFixed(1)} M events over ${MONTHS} months | plain table | partitioned by month |`);
  console.log('|---|---:|---:|');
  for (const [a, b, c2] of out) console.log(`| ${a} | ${b} | ${c2} |`);
}

await main();
