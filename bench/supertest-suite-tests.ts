/**
 * The supertest-style tests of the suite-level comparison, written once against supertest's API
 * and run through supertest and through tandem/supertest (see supertest-suite.ts).
 */
import assert from 'node:assert/strict';
import express from 'express';

/** What both libraries' default export offers, as the tests use it. */
interface Verbs {
  get(path: string): any;
  post(path: string): any;
}
export type RequestLike = ((app: unknown) => Verbs) & { agent(app: unknown): Verbs };

/** A small Express app of the kind middleware suites test: JSON, forms, cookies, a redirect. */
export function createSuiteApp(): express.Express {
  const app = express();
  app.use(express.json());
  app.use(express.urlencoded({ extended: false }));
  app.get('/users', (_req, res) => void res.json([{ id: 1, name: 'tobi' }, { id: 2, name: 'loki' }]));
  app.post('/users', (req, res) => void res.status(201).location('/users/3').json({ id: 3, ...req.body }));
  app.get('/users/:id', (req, res) => void (req.params.id === '1' ? res.json({ id: 1, name: 'tobi' }) : res.status(404).json({ error: 'not found' })));
  app.post('/login', (req, res) => void res.cookie('sid', `s-${String(req.body.user)}`, { httpOnly: true }).redirect('/me'));
  app.get('/me', (req, res) => void (req.headers.cookie?.includes('sid=s-tobi') ? res.send('hello tobi') : res.status(401).send('who are you?')));
  app.get('/old', (_req, res) => void res.redirect(301, '/users'));
  return app;
}

/** One run of the suite; returns how many requests it made. Every test gets a fresh app, as real suites make them. */
export async function runSuite(request: RequestLike, createApp: () => express.Express): Promise<number> {
  await request(createApp()).get('/users').set('Accept', 'application/json').expect('Content-Type', /json/).expect(200);
  await request(createApp()).get('/users/1').expect(200, { id: 1, name: 'tobi' });
  await request(createApp()).get('/users/9').expect(404, { error: 'not found' });
  await request(createApp()).post('/users').send({ name: 'manny' }).expect('Location', '/users/3').expect(201, { id: 3, name: 'manny' });
  await request(createApp()).post('/users').type('form').send({ name: 'luna' }).expect(201);
  await request(createApp()).get('/old').expect(301).expect('Location', '/users');
  const res = await request(createApp()).get('/users').expect(200);
  assert.equal(res.body.length, 2);
  const app = createApp();
  const agent = request.agent(app);
  await agent.post('/login').type('form').send({ user: 'tobi' }).expect(302);
  await agent.get('/me').expect(200, 'hello tobi');
  await request(app).get('/me').expect(401);
  await new Promise<void>((resolve, reject) => {
    request(createApp())
      .get('/users/1')
      .expect('Content-Type', /json/)
      .expect(200, (error: Error | null) => (error ? reject(error) : resolve()));
  });
  return 11;
}
