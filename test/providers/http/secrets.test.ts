import { z } from 'zod';
import { ProviderError } from '../../../src/providers/errors.js';
import { SingleFlightTokenAuth, bearer, scrubSecrets, type HttpClient, type RequestEndEvent } from '../../../src/providers/http/index.js';
import { rejectionOf, sendJson, startServer, testClient, type TestServer } from './helpers.js';

const API_KEY = 'ak_live_7f3b9c2d1e0a';
const TOKEN = 'tok.QWxhZGRpbjpvcGVuIHNlc2FtZQ';
const PASSWORD = 'Pa55word!correct-horse';
const PRIVATE_KEY = 'pk-00aa11bb22cc';

const SECRETS = [API_KEY, TOKEN, PASSWORD, PRIVATE_KEY];

/** Every answer echoes the credentials back, as misbehaving upstreams do in their errors. */
function echoingAnswer(path: string): { status: number; body: unknown } {
  const echo = `api key ${API_KEY} with token ${TOKEN} and password=${PASSWORD} (private key ${PRIVATE_KEY})`;
  switch (path) {
    case '/bad-request':
      return { status: 400, body: { validations: [echo, `Authorization: Bearer ${TOKEN}`], code: 'x', message: echo, term: TOKEN } };
    case '/unprocessable':
      return { status: 422, body: { username: [`${PASSWORD} is not your username`], apiKey: [API_KEY] } };
    case '/server-error':
      return { status: 500, body: { message: echo } };
    case '/not-found':
      return { status: 404, body: { message: echo } };
    case '/refused':
      return { status: 401, body: { message: echo } };
    case '/schema':
      return { status: 200, body: { users: [{ id: TOKEN, email: API_KEY }] } };
    default:
      return { status: 200, body: { ok: true } };
  }
}

let server: TestServer | undefined;
let client: HttpClient | undefined;

afterEach(async () => {
  client?.close();
  await server?.close();
});

describe('no credential reaches an error, an event or a log line', () => {
  it.each(['/bad-request', '/unprocessable', '/server-error', '/not-found', '/refused', '/schema'])('%s', async (path) => {
    server = await startServer((req, res) => {
      if (req.pathname === '/authenticate') sendJson(res, 200, TOKEN);
      else {
        const answer = echoingAnswer(req.pathname);
        sendJson(res, answer.status, answer.body);
      }
    });
    const logged: unknown[] = [];
    const events: RequestEndEvent[] = [];
    const auth = new SingleFlightTokenAuth({
      login: async () => {
        if (client === undefined) throw new Error('client not built yet');
        const credentials = { username: 'svc', password: PASSWORD, privateKey: PRIVATE_KEY };
        return { token: await client.request({ method: 'POST', endpoint: '/authenticate', json: credentials, schema: z.string(), auth: false }) };
      },
      header: bearer,
    });
    client = testClient(server, {
      retries: 1,
      headers: { 'x-api-key': API_KEY, 'x-api-version': '2' },
      auth,
      onResponse: (event) => events.push(event),
      logger: { debug: (fields, message) => logged.push([fields, message]), warn: (fields, message) => logged.push([fields, message]) },
    });
    // A schema whose own messages would quote the value if the client let them.
    const schema = z.object({
      users: z.array(z.object({ id: z.string().refine((id) => /^[0-9a-f-]{36}$/.test(id), { error: (issue) => `bad id ${String(issue.input)}` }) })),
    });
    const error = await rejectionOf(client.request({ method: 'POST', endpoint: path, json: { password: PASSWORD }, schema }));
    expect(error).toBeInstanceOf(ProviderError);
    const texts = [
      (error as ProviderError).message,
      (error as ProviderError).stack ?? '',
      JSON.stringify(error),
      JSON.stringify((error as ProviderError).toExtensions()),
      JSON.stringify(events),
      JSON.stringify(logged),
    ];
    for (const text of texts) for (const secret of SECRETS) expect(text).not.toContain(secret);
  });

  it('keeps useful validation text while scrubbing', () => {
    expect(scrubSecrets('Course 3fa85f64-5717-4562-b3fc-2c963f66afa6 is not active')).toBe('Course 3fa85f64-5717-4562-b3fc-2c963f66afa6 is not active');
    expect(scrubSecrets('token=abc123 password: "hunter2"')).toBe('token=[redacted] password: "[redacted]"');
    expect(scrubSecrets('Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig')).toBe('Bearer [redacted]');
    expect(scrubSecrets('key QWxhZGRpbjpvcGVuIHNlc2FtZQ0123456789abcdef')).toBe('key [redacted]');
    expect(scrubSecrets('the value s3cr3t-value leaked', ['s3cr3t-value'])).toBe('the value [redacted] leaked');
  });
});
