#!/usr/bin/env node
// Validates every response the API suites received (JSON lines written by
// tests/support/http_client.cpp) against docs/openapi.json, with Ajv's JSON
// Schema 2020-12 validator (the dialect of OpenAPI 3.1). A response fails when
// its path or method is not in the document, its status is not listed for the
// operation, its content type is not the documented one, or its body does not
// match the documented schema. The document itself is checked first: every
// operation lists the errors any request can get (lintDocument).
//
// usage: validate-responses.mjs OPENAPI_JSON LOG_DIR
// Exit status 0 when everything matches, 1 with a report otherwise.

import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
// Ajv is a devDependency of the web UI (`make test` installs web/node_modules first).
const require = createRequire(path.join(here, '../../web/package.json'));
const Ajv2020 = require('ajv/dist/2020').default;
const addFormats = require('ajv-formats').default;

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

// Errors any request may get, whatever the operation (http/pipeline.cpp,
// http/server.cpp, api/execute.cpp): a spent token budget, oversized headers,
// an unexpected failure, an overloaded or unreachable database. Operations with a body may also get an oversized or
// wrongly typed one, those with a JSON body a malformed one, and those that
// need a sign-in a 403 (staff who must set up TOTP first, a missing CSRF token).
export const GENERIC_RESPONSES = {
  429: 'TooManyRequests',
  431: 'HeadersTooLarge',
  500: 'InternalError',
  503: 'ServiceUnavailable',
};
export const BODY_RESPONSES = { 400: 'BadRequest', 413: 'ContentTooLarge', 415: 'UnsupportedMediaType' };

export function lintDocument(doc) {
  const problems = [];
  for (const name of [...Object.values(GENERIC_RESPONSES), ...Object.values(BODY_RESPONSES), 'MethodNotAllowed']) {
    if (!doc.components?.responses?.[name]) problems.push(`components.responses.${name} is missing`);
  }
  for (const [template, item] of Object.entries(doc.paths)) {
    if (!template.startsWith('/api/')) continue;
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const body = op.requestBody?.content ?? {};
      const expected = { ...GENERIC_RESPONSES };
      if (Object.keys(body).length > 0) Object.assign(expected, { 413: BODY_RESPONSES[413], 415: BODY_RESPONSES[415] });
      if (body['application/json']) expected[400] = BODY_RESPONSES[400];
      if (op.security?.length && !op.responses?.[403]) {
        problems.push(`${method.toUpperCase()} ${template}: needs a sign-in, so responses.403 (totp_enrollment_required, csrf_failed)`);
      }
      for (const [status, name] of Object.entries(expected)) {
        const ref = op.responses?.[status]?.$ref;
        if (ref !== `#/components/responses/${name}`) {
          problems.push(`${method.toUpperCase()} ${template}: responses.${status} must be $ref #/components/responses/${name}`);
        }
      }
    }
  }
  return problems;
}

function escapePointer(segment) {
  return segment.replaceAll('~', '~0').replaceAll('/', '~1');
}

function templateMatcher(template) {
  const parts = template.split(/\{[^}]+\}/).map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return { template, regex: new RegExp(`^${parts.join('[^/]+')}$`), params: parts.length - 1 };
}

export class ResponseValidator {
  constructor(doc) {
    this.doc = doc;
    this.ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(this.ajv);
    // OpenAPI's numeric formats are annotations, not assertions.
    for (const format of ['int32', 'int64', 'float', 'double', 'password']) this.ajv.addFormat(format, true);
    this.ajv.addSchema(doc, 'openapi.json');
    // Literal paths before templated ones: /transfers/export before /transfers/{id}.
    this.matchers = Object.keys(doc.paths).map(templateMatcher).sort((a, b) => a.params - b.params);
    this.compiled = new Map();
  }

  valueAt(pointer) {
    return pointer
      .slice(1)
      .split('/')
      .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'))
      .reduce((node, key) => node?.[key], this.doc);
  }

  // Follows $refs from a pointer to the object they end at, returning its pointer.
  followRefs(pointer) {
    let object = this.valueAt(pointer);
    while (object?.$ref) {
      pointer = object.$ref.slice(1);
      object = this.valueAt(pointer);
    }
    return pointer;
  }

  validatorFor(pointer) {
    if (!this.compiled.has(pointer)) this.compiled.set(pointer, this.ajv.compile({ $ref: `openapi.json#${pointer}` }));
    return this.compiled.get(pointer);
  }

  // The pointer of the documented response object (its $refs followed), or an error.
  responseFor(template, method, status) {
    const item = this.doc.paths[template];
    const op = item[method];
    if (!op) {
      if (status === 405) return { pointer: '/components/responses/MethodNotAllowed' };
      return { error: `${method.toUpperCase()} is not documented for ${template} (answered ${status})` };
    }
    const base = `/paths/${escapePointer(template)}/${method}/responses`;
    for (const key of [String(status), `${String(status)[0]}XX`, 'default']) {
      if (op.responses?.[key]) {
        return { pointer: this.followRefs(`${base}/${key}`) };
      }
    }
    return { error: `status ${status} is not documented for ${method.toUpperCase()} ${template}` };
  }

  // Problems with one logged response, as strings ([] when it matches).
  check(entry) {
    const url = new URL(entry.target, 'http://localhost');
    const matcher = this.matchers.find((m) => m.regex.test(url.pathname));
    if (!matcher) {
      // Unknown paths answer 404 (and the UI's files): nothing to document.
      if (entry.status === 404 || !url.pathname.startsWith('/api/')) return [];
      return [`${url.pathname} is not in the document (answered ${entry.status})`];
    }
    const method = entry.method.toLowerCase();
    if (method === 'head' || method === 'options') return [];
    const found = this.responseFor(matcher.template, method, entry.status);
    if (found.error) return [found.error];
    const response = this.valueAt(found.pointer);
    const where = `${entry.method} ${matcher.template} ${entry.status}`;
    const mediaType = (entry.content_type || '').split(';')[0].trim().toLowerCase();
    const content = response.content ?? {};
    if (Object.keys(content).length === 0) {
      if (mediaType && entry.body_bytes !== 0) return [`${where}: a ${mediaType} body where the document has none`];
      return [];
    }
    if (!content[mediaType]) {
      return [`${where}: content type ${mediaType || '(none)'}, documented ${Object.keys(content).join(', ')}`];
    }
    if (entry.unparsable_body !== undefined) return [`${where}: the ${mediaType} body is not JSON`];
    if (!('body' in entry) || !content[mediaType].schema) return [];
    const validate = this.validatorFor(`${found.pointer}/content/${escapePointer(mediaType)}/schema`);
    if (validate(entry.body)) return [];
    return validate.errors.map((e) => `${where}: ${e.instancePath || '(body)'} ${e.message} [${e.schemaPath}]`);
  }
}

export function readLog(dir) {
  const entries = [];
  for (const name of fs.readdirSync(dir).filter((n) => n.endsWith('.jsonl')).sort()) {
    for (const line of fs.readFileSync(path.join(dir, name), 'utf8').split('\n')) {
      if (line.trim()) entries.push(JSON.parse(line));
    }
  }
  return entries;
}

// Groups failures by their message, so one drift shows once with its count and a test that met it.
export function validateAll(doc, entries) {
  const failures = lintDocument(doc).map((message) => ({ message, count: 1, example: 'docs/openapi.json' }));
  const validator = new ResponseValidator(doc);
  const byMessage = new Map();
  for (const entry of entries) {
    for (const message of validator.check(entry)) {
      const seen = byMessage.get(message);
      if (seen) seen.count += 1;
      else byMessage.set(message, { message, count: 1, example: `${entry.test}: ${entry.method} ${entry.target}` });
    }
  }
  return [...failures, ...byMessage.values()];
}

function main() {
  const [docPath, logDir] = process.argv.slice(2);
  if (!docPath || !logDir) {
    console.error('usage: validate-responses.mjs OPENAPI_JSON LOG_DIR');
    process.exit(2);
  }
  const doc = JSON.parse(fs.readFileSync(docPath, 'utf8'));
  const entries = fs.existsSync(logDir) ? readLog(logDir) : [];
  const failures = validateAll(doc, entries);
  if (failures.length === 0) {
    console.log(`${entries.length} responses match ${docPath}`);
    return;
  }
  for (const f of failures) console.log(`FAIL ${f.message}\n     ${f.count}x, e.g. ${f.example}`);
  console.log(`${failures.length} kinds of drift in ${entries.length} responses`);
  process.exit(1);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) main();
