/** OpenAPI schemas made into JSON Schema 2020-12: 3.0's dialect, discriminators, readOnly and writeOnly. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadContract } from '../../src/contracts/openapi/contract.js';
import { prepareDocument } from '../../src/contracts/openapi/schemas.js';

const schemasOf = (doc: Record<string, unknown>) => ((doc.components as Record<string, unknown>).schemas as Record<string, unknown>);

void test('3.0: nullable, boolean exclusive bounds and $ref siblings become 2020-12', () => {
  const root = {
    components: {
      schemas: {
        Name: { type: 'string', nullable: true, enum: ['a', 'b'], example: 'a' },
        Either: { nullable: true, allOf: [{ $ref: '#/components/schemas/Name' }] },
        Ref: { $ref: '#/components/schemas/Name', nullable: true, description: 'ignored' },
        Plain: { $ref: '#/components/schemas/Name', description: 'ignored' },
        Weight: { type: 'number', minimum: 0, exclusiveMinimum: true, maximum: 10, exclusiveMaximum: false },
      },
    },
  };
  const schemas = schemasOf(prepareDocument(root, '3.0', 'response').document);
  assert.deepEqual(schemas.Name, { type: ['string', 'null'], enum: ['a', 'b', null], example: 'a' });
  assert.deepEqual(schemas.Either, { anyOf: [{ allOf: [{ $ref: '#/components/schemas/Name' }] }, { type: 'null' }] });
  assert.deepEqual(schemas.Ref, { anyOf: [{ $ref: '#/components/schemas/Name' }, { type: 'null' }] });
  assert.deepEqual(schemas.Plain, { $ref: '#/components/schemas/Name' });
  assert.deepEqual(schemas.Weight, { type: 'number', exclusiveMinimum: 0, maximum: 10 });
  assert.equal((root.components.schemas.Name as { nullable?: boolean }).nullable, true, 'the document itself is left as it was');
});

void test('3.1 schemas are left as they are', () => {
  const root = { components: { schemas: { Name: { type: 'string', nullable: true } } } };
  assert.deepEqual(schemasOf(prepareDocument(root, '3.1', 'response').document).Name, { type: 'string', nullable: true });
});

void test('a discriminator becomes a check of its property, then of the schema it names', () => {
  const root = {
    components: {
      schemas: {
        Pet: { oneOf: [{ $ref: '#/components/schemas/Cat' }, { $ref: '#/components/schemas/Dog' }], discriminator: { propertyName: 'kind', mapping: { kitty: 'Cat' } } },
        Cat: { type: 'object' },
        Dog: { type: 'object' },
        Inline: { oneOf: [{ type: 'object' }, { $ref: '#/components/schemas/Dog' }], discriminator: { propertyName: 'kind' } },
      },
    },
  };
  const schemas = schemasOf(prepareDocument(root, '3.1', 'response').document);
  assert.deepEqual(schemas.Pet, {
    allOf: [
      { type: 'object', required: ['kind'], properties: { kind: { enum: ['kitty', 'Dog'] } } },
      { if: { properties: { kind: { const: 'kitty' } } }, then: { $ref: '#/components/schemas/Cat' } },
      { if: { properties: { kind: { const: 'Dog' } } }, then: { $ref: '#/components/schemas/Dog' } },
    ],
  });
  // An inline choice has no name to be chosen by: plain oneOf it stays.
  assert.deepEqual(schemas.Inline, { oneOf: [{ type: 'object' }, { $ref: '#/components/schemas/Dog' }] });
});

void test('readOnly properties are refused in requests, writeOnly ones in responses, and not required there', () => {
  const root = {
    components: {
      schemas: {
        Id: { type: 'string', readOnly: true },
        User: {
          type: 'object',
          required: ['id', 'name', 'password'],
          properties: { id: { $ref: '#/components/schemas/Id' }, name: { type: 'string' }, password: { type: 'string', writeOnly: true } },
        },
      },
    },
  };
  const response = schemasOf(prepareDocument(root, '3.1', 'response').document).User;
  assert.deepEqual(response, {
    type: 'object',
    required: ['id', 'name'],
    properties: { id: { $ref: '#/components/schemas/Id' }, name: { type: 'string' }, password: { 'x-tandem-forbidden': 'writeOnly' } },
  });
  const request = schemasOf(prepareDocument(root, '3.1', 'request').document).User;
  assert.deepEqual(request, {
    type: 'object',
    required: ['name', 'password'],
    properties: { id: { 'x-tandem-forbidden': 'readOnly' }, name: { type: 'string' }, password: { type: 'string', writeOnly: true } },
  });
});

void test("a discriminator's mapping in another file points into that file", () => {
  const contract = loadContract(new URL('../fixtures/contract-apis/pets-split.yaml', import.meta.url));
  const validate = contract.validator('response', ['paths', '/pets/{id}', 'get', 'responses', '200', 'content', 'application/json', 'schema']);
  assert.equal(validate({ kind: 'cat', lives: 9 }), true);
  assert.equal(validate({ kind: 'dog' }), true);
  assert.equal(validate({ kind: 'cat' }), false, 'a cat is checked against Cat, which requires lives');
  assert.equal(validate({ kind: 'bird' }), false);
});
