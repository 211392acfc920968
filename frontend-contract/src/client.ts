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
export type PageCard = Schemas["PageCard"];

/** The page type named `T`, in full (`pages/{id}/`, `pages/resolve/`). */
export type PageOf<T extends PageType> = Extract<Page, { type: T }>;
/** A card of type `T`: what `children` and default listings carry. */
export type PageCardOf<T extends PageType> = Extract<PageCard, { type: T }>;

/**
 * An item of `pages/` without `fields`: its type's card, plus `slug`,
 * `tags` and `meta` (the server's `DEFAULT_LIST_FIELDS`).
 */
export type PageListed<T extends PageType> = T extends PageType
  ? PageCardOf<T> & Pick<PageOf<T>, "slug" | "tags" | "meta">
  : never;

/** An item of `pages/?fields=a,b`: those fields, with `id` and `type`. */
export type PageFields<T extends PageType, F extends string> = T extends PageType
  ? Pick<PageOf<T>, Extract<F | "id" | "type", keyof PageOf<T>>>
  : never;

export interface Listing<Item> {
  count: number;
  next: string | null;
  previous: string | null;
  results: Item[];
}

type PageListQuery = NonNullable<paths["/api/v1/pages/"]["get"]["parameters"]["query"]>;
type Narrowed<T extends PageType> = Omit<PageListQuery, "type" | "fields"> & {
  /** One page type, or several (sent as `type=a,b`). */
  type: T | readonly T[];
};

/**
 * `pages/?type=...`, with `results` typed by the requested type(s):
 *
 *     const events = await listPages(api, { type: "event", order: "date" });
 *     events.results[0].starts_at; // string: an EventPageCard field
 *
 * With `fields: [...]` the items have exactly those fields; with
 * `fields: "*"`, every field of the type.
 */
export function listPages<T extends PageType>(
  api: Api,
  query: Narrowed<T> & { fields?: undefined },
): Promise<Listing<PageListed<T>>>;
export function listPages<T extends PageType>(
  api: Api,
  query: Narrowed<T> & { fields: "*" },
): Promise<Listing<PageOf<T>>>;
export function listPages<T extends PageType, const F extends string>(
  api: Api,
  query: Narrowed<T> & { fields: readonly F[] },
): Promise<Listing<PageFields<T, F>>>;
export async function listPages(
  api: Api,
  query: Narrowed<PageType> & { fields?: "*" | readonly string[] },
): Promise<Listing<unknown>> {
  const { type, fields, ...rest } = query;
  const wire: PageListQuery = {
    ...rest,
    type: typeof type === "string" ? type : type.join(","),
    ...(fields === undefined
      ? {}
      : { fields: typeof fields === "string" ? fields : fields.join(",") }),
  };
  return must(api.GET("/api/v1/pages/", { params: { query: wire } }));
}

export interface ApiOptions {
  /** Where the backend is, e.g. `https://cms.example.org` (no `/api/v1`). */
  baseUrl: string;
  /** An app session token from allauth's `app` client (`X-Session-Token`). */
  sessionToken?: string;
  /**
   * A partner key (`Authorization: Api-Key <key>`) for a frontend *server*
   * (server-side rendering, a static build): its own rate instead of the
   * anonymous one. Never put it in browser code.
   */
  apiKey?: string;
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
    api.use(header("X-Session-Token", options.sessionToken));
  }
  if (options.apiKey) {
    api.use(header("Authorization", `Api-Key ${options.apiKey}`));
  }
  return api;
}

function header(name: string, value: string): Middleware {
  return {
    onRequest({ request }) {
      request.headers.set(name, value);
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
