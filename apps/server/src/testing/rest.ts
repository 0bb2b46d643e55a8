import type { Executor } from '@praxis/db';
import { createTestUser, type TestUserOptions } from '@praxis/db/testing';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { createApp } from '../app';

type App = ReturnType<typeof createApp>;
type Method = 'get' | 'post' | 'put' | 'delete';

export interface RestAnswer {
  status: number;
  headers: Headers;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: bodies are checked against the served document, then read freely
  body: any;
}

interface OpenApiDocument {
  paths: Record<
    string,
    Partial<Record<Method, { responses: Record<string, { content?: Record<string, { schema: object }> }> }>>
  >;
  components?: object;
}

/**
 * A REST client for tests, driven by the document the server serves: every answer's status must
 * be documented for its route and its body must match that response's schema.
 */
export async function restClient(app: App) {
  const document = (await (await app.request('/api/openapi.json')).json()) as OpenApiDocument;
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
  // One root schema holding the components, so `#/components/schemas/…` refs resolve.
  ajv.addSchema({ $id: 'openapi', components: document.components ?? {} });

  function check(template: string, method: Method, answer: RestAnswer) {
    const operation = document.paths[template]?.[method];
    if (!operation) throw new Error(`${method.toUpperCase()} ${template} is not in the document`);
    const response = operation.responses[String(answer.status)];
    if (!response)
      throw new Error(
        `${method.toUpperCase()} ${template} answered undocumented ${answer.status}: ${answer.text}`,
      );
    const schema = response.content?.['application/json']?.schema;
    if (!schema) return;
    const rewritten = JSON.parse(
      JSON.stringify(schema).replaceAll('"#/components/', '"openapi#/components/'),
    );
    const validate = ajv.compile(rewritten);
    if (!validate(answer.body)) {
      throw new Error(
        `${method.toUpperCase()} ${template} ${answer.status} does not match the document: ${ajv.errorsText(validate.errors)}\n${answer.text}`,
      );
    }
  }

  async function send(
    method: Method,
    template: string,
    options: {
      params?: Record<string, string>;
      query?: string;
      body?: unknown;
      rawBody?: string;
      token?: string;
      userToken?: string;
      cookie?: string;
    } = {},
  ): Promise<RestAnswer> {
    let path = template;
    for (const [name, value] of Object.entries(options.params ?? {})) {
      path = path.replace(`{${name}}`, encodeURIComponent(value));
    }
    const headers: Record<string, string> = {};
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.userToken) headers['x-user-token'] = options.userToken;
    if (options.cookie) headers.cookie = options.cookie;
    const hasBody = options.body !== undefined || options.rawBody !== undefined;
    if (hasBody) headers['content-type'] = 'application/json';
    const res = await app.request(`${path}${options.query ? `?${options.query}` : ''}`, {
      method: method.toUpperCase(),
      headers,
      ...(hasBody ? { body: options.rawBody ?? JSON.stringify(options.body) } : {}),
    });
    const text = await res.text();
    let body: unknown = null;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      body = text;
    }
    const answer = { status: res.status, headers: res.headers, text, body };
    check(template, method, answer);
    return answer;
  }

  return { document, send };
}

/** A user made by the factory and signed in through `POST /api/auth/login`: the row and its token. */
export async function signInOverRest(
  rest: Awaited<ReturnType<typeof restClient>>,
  db: Executor,
  options: TestUserOptions = {},
) {
  const { user, password } = await createTestUser(db, options);
  const login = await rest.send('post', '/api/auth/login', { body: { email: user.email, password } });
  if (login.status !== 200) throw new Error(`REST sign-in answered ${login.status}: ${login.text}`);
  return { user, token: login.body.token as string };
}
