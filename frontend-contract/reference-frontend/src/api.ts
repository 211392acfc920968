// The API client: where the API is, and the five calls this frontend makes.

import type { Navigation, Page, Problem, ResolveResult, Site } from "./types";

const FALLBACK_API_BASE_URL = "http://127.0.0.1:8000";

let apiBaseUrl = FALLBACK_API_BASE_URL;

/**
 * Read the API's address at runtime from /config.json next to index.html, so
 * one build serves any backend. Missing or broken config means the dev default.
 */
export async function loadConfig(): Promise<void> {
  try {
    const response = await fetch("/config.json", { cache: "no-store" });
    if (response.ok) {
      const config = (await response.json()) as { apiBaseUrl?: string };
      if (config.apiBaseUrl) apiBaseUrl = config.apiBaseUrl.replace(/\/+$/, "");
    }
  } catch {
    // keep the fallback
  }
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem | null,
  ) {
    super(problem?.detail || `API answered ${status}`);
  }
}

async function get<T>(
  path: string,
  params: Record<string, string> = {},
  init: RequestInit = {},
): Promise<T> {
  const url = new URL(`${apiBaseUrl}/api/v1/${path}`);
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  const response = await fetch(url, {
    // A signed-in member's session cookie unlocks members-only bodies.
    credentials: "include",
    // Revalidate every time: the API answers 304 (ETag) when nothing changed,
    // and an editor who has just published sees the new version at once,
    // not after the API's max-age.
    cache: "no-cache",
    headers: { Accept: "application/json" },
    ...init,
  });
  if (!response.ok) {
    const isProblem = response.headers.get("Content-Type")?.includes("problem+json");
    throw new ApiError(response.status, isProblem ? await response.json() : null);
  }
  return (await response.json()) as T;
}

export const api = {
  resolve: (path: string) => get<ResolveResult>("pages/resolve/", { path }),
  navigation: (locale?: string) =>
    get<Navigation>("navigation/", locale ? { locale } : {}),
  site: (locale?: string) => get<Site>("site/", locale ? { locale } : {}),
  /** A draft: never cached, by the browser or anyone else. */
  preview: (contentType: string, token: string) =>
    get<Page>("preview/", { content_type: contentType, token }, { cache: "no-store" }),
};
