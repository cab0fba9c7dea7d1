/**
 * The HTTP API described as OpenAPI 3.1, served at /openapi.json. serve.test.ts checks that every API
 * route of the app is documented here and every documented path answers.
 */
import { VERSION } from '../version.js';
import { API_MAX_LIMIT, ENTITY_KINDS, PERIODS, PLOVER_TYPES, QUOTE_KINDS } from './params.js';

type Obj = Record<string, unknown>;

const q = (name: string, description: string, schema: Obj = { type: 'string' }): Obj => ({ name, in: 'query', required: false, description, schema });
const p = (name: string, description: string): Obj => ({ name, in: 'path', required: true, description, schema: { type: 'string' } });
const ref = (name: string): Obj => ({ $ref: `#/components/schemas/${name}` });
const arrayOf = (name: string): Obj => ({ type: 'array', items: ref(name) });
const json = (schema: Obj, description = 'OK'): Obj => ({ description, content: { 'application/json': { schema } } });
const err = (description: string): Obj => ({ description, content: { 'application/json': { schema: ref('Error') } } });

const paging = [
  q('limit', `rows per page (1..${API_MAX_LIMIT}, default 50)`, { type: 'integer', minimum: 1, maximum: API_MAX_LIMIT }),
  q('offset', 'rows to skip', { type: 'integer', minimum: 0 }),
];
const dates = [
  q('since', 'inclusive lower bound on the date: YYYY, YYYY-MM or YYYY-MM-DD', { type: 'string', pattern: '^\\d{4}(-\\d{2}(-\\d{2})?)?$' }),
  q('until', 'inclusive upper bound on the date: YYYY, YYYY-MM or YYYY-MM-DD', { type: 'string', pattern: '^\\d{4}(-\\d{2}(-\\d{2})?)?$' }),
];
const dup = q('duplicates', 'include near-duplicate copies of a story (default false)', { type: 'boolean' });
const common400 = { 400: err('a parameter is invalid (the message names it)') };

const actorSide: Obj = {
  type: ['object', 'null'],
  properties: { name: { type: 'string' }, code: { type: ['string', 'null'] }, sector: { type: ['string', 'null'] }, entityId: { type: ['integer', 'null'] } },
};

const extractBody: Obj = {
  description: 'an article: JSON `{text}` or `{html}` with optional metadata, or the raw text (text/plain) or page (text/html)',
  required: true,
  content: {
    'application/json': {
      schema: {
        type: 'object',
        properties: {
          text: { type: 'string', description: 'plain text of the article' },
          html: { type: 'string', description: 'an HTML page' },
          url: { type: 'string' }, title: { type: 'string' }, date: { type: 'string' }, source: { type: 'string' },
          authors: { oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] },
        },
      },
    },
    'text/plain': { schema: { type: 'string' } },
    'text/html': { schema: { type: 'string' } },
  },
};

export function openapi(opts: { ingest: boolean; maxExtractBytes: number }): Obj {
  return {
    openapi: '3.1.0',
    info: {
      title: 'dyad API',
      version: VERSION,
      description: 'News turned into political event data: articles, entities, quotes, events (PLOVER/CAMEO), ' +
        'dyads over time, full-text search. Read-only unless the server was started with an ingest token. ' +
        'Errors are JSON `{ "error": { "status", "code", "message" } }` with the matching HTTP status.',
    },
    servers: [{ url: '/' }],
    paths: {
      '/api/stats': { get: { summary: 'store totals', operationId: 'stats', responses: { 200: json(ref('Stats')) } } },
      '/api/articles': {
        get: {
          summary: 'list ingested articles', operationId: 'listArticles',
          parameters: [q('q', 'full-text query over headline and body'), q('source', 'outlet, exact'), ...dates,
            q('duplicates', 'true: only near-duplicates; false: only first copies', { type: 'boolean' }), ...paging],
          responses: { 200: json(arrayOf('ArticleRow')), ...common400 },
        },
        post: {
          summary: 'extract and store an article (needs the ingest token)', operationId: 'ingestArticle',
          security: [{ ingestToken: [] }], requestBody: extractBody,
          responses: {
            201: json({ type: 'object', properties: { id: { type: 'string' }, inserted: { type: 'integer' }, skipped: { type: 'integer' }, nearDuplicates: { type: 'integer' } } }, 'stored (or skipped as already stored)'),
            400: err('no text or html'), 401: err('missing or wrong token'), 403: err(opts.ingest ? 'never (ingest is enabled)' : 'the server is read-only (no ingest token configured)'),
            413: err(`body larger than ${opts.maxExtractBytes} bytes`), 415: err('unsupported content type'),
          },
        },
      },
      '/api/articles/{id}': {
        get: {
          summary: 'one article: the full record (text, entities, quotes, events with offsets)', operationId: 'getArticle',
          parameters: [p('id', 'article id')],
          responses: { 200: json(ref('Record')), 404: err('no such article') },
        },
      },
      '/api/entities': {
        get: {
          summary: 'actors (entities merged across articles), by mentions', operationId: 'listEntities',
          parameters: [q('kind', 'entity kind', { type: 'string', enum: ENTITY_KINDS }), q('code', 'ISO 3166 alpha-3 or IGO code'),
            q('name', 'substring of the canonical name'), ...dates, dup, ...paging],
          responses: { 200: json(arrayOf('ActorRow')), ...common400 },
        },
      },
      '/api/quotes': {
        get: {
          summary: 'quotes with their speakers', operationId: 'listQuotes',
          parameters: [q('speaker', 'speaker name (substring) or code'), q('q', 'full-text query over the quote'),
            q('kind', 'quote kind', { type: 'string', enum: QUOTE_KINDS }), q('article', 'article id'), ...dates, dup, ...paging],
          responses: { 200: json(arrayOf('QuoteRow')), ...common400 },
        },
      },
      '/api/events': {
        get: {
          summary: 'events: who did what to whom, when', operationId: 'listEvents',
          parameters: [q('source', 'source actor: code (USA) or name'), q('target', 'target actor: code or name'),
            q('actor', 'either side'), q('type', `PLOVER type(s), comma-separated: ${PLOVER_TYPES.join(', ')}`),
            q('cameo', 'CAMEO code prefix', { type: 'string', pattern: '^\\d{1,4}$' }), q('q', 'full-text query over the evidence'),
            q('article', 'article id'), ...dates, q('negated', 'include negated events', { type: 'boolean' }), dup,
            q('order', 'sort order', { type: 'string', enum: ['date-desc', 'date-asc'] }), ...paging],
          responses: { 200: json(arrayOf('EventRow')), ...common400 },
        },
      },
      '/api/dyads/{a}/{b}': {
        get: {
          summary: 'the relation between two actors per period: counts per type and mean intensity (the cooperation–conflict line)',
          operationId: 'dyad',
          parameters: [p('a', 'actor A: code or name'), p('b', 'actor B: code or name'),
            q('by', 'period', { type: 'string', enum: PERIODS }), ...dates,
            q('direction', 'both (default) or forward (A as source only)', { type: 'string', enum: ['both', 'forward'] }),
            q('negated', 'include negated events', { type: 'boolean' }), dup],
          responses: { 200: json({ type: 'object', properties: { a: { type: 'string' }, b: { type: 'string' }, by: { type: 'string' }, buckets: arrayOf('DyadBucket') } }), ...common400 },
        },
      },
      '/api/network': {
        get: {
          summary: 'who acts on whom: actors as nodes, directed edges with event counts and mean intensity', operationId: 'network',
          parameters: [q('actor', 'only events with this actor on either side'), q('type', 'PLOVER type(s), comma-separated'), ...dates,
            q('level', 'node per code (states, default) or per actor name', { type: 'string', enum: ['code', 'name'] }),
            q('limit', 'events read (1..5000, default 2000)', { type: 'integer', minimum: 1, maximum: 5000 })],
          responses: { 200: json(ref('Network')), ...common400 },
        },
      },
      '/api/search': {
        get: {
          summary: 'full-text search over articles and quotes', operationId: 'search',
          parameters: [{ ...q('q', 'words to find'), required: true }, q('in', 'what to search', { type: 'string', enum: ['articles', 'quotes', 'all'] }), dup, ...paging],
          responses: { 200: json(arrayOf('SearchHit')), ...common400 },
        },
      },
      '/api/extract': {
        post: {
          summary: 'run the pipeline on one article and return its record (nothing is stored)', operationId: 'extract',
          requestBody: extractBody,
          responses: { 200: json(ref('Record')), 400: err('no text or html, or an unreadable input'), 413: err(`body larger than ${opts.maxExtractBytes} bytes`), 415: err('unsupported content type') },
        },
      },
    },
    components: {
      securitySchemes: { ingestToken: { type: 'http', scheme: 'bearer', description: 'the token given to `dyad serve --ingest-token`' } },
      schemas: {
        Error: {
          type: 'object', required: ['error'],
          properties: { error: { type: 'object', required: ['status', 'code', 'message'], properties: { status: { type: 'integer' }, code: { type: 'string' }, message: { type: 'string' } } } },
        },
        Record: { type: 'object', description: 'a dyad record, as in docs/record.schema.json', properties: { id: { type: 'string' }, text: { type: 'string' }, article: { type: 'object' }, entities: { type: 'array' }, quotes: { type: 'array' }, events: { type: 'array' } } },
        Stats: {
          type: 'object',
          properties: {
            ...Object.fromEntries(['schemaVersion', 'articles', 'nearDuplicates', 'entities', 'mentions', 'quotes', 'events'].map((k) => [k, { type: 'integer' }])),
            firstDate: { type: ['string', 'null'] }, lastDate: { type: ['string', 'null'] },
          },
        },
        ArticleRow: {
          type: 'object',
          properties: {
            id: { type: 'string' }, hash: { type: 'string' }, url: { type: ['string', 'null'] }, headline: { type: ['string', 'null'] },
            source: { type: ['string', 'null'] }, published: { type: ['string', 'null'] }, language: { type: ['string', 'null'] },
            duplicateOf: { type: ['string', 'null'] }, input: { type: ['string', 'null'] },
            entities: { type: 'integer' }, quotes: { type: 'integer' }, events: { type: 'integer' }, ingestedAt: { type: 'string' },
          },
        },
        ActorSide: actorSide,
        EventRow: {
          type: 'object',
          properties: {
            key: { type: 'string' }, articleId: { type: 'string' }, eventId: { type: 'string' }, type: { type: 'string', enum: PLOVER_TYPES },
            mode: { type: ['string', 'null'] }, cameo: { type: ['string', 'null'] }, source: ref('ActorSide'), target: ref('ActorSide'),
            date: { type: ['string', 'null'] }, location: { type: ['string', 'null'] }, negated: { type: 'boolean' }, intensity: { type: ['number', 'null'] },
            evidence: { type: 'string' }, quote: { type: ['string', 'null'] }, pattern: { type: 'string' },
            headline: { type: ['string', 'null'] }, url: { type: ['string', 'null'] }, outlet: { type: ['string', 'null'] }, published: { type: ['string', 'null'] },
          },
        },
        QuoteRow: {
          type: 'object',
          properties: {
            key: { type: 'string' }, articleId: { type: 'string' }, quoteId: { type: 'string' }, content: { type: 'string' },
            kind: { type: 'string', enum: QUOTE_KINDS }, cue: { type: ['string', 'null'] }, speaker: ref('ActorSide'),
            published: { type: ['string', 'null'] }, headline: { type: ['string', 'null'] }, url: { type: ['string', 'null'] }, outlet: { type: ['string', 'null'] },
          },
        },
        ActorRow: {
          type: 'object',
          properties: {
            id: { type: 'integer' }, name: { type: 'string' }, kind: { type: 'string', enum: ENTITY_KINDS }, code: { type: ['string', 'null'] },
            sector: { type: ['string', 'null'] }, mentions: { type: 'integer' }, articles: { type: 'integer' }, events: { type: 'integer' }, quotes: { type: 'integer' },
          },
        },
        DyadBucket: {
          type: 'object',
          properties: {
            period: { type: 'string' }, total: { type: 'integer' }, forward: { type: 'integer' }, backward: { type: 'integer' },
            byType: { type: 'object', additionalProperties: { type: 'integer' } }, meanIntensity: { type: ['number', 'null'] },
          },
        },
        SearchHit: {
          type: 'object',
          properties: {
            kind: { type: 'string', enum: ['article', 'quote'] }, articleId: { type: 'string' }, quoteId: { type: ['string', 'null'] },
            headline: { type: ['string', 'null'] }, published: { type: ['string', 'null'] }, snippet: { type: 'string' }, score: { type: 'number' },
          },
        },
        Network: {
          type: 'object',
          properties: {
            events: { type: 'integer', description: 'events read' },
            nodes: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' }, label: { type: 'string' }, events: { type: 'integer' }, href: { type: 'string' } } } },
            edges: { type: 'array', items: { type: 'object', properties: { source: { type: 'string' }, target: { type: 'string' }, count: { type: 'integer' }, mean: { type: ['number', 'null'] }, types: { type: 'object' } } } },
          },
        },
      },
    },
  };
}
