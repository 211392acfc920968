/**
 * A tiny typed client for the International work API.
 *
 * Paths, parameters and bodies are checked against the generated
 * `schema.d.ts` (openapi-fetch), so a call that the contract does not allow
 * does not compile. Errors are `application/problem+json`: `ApiProblem`.
 */
import createClient, { type Client, type Middleware } from "openapi-fetch";

import type { components, paths } from "./schema.js";

export type { components, paths };
export type Schemas = components["schemas"];
export type Page = Schemas["Page"];
export type PageType = Page["type"];
export type Problem = Schemas["Problem"];

export interface ApiOptions {
  /** Where the backend is, e.g. `https://cms.example.org` (no `/api/v1`). */
  baseUrl: string;
  /** An app session token from allauth's `app` client (`X-Session-Token`). */
  sessionToken?: string;
  fetch?: typeof globalThis.fetch;
}

export type Api = Client<paths>;

/** A typed client; every request sends `Accept: application/json`. */
export function createApi(options: ApiOptions): Api {
  const api = createClient<paths>({
    baseUrl: options.baseUrl.replace(/\/$/, ""),
    headers: { Accept: "application/json" },
    // Arrays in the query are one comma-separated value, as the contract
    // says (`style: form, explode: false`): `renditions=small,large`.
    querySerializer: { array: { style: "form", explode: false } },
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  if (options.sessionToken) {
    api.use(sessionToken(options.sessionToken));
  }
  return api;
}

function sessionToken(token: string): Middleware {
  return {
    onRequest({ request }) {
      request.headers.set("X-Session-Token", token);
      return request;
    },
  };
}

/** Thrown by `must()` when the API answers with a problem. */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly problem: Partial<Problem> & Record<string, unknown>,
  ) {
    super(`${status} ${problem.code ?? ""} ${problem.detail ?? ""}`.trim());
  }
}

/** Unwrap an openapi-fetch result: the data, or throw the problem. */
export async function must<T>(
  call: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<T> {
  const { data, error, response } = await call;
  if (error !== undefined || data === undefined) {
    throw new ApiProblem(
      response.status,
      (error ?? {}) as Partial<Problem> & Record<string, unknown>,
    );
  }
  return data;
}

/** allauth's app flow: sign in with email and password, get a session token. */
export async function signIn(
  api: Api,
  credentials: { email: string; password: string },
): Promise<string> {
  const { data, response } = await api.POST("/api/v1/auth/{client}/v1/auth/login", {
    params: { path: { client: "app" } },
    body: credentials,
  });
  const token = (data as { meta?: { session_token?: string } } | undefined)?.meta
    ?.session_token;
  if (response.status !== 200 || !token) {
    throw new ApiProblem(response.status, { detail: "sign-in failed" });
  }
  return token;
}

/** Fetch every page of a `{count, next, previous, results}` listing. */
export async function* pages<Item>(
  first: () => Promise<{ next?: string | null; results: Item[] }>,
  fetchPage: (url: string) => Promise<{ next?: string | null; results: Item[] }>,
): AsyncGenerator<Item> {
  let page = await first();
  for (;;) {
    yield* page.results;
    if (!page.next) return;
    page = await fetchPage(page.next);
  }
}
