/**
 * The document API (documents-api.ts) described as OpenAPI 3.1, served at
 * /api/v1/openapi.json. openapi.test.ts checks that every route of the
 * table is here, so the two cannot drift apart.
 */

const error = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } })
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` })
const json = (schema: object) => ({ 'application/json': { schema } })

const ID = { name: 'id', in: 'path', required: true, description: 'The document id: 1-64 characters of A-Z, a-z, 0-9, _ and -', schema: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,64}$' } }
const LIMIT = { name: 'limit', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 1000, default: 100 } }
const ETAG_HEADER = { ETag: { description: 'The version of the content; send it back in If-Match (PUT) or If-None-Match (GET)', schema: { type: 'string' } } }

const REFUSALS = {
  400: error('A parameter, id or body that is not valid'),
  401: error('No credentials, or credentials this server does not know'),
  403: error('Credentials that do not allow this (the key lacks the scope; the room token is for another document or only views)'),
}
const TOO_LARGE = { 413: error('The body is over MAX_DOCUMENT_BYTES') }
const NOT_FOUND = { 404: error('No such document: never created, or deleted') }
const UNSUPPORTED = { 415: error('A Content-Type this endpoint does not take') }
const INVALID_CONTENT = { 422: error('Content the document schema cannot hold') }

const FORMAT = { name: 'format', in: 'query', required: false, description: 'Wins over Accept', schema: { type: 'string', enum: ['json', 'html', 'markdown', 'text', 'yjs'], default: 'json' } }
const READ_CONTENT = {
  'application/json': { schema: ref('ProseMirrorDocument') },
  'text/html': { schema: { type: 'string' } },
  'text/markdown': { schema: { type: 'string' } },
  'text/plain': { schema: { type: 'string' } },
  'application/octet-stream': { schema: { type: 'string', contentMediaType: 'application/octet-stream', description: 'The Yjs state (Y.encodeStateAsUpdate)' } },
}
const VERSION_ID = { name: 'version', in: 'path', required: true, description: 'A version id, as the list gives it', schema: { type: 'string', pattern: '^[0-9]+$' } }
const NO_VERSION = { 404: error('No such document, or no such version of it (never recorded, or thinned out)') }
/** Who may call the version routes besides API keys: the app's own access to its one document. */
const VERSION_CALLERS = 'an API key with that scope, a token of this document, or in open mode no credentials'

const WRITE_BODIES = {
  'application/json': { schema: ref('ProseMirrorDocument') },
  'text/markdown': { schema: { type: 'string' } },
  'text/html': { schema: { type: 'string' } },
}

export const OPENAPI_DOCUMENT = {
  openapi: '3.1.0',
  info: {
    title: 'Seed document API',
    version: '1',
    description:
      'List, create, read, replace, update, duplicate and delete documents, and browse, save and restore their versions. Server to server: no CORS. Authenticate with an API key (API_KEY or API_KEYS_FILE) or, for one document, its room token (links or jwt mode), as Authorization: Bearer. Every error is JSON { "error": "<a sentence>" }.',
  },
  servers: [{ url: '/' }],
  security: [{ bearer: [] }],
  paths: {
    '/api/v1/openapi.json': {
      get: { summary: 'This document', security: [], responses: { 200: { description: 'The OpenAPI description', content: json({ type: 'object' }) } } },
    },
    '/api/v1/documents': {
      get: {
        summary: 'List documents, ordered by id (scope read)',
        parameters: [LIMIT, { name: 'cursor', in: 'query', required: false, description: 'The nextCursor of the previous page', schema: { type: 'string' } }],
        responses: { 200: { description: 'One page', content: json(ref('DocumentList')) }, ...REFUSALS },
      },
      post: {
        summary: 'Create a document (scope write); an empty body makes an empty one with a random id',
        requestBody: {
          required: false,
          content: { 'application/json': { schema: ref('CreateDocument') }, 'text/markdown': { schema: { type: 'string' } }, 'text/html': { schema: { type: 'string' } } },
        },
        responses: {
          201: { description: 'Created', headers: { Location: { schema: { type: 'string' } } }, content: json(ref('DocumentSummary')) },
          ...REFUSALS,
          409: error('A document with that id exists'),
          ...TOO_LARGE,
          ...UNSUPPORTED,
          ...INVALID_CONTENT,
        },
      },
    },
    '/api/v1/documents/{id}': {
      parameters: [ID],
      get: {
        summary: 'Read a document (scope read, or a token of this document)',
        parameters: [
          FORMAT,
          { name: 'If-None-Match', in: 'header', required: false, schema: { type: 'string' } },
        ],
        responses: {
          200: {
            description: 'The content',
            headers: ETAG_HEADER,
            content: READ_CONTENT,
          },
          304: { description: 'If-None-Match names the current ETag', headers: ETAG_HEADER },
          ...REFUSALS,
          ...NOT_FOUND,
          406: error('The Accept header takes none of the formats'),
        },
      },
      put: {
        summary: 'Replace the content (scope write, or an edit token of this document); applied as a minimal change, so text others type elsewhere survives',
        parameters: [{ name: 'If-Match', in: 'header', required: false, description: 'The ETag of the version this replaces', schema: { type: 'string' } }],
        requestBody: { required: true, content: WRITE_BODIES },
        responses: {
          200: { description: 'Replaced', headers: ETAG_HEADER, content: json({ type: 'object', properties: { id: { type: 'string' }, etag: { type: 'string' } }, required: ['id', 'etag'] }) },
          ...REFUSALS,
          ...NOT_FOUND,
          412: error('If-Match names an older version; nothing changed (the current ETag is in the ETag header)'),
          ...TOO_LARGE,
          ...UNSUPPORTED,
          ...INVALID_CONTENT,
        },
      },
      delete: {
        summary: 'Delete a document with its uploads; connected people are closed (scope admin). Deleting again is 204 too',
        responses: { 204: { description: 'Gone' }, ...REFUSALS },
      },
    },
    '/api/v1/documents/{id}/updates': {
      parameters: [ID],
      post: {
        summary: 'Apply a Yjs update (scope write, or an edit token of this document)',
        requestBody: { required: true, content: { 'application/octet-stream': { schema: { type: 'string', contentMediaType: 'application/octet-stream' } } } },
        responses: { 204: { description: 'Applied and stored' }, ...REFUSALS, ...NOT_FOUND, ...TOO_LARGE, ...UNSUPPORTED, ...INVALID_CONTENT },
      },
    },
    '/api/v1/documents/{id}/duplicate': {
      parameters: [ID],
      post: {
        summary: 'Copy a document under a new id (scope write)',
        responses: { 201: { description: 'The copy', headers: { Location: { schema: { type: 'string' } } }, content: json(ref('DocumentSummary')) }, ...REFUSALS, ...NOT_FOUND },
      },
    },
    '/api/v1/documents/{id}/versions': {
      parameters: [ID],
      get: {
        summary: `The document's versions, newest first (read: ${VERSION_CALLERS})`,
        responses: { 200: { description: 'The versions', content: json(ref('VersionList')) }, ...REFUSALS, ...NOT_FOUND },
      },
      post: {
        summary: `Save a version under a name (write: ${VERSION_CALLERS}). Unchanged since the latest version, that one takes the name (200)`,
        requestBody: { required: true, content: json(ref('SaveVersion')) },
        responses: {
          201: { description: 'Saved', headers: { Location: { schema: { type: 'string' } } }, content: json(ref('Version')) },
          200: { description: 'Nothing changed since the latest version, which now has the name', headers: { Location: { schema: { type: 'string' } } }, content: json(ref('Version')) },
          ...REFUSALS,
          ...NOT_FOUND,
          ...UNSUPPORTED,
        },
      },
    },
    '/api/v1/documents/{id}/versions/{version}': {
      parameters: [ID, VERSION_ID],
      get: {
        summary: `A version's content (read: ${VERSION_CALLERS})`,
        parameters: [FORMAT],
        responses: { 200: { description: 'The content as it was', content: READ_CONTENT }, ...REFUSALS, ...NO_VERSION, 406: error('The Accept header takes none of the formats') },
      },
    },
    '/api/v1/documents/{id}/versions/{version}/restore': {
      parameters: [ID, VERSION_ID],
      post: {
        summary: `Restore a version (write: ${VERSION_CALLERS}): records "Before restore", then applies the version as a new change everyone connected sees`,
        responses: {
          200: {
            description: 'Restored',
            content: json({ type: 'object', properties: { restored: ref('Version'), before: ref('Version') }, required: ['restored', 'before'] }),
          },
          ...REFUSALS,
          ...NO_VERSION,
        },
      },
    },
    '/api/v1/webhooks/deliveries': {
      get: {
        summary: 'Recent webhook delivery attempts, newest first (scope admin)',
        parameters: [LIMIT],
        responses: { 200: { description: 'The attempts', content: json({ type: 'object', properties: { deliveries: { type: 'array', items: { type: 'object' } } }, required: ['deliveries'] }) }, ...REFUSALS },
      },
    },
    '/api/v1/backup': {
      get: {
        summary: 'A backup of every document, with metadata, uploads and versions (scope admin): what `seed backup --server` saves',
        responses: { 200: { description: 'The backup: gzip\'d NDJSON, format "seed-backup" (server/backup/backup-format.ts)', content: { 'application/x-seed-backup+gzip': { schema: { type: 'string', format: 'binary' } } } }, ...REFUSALS },
      },
    },
    '/api/v1/restore': {
      post: {
        summary: 'Restore a backup (scope admin); documents that exist refuse it unless ?replace=1',
        parameters: [{ name: 'replace', in: 'query', required: false, description: '1: replace documents that exist', schema: { type: 'string', enum: ['0', '1'] } }],
        requestBody: { required: true, content: { 'application/x-seed-backup+gzip': { schema: { type: 'string', format: 'binary' } } } },
        responses: {
          200: { description: 'NDJSON: { done, of, id } per document, then { restored: { documents, uploads, versions, replaced } } or { error }', content: { 'application/x-ndjson': { schema: { type: 'string' } } } },
          ...REFUSALS,
          409: error('Documents of the backup exist and replace was not asked for: nothing was restored'),
          ...UNSUPPORTED,
        },
      },
    },
  },
  components: {
    securitySchemes: {
      bearer: { type: 'http', scheme: 'bearer', description: 'An API key, or a room token (links or jwt mode) for its own document' },
    },
    schemas: {
      Error: { type: 'object', properties: { error: { type: 'string' } }, required: ['error'] },
      DocumentSummary: {
        type: 'object',
        properties: {
          id: { type: 'string' },
          title: { type: 'string' },
          createdAt: { type: ['integer', 'null'], description: 'ms since the epoch' },
          updatedAt: { type: ['integer', 'null'], description: 'ms since the epoch' },
          bytes: { type: 'integer' },
        },
        required: ['id', 'title', 'createdAt', 'updatedAt', 'bytes'],
      },
      DocumentList: {
        type: 'object',
        properties: { documents: { type: 'array', items: ref('DocumentSummary') }, nextCursor: { type: ['string', 'null'] } },
        required: ['documents', 'nextCursor'],
      },
      CreateDocument: {
        type: 'object',
        additionalProperties: false,
        properties: {
          id: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,64}$' },
          title: { type: 'string', maxLength: 1000 },
          content: { description: 'A ProseMirror document (format json) or a string (html, markdown)' },
          format: { type: 'string', enum: ['json', 'html', 'markdown'], default: 'json' },
        },
      },
      Version: {
        type: 'object',
        properties: {
          id: { type: 'string' },
          createdAt: { type: 'integer', description: 'ms since the epoch' },
          name: { type: ['string', 'null'] },
          authors: {
            type: 'array',
            description: 'Who wrote since the previous version',
            items: {
              type: 'object',
              properties: {
                name: { type: ['string', 'null'] },
                color: { type: 'string', description: 'The #rrggbb colour their session showed, when it was in the document as the version was recorded' },
                subject: { type: 'string', description: 'The identity verified credentials named' },
              },
              required: ['name'],
            },
          },
          auto: { type: 'boolean', description: 'Recorded by the server (after quiet, while editing goes on, before a restore)' },
          wordsAdded: { type: 'integer' },
          wordsRemoved: { type: 'integer' },
        },
        required: ['id', 'createdAt', 'name', 'authors', 'auto', 'wordsAdded', 'wordsRemoved'],
      },
      VersionList: { type: 'object', properties: { versions: { type: 'array', items: ref('Version') } }, required: ['versions'] },
      SaveVersion: { type: 'object', additionalProperties: false, properties: { name: { type: 'string', minLength: 1, maxLength: 200 } }, required: ['name'] },
      ProseMirrorDocument: { type: 'object', properties: { type: { const: 'doc' }, content: { type: 'array', items: { type: 'object' } } }, required: ['type'] },
    },
  },
} as const
