/**
 * The CommonJS entry of `tandem/supertest`: `const request = require('tandem/supertest')`
 * gives the same function as the ESM default export (loaded with Node's require of ES modules).
 *
 * @example
 * const request = require('tandem/supertest');
 * request(app).get('/').expect(200, done);
 */
import supertest = require('./index.js');

export = supertest.default;
