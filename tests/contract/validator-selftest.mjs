#!/usr/bin/env node
// contract.validator_rejects_drift: the response validator must catch each
// kind of drift (and pass a matching response), or the contract test could
// pass by checking nothing.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { lintDocument, ResponseValidator, validateAll } from './validate-responses.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const problem = { $ref: '#/components/responses/Problem' };
const generic = {
  429: { $ref: '#/components/responses/TooManyRequests' },
  431: { $ref: '#/components/responses/HeadersTooLarge' },
  500: { $ref: '#/components/responses/InternalError' },
  503: { $ref: '#/components/responses/ServiceUnavailable' },
};
const doc = {
  openapi: '3.1.0',
  info: { title: 't', version: '1' },
  paths: {
    '/api/v1/things/{id}': {
      get: {
        responses: {
          200: {
            description: 'ok',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } },
          },
          404: problem,
          ...generic,
        },
      },
      delete: { responses: { 204: { description: 'gone' }, ...generic } },
    },
    '/api/v1/things/export': { get: { responses: { 200: { description: 'csv', content: { 'text/csv': {} } }, ...generic } } },
  },
  components: {
    schemas: {
      Thing: {
        type: 'object',
        required: ['id', 'status', 'created_at'],
        properties: {
          id: { type: 'string' },
          status: { type: 'string', enum: ['active', 'closed'] },
          created_at: { type: 'string', format: 'date-time' },
          count: { type: 'integer', format: 'int64' },
        },
      },
      Problem: { type: 'object', required: ['code'], properties: { code: { type: 'string' } } },
    },
    responses: Object.fromEntries(
      ['Problem', 'TooManyRequests', 'HeadersTooLarge', 'InternalError', 'ServiceUnavailable', 'BadRequest', 'ContentTooLarge',
        'UnsupportedMediaType', 'MethodNotAllowed'].map((name) => [
        name,
        { description: name, content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } },
      ]),
    ),
  },
};

const thing = { id: 't1', status: 'active', created_at: '2026-12-03T08:00:00Z', count: 3 };
const get = (body, extra = {}) => ({
  test: 'Self.test', method: 'GET', target: '/api/v1/things/t1?x=1', status: 200,
  content_type: 'application/json; charset=utf-8', body, ...extra,
});
const validator = new ResponseValidator(doc);

// A matching response, a literal path before a template, a 405 and an unknown path pass.
assert.deepEqual(validator.check(get(thing)), []);
assert.deepEqual(validator.check({ method: 'GET', target: '/api/v1/things/export', status: 200, content_type: 'text/csv', body_bytes: 10 }), []);
assert.deepEqual(validator.check({ method: 'PUT', target: '/api/v1/things/t1', status: 405, content_type: 'application/problem+json', body: { code: 'method_not_allowed' } }), []);
assert.deepEqual(validator.check({ method: 'GET', target: '/api/v1/nothing', status: 404, content_type: 'application/problem+json', body: { code: 'not_found' } }), []);
assert.deepEqual(validator.check({ method: 'DELETE', target: '/api/v1/things/t1', status: 204, content_type: '', body_bytes: 0 }), []);

// Each kind of drift is caught.
const drift = {
  'missing member': get({ id: 't1', status: 'active' }),
  'wrong type': get({ ...thing, count: 'three' }),
  'value outside the enum': get({ ...thing, status: 'deleted' }),
  'bad date-time': get({ ...thing, created_at: 'yesterday' }),
  'undocumented status': get({ code: 'conflict' }, { status: 409, content_type: 'application/problem+json' }),
  'wrong content type': get(thing, { content_type: 'text/html' }),
  'body that is not JSON': get(undefined, { unparsable_body: '<html>' }),
  'undocumented method': { method: 'POST', target: '/api/v1/things/t1', status: 200, content_type: 'application/json', body: {} },
  'undocumented path': { method: 'GET', target: '/api/v1/widgets', status: 200, content_type: 'application/json', body: {} },
  'body where none is documented': { method: 'DELETE', target: '/api/v1/things/t1', status: 204, content_type: 'application/json', body: {} },
};
for (const [kind, entry] of Object.entries(drift)) {
  assert.notDeepEqual(validator.check(entry), [], `the validator misses: ${kind}`);
}

// The document lint: an operation without the generic errors, or a JSON body operation without 400/413/415.
assert.deepEqual(lintDocument(doc), []);
const lacking = structuredClone(doc);
delete lacking.paths['/api/v1/things/{id}'].get.responses[431];
lacking.paths['/api/v1/things/export'].post = { requestBody: { content: { 'application/json': {} } }, responses: { 201: { description: 'x' }, ...generic } };
lacking.paths['/api/v1/things/{id}'].delete.security = [{ bearer: [] }];
const lint = lintDocument(lacking);
assert.ok(lint.some((p) => p.includes('GET /api/v1/things/{id}: responses.431')), lint.join('\n'));
assert.ok(lint.some((p) => p.includes('DELETE /api/v1/things/{id}: needs a sign-in, so responses.403')), lint.join('\n'));
for (const status of [400, 413, 415]) assert.ok(lint.some((p) => p.includes(`POST /api/v1/things/export: responses.${status}`)));

// Against the real document: a drifted order is caught, grouped with a count and an example test.
const real = JSON.parse(fs.readFileSync(path.join(here, '../../docs/openapi.json'), 'utf8'));
const bad = { test: 'Self.order', method: 'GET', target: '/api/v1/orders/SO-1', status: 200, content_type: 'application/json', body: { id: 1 } };
const failures = validateAll(real, [bad, bad]).filter((f) => f.example !== 'docs/openapi.json');
assert.ok(failures.length > 0 && failures.every((f) => f.count === 2 && f.example.startsWith('Self.order')), JSON.stringify(failures));
console.log(`validator self-test: ${Object.keys(drift).length} kinds of drift caught, matching responses pass`);
