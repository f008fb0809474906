/**
 * The CommonJS entry of `tandem/supertest`: `const request = require('tandem/supertest')`
 * gives the same function as the ESM default export (loaded with Node's require of ES modules).
 *
 * @example
 * const request = require('tandem/supertest');
 * request(app).get('/').expect(200, done);
 */
// A CommonJS module loads the ES module build with require() (Node 20.19+), so both share one registry of test apps.
// eslint-disable-next-line @typescript-eslint/no-require-imports
import supertest = require('./index.js');

export = supertest.default;
