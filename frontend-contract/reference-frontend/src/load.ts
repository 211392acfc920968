// What a route needs from the API, through the typed client of
// frontend-contract/src/client.ts (paths, parameters and answers checked
// against the generated schema). The server and the browser both call these;
// only the fetch options differ (the browser sends the member's cookies and
// revalidates, the server sends a partner key if it has one).

import type { Api, Page, paths, Schemas } from "../../src/client";

export type Site = Schemas["Site"];
export type Navigation = Schemas["Navigation"];
export type Rendition = Schemas["Rendition"];
/** A language code the API knows (`meta.locale` and `site.locale` are always one). */
type Locale = NonNullable<
  NonNullable<paths["/api/v1/site/"]["get"]["parameters"]["query"]>["locale"]
>;

/** The typed client and the fetch options every call of this side sends. */
export interface Source {
  api: Api;
  init?: { credentials?: RequestCredentials; cache?: RequestCache };
}

/** What the browser needs to take over a server-rendered page without asking the API again. */
export interface AppState {
  apiBaseUrl: string;
  site: { name: string; languages: Schemas["Language"][] } | null;
  /** The language the header and footer are in. */
  chromeLocale: string | null;
  /** A members-only page rendered without access: the browser retries with the member's cookies. */
  locked: boolean;
}

export function isPreviewPath(pathname: string): boolean {
  return pathname === "/preview" || pathname === "/preview/";
}

export interface Chrome {
  site: Site;
  navigation: Navigation;
}

export type Outcome =
  | { kind: "page"; page: Page }
  | {
      kind: "redirect";
      location: string;
      permanent: boolean;
      /** Set when the target is this page's canonical path: no second request needed. */
      page?: Page;
    }
  | { kind: "error"; status: number; retryAfter: string | null };

/** The API's form of a path: one slash at each end (`/international/`). */
export function normalPath(path: string): string {
  const inner = path.trim().replace(/^\/+|\/+$/g, "");
  return inner ? `/${inner}/` : "/";
}

/**
 * Where a resolved page lives: `meta.path`, except when the API served
 * another language as a fallback, which lives at the path asked for
 * (`/fr/...` showing the English page) in its normal form.
 */
export function canonicalPath(requested: string, page: Page): string {
  return page.meta.fallback ? normalPath(requested) : page.meta.path;
}

/**
 * The page at a frontend path, or where to go instead: a Wagtail redirect
 * (`permanent` as the editor set it), or the page's canonical path when the
 * path asked for is another spelling of it (no trailing slash, a language
 * version's own path).
 */
export async function loadPath(source: Source, path: string): Promise<Outcome> {
  const { data, response } = await source.api.GET("/api/v1/pages/resolve/", {
    params: { query: { path } },
    ...source.init,
  });
  if (!data) return failure(response);
  if ("redirect" in data) {
    const { location, permanent } = data.redirect;
    return { kind: "redirect", location, permanent };
  }
  const canonical = canonicalPath(path, data);
  if (canonical !== path) {
    return { kind: "redirect", location: canonical, permanent: true, page: data };
  }
  return { kind: "page", page: data };
}

/** An editor's draft: never cached, by the browser or anyone else. */
export async function loadPreview(
  source: Source,
  contentType: string,
  token: string,
): Promise<Outcome> {
  const { data, response } = await source.api.GET("/api/v1/preview/", {
    params: { query: { content_type: contentType, token } },
    ...source.init,
    cache: "no-store",
  });
  if (!data) return failure(response);
  return { kind: "page", page: data };
}

/** The site's name, contacts and menu in a language; null when they fail to load. */
export async function loadChrome(source: Source, locale?: string): Promise<Chrome | null> {
  const query = locale ? { locale: locale as Locale } : {};
  try {
    const [site, navigation] = await Promise.all([
      source.api.GET("/api/v1/site/", { params: { query }, ...source.init }),
      source.api.GET("/api/v1/navigation/", { params: { query }, ...source.init }),
    ]);
    if (!site.data || !navigation.data) return null;
    return { site: site.data, navigation: navigation.data };
  } catch (error) {
    console.warn("Could not load the site chrome", error);
    return null;
  }
}

/**
 * The listing image's `social` rendition (1200×630, for link previews):
 * from the page if it has one, else from `images/{id}/?renditions=social`,
 * else the largest rendition the page has.
 */
export async function socialImage(source: Source, page: Page): Promise<Rendition | null> {
  const image = page.listing_image;
  if (!image) return null;
  if (image.renditions.social) return image.renditions.social;
  try {
    const { data } = await source.api.GET("/api/v1/images/{id}/", {
      params: { path: { id: image.id }, query: { renditions: ["social"] } },
      ...source.init,
    });
    if (data?.renditions.social) return data.renditions.social;
  } catch (error) {
    console.warn("Could not load the social image", error);
  }
  const widest = Object.values(image.renditions).sort((a, b) => b.width - a.width);
  return widest[0] ?? null;
}

/**
 * What a frontend answers when the API did not give a page: its 404 and 400
 * as they are, 503 when the API is overloaded or down (with its
 * `Retry-After`), 502 for anything else it should not have said.
 */
function failure(response: Response): Outcome {
  const status = response.status;
  if (status === 404 || status === 400) return { kind: "error", status, retryAfter: null };
  if (status === 429 || status === 503) {
    return { kind: "error", status: 503, retryAfter: response.headers.get("Retry-After") };
  }
  return { kind: "error", status: 502, retryAfter: null };
}

/**
 * What a URL of the site shows: the draft an editor previews
 * (`/preview/?content_type=&token=`), else the page at that path; an API
 * that cannot be reached is a 502.
 */
export async function loadUrl(source: Source, pathname: string, search: string): Promise<Outcome> {
  try {
    if (isPreviewPath(pathname)) {
      const params = new URLSearchParams(search);
      return await loadPreview(source, params.get("content_type") ?? "", params.get("token") ?? "");
    }
    return await loadPath(source, decodeURIComponent(pathname));
  } catch (error) {
    return unreachable(error);
  }
}

/** The API could not be reached at all (refused, reset, timed out). */
export function unreachable(error: unknown): Outcome {
  console.error("The API could not be reached", error);
  return { kind: "error", status: 502, retryAfter: null };
}
