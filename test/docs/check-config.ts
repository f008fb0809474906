/**
 * Runs a docs sample that is a config file: loads it as tandem does (every key checked), then
 * sends one request to its app in-process.
 */
import { createTestApp } from '../../src/index.js';

const file = process.argv[2];
if (!file) throw new Error('usage: check-config.ts <config file>');
const api = createTestApp(undefined, { config: file });
await api.ready();
await api.get('/health').expect(200);
await api.close();
