import {
  type AnyTRPCProcedure,
  type AnyTRPCRouter,
  getTRPCErrorFromUnknown,
  getTRPCErrorShape,
  TRPCError,
} from '@trpc/server';
import { getHTTPStatusCode } from '@trpc/server/http';

export interface SingleQueryOptions<Ctx> {
  router: AnyTRPCRouter;
  /** The procedure's context; `resHeaders` go onto the answer (Set-Cookie). */
  createContext: (resHeaders: Headers) => Ctx;
  onError: (failure: { error: TRPCError; path: string }) => void;
  /** Writers of some procedures' answers as wire text (undefined: the transformer's way). */
  writers?: Readonly<Record<string, (data: unknown) => string | undefined>>;
}

const VARY = 'trpc-accept, accept';

const isObject = (value: unknown) => !!value && !Array.isArray(value) && typeof value === 'object';

/**
 * Answers one GET query, alone (`GET /trpc/users.list?input=…`) or as a batch of one (what the
 * web app's batching link sends when one query is due), without tRPC's fetch adapter: its generic
 * path (a URL, abort controllers, content-type and batching checks, copies of the call at each
 * step) cost about a quarter of a session check's server CPU. The procedure runs as tRPC runs it
 * (with the same middlewares, context and input parsing), and the answer is written by tRPC's own
 * functions (error shape, HTTP status) and transformer; a test holds every answer, success or error,
 * to what tRPC's adapter gives for the same request. Anything else (batches of several, mutations,
 * subscriptions, streaming, HEAD, encoded paths, other content types, unknown procedures) is not
 * answered here (undefined): tRPC's adapter takes it.
 */
export async function answerSingleQuery<Ctx>(
  req: Request,
  path: string,
  options: SingleQueryOptions<Ctx>,
): Promise<Response | undefined> {
  if (req.method !== 'GET' || /[%,]/.test(path)) return undefined;
  const headers = req.headers;
  if (headers.has('trpc-accept') || headers.get('accept')?.includes('application/jsonl')) return undefined;
  const contentType = headers.get('content-type');
  if (contentType !== null && contentType.split(';', 1)[0]?.trim().toLowerCase() !== 'application/json') {
    return undefined;
  }
  const { procedures, _config: config } = options.router._def as {
    procedures: Record<string, AnyTRPCProcedure>;
    _config: Parameters<typeof getTRPCErrorShape>[0]['config'];
  };
  const procedure = Object.hasOwn(procedures, path) ? procedures[path] : undefined;
  if (procedure?._def.type !== 'query') return undefined;
  const url = req.url;
  const search = url.indexOf('?');
  const params = new URLSearchParams(search < 0 ? '' : url.slice(search + 1));
  // The web app's links batch: a batch of one call is answered here too, as a list of one.
  const batched = params.get('batch') === '1';

  // The input as tRPC's JSON handler reads it: parsed once, when a middleware first asks.
  let input: { value: unknown } | undefined;
  const getRawInput = async () => {
    if (input) return input.value;
    const raw = params.get('input');
    try {
      const parsed: unknown = raw ? JSON.parse(raw) : undefined;
      if (batched && parsed !== undefined && !isObject(parsed)) {
        throw new TRPCError({
          code: 'BAD_REQUEST',
          message: '"input" needs to be an object when doing a batch call',
        });
      }
      const given = batched && parsed !== undefined ? (parsed as Record<string, unknown>)[0] : parsed;
      const value = given === undefined ? undefined : config.transformer.input.deserialize(given);
      input = { value };
      return value;
    } catch (cause) {
      if (cause instanceof TRPCError) throw cause;
      throw new TRPCError({
        code: 'BAD_REQUEST',
        message: cause instanceof Error ? cause.message : 'Invalid input',
        cause,
      });
    }
  };

  const resHeaders = new Headers();
  const ctx = options.createContext(resHeaders);
  // What tRPC's transformTRPCResponse writes for one result or error (without its copies).
  const serialize = config.transformer.output.serialize;
  let body: string;
  let status = 200;
  try {
    const data: unknown = await procedure({
      path,
      getRawInput,
      ctx,
      type: 'query',
      signal: undefined,
      batchIndex: 0,
    });
    const writer =
      options.writers && Object.hasOwn(options.writers, path) ? options.writers[path] : undefined;
    const written = writer?.(data);
    if (written === undefined) {
      const result = { result: { data: serialize(data) } };
      body = JSON.stringify(batched ? [result] : result);
    } else body = batched ? `[{"result":{"data":${written}}}]` : `{"result":{"data":${written}}}`;
  } catch (cause) {
    const error = getTRPCErrorFromUnknown(cause);
    options.onError({ error, path });
    const shape = getTRPCErrorShape({ config, ctx, error, input: input?.value, path, type: 'query' });
    const failure = { error: shape } as Extract<Parameters<typeof getHTTPStatusCode>[0], unknown[]>[number];
    status = getHTTPStatusCode(batched ? [failure] : failure, [error]);
    body = JSON.stringify(batched ? [{ error: serialize(shape) }] : { error: serialize(shape) });
  }
  const answerHeaders = new Headers([
    ['vary', VARY],
    ['content-type', 'application/json'],
  ]);
  for (const [name, value] of resHeaders) answerHeaders.append(name, value);
  return new Response(body, { status, headers: answerHeaders });
}
