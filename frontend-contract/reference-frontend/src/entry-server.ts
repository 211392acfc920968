// Server-side rendering: a request's path in, a whole HTML document (or a
// redirect) out, from the same renderers the browser uses. Built with
// `vite build --ssr` into dist-server/ and called by serve.mjs, which owns
// HTTP (static files, headers, conditional requests).

import { createApi } from "../../src/client";
import { fragment, h, jsonScript } from "./html";
import { bodyContent, documentLanguage, headTags, type View } from "./layout";
import {
  type AppState,
  type Chrome,
  isPreviewPath,
  loadChrome,
  loadUrl,
  type Source,
  socialImage,
} from "./load";

export interface RendererOptions {
  /** Where the API is, e.g. `https://cms.example.org`; also what the browser is told. */
  apiBaseUrl: string;
  /** A partner key for the server's own API requests (never sent to browsers). */
  apiKey?: string;
  /** The built client's entry script and style sheets (from Vite's manifest). */
  assets: { scripts: string[]; styles: string[] };
  /** How long one API request may take before the page is a 502. */
  timeoutMs?: number;
}

export interface Rendered {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export function createRenderer(options: RendererOptions): (url: URL) => Promise<Rendered> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const source: Source = {
    api: createApi({
      baseUrl: options.apiBaseUrl,
      ...(options.apiKey ? { apiKey: options.apiKey } : {}),
      fetch: (input, init) => fetch(input, { ...init, signal: AbortSignal.timeout(timeoutMs) }),
    }),
  };

  return async function render(url: URL): Promise<Rendered> {
    const preview = isPreviewPath(url.pathname);
    const path = decodeURIComponent(url.pathname);
    const outcome = await loadUrl(source, url.pathname, url.search);

    if (outcome.kind === "redirect") {
      // A canonical redirect keeps the query; an editor's redirect goes where it says.
      const location = outcome.page ? outcome.location + url.search : outcome.location;
      return redirect(location, outcome.permanent);
    }

    if (outcome.kind === "error") {
      const chrome = await loadChrome(source);
      const view: View = { kind: "error", status: outcome.status };
      return {
        status: outcome.status,
        headers: {
          // A missing page may be published any minute; an outage must not be kept.
          "Cache-Control": outcome.status === 404 ? "no-cache" : "no-store",
          ...(outcome.retryAfter ? { "Retry-After": outcome.retryAfter } : {}),
        },
        body: documentHtml(view, chrome, path, { locked: false }),
      };
    }

    const { page } = outcome;
    const [chrome, image] = await Promise.all([
      loadChrome(source, page.meta.requested_locale ?? page.meta.locale),
      preview ? null : socialImage(source, page),
    ]);
    const view: View = { kind: "page", page, preview, socialImage: image };
    return {
      status: 200,
      headers: {
        // Revalidated every time (serve.mjs answers If-None-Match with a 304),
        // so a publish shows at once; previews are never stored anywhere.
        "Cache-Control": preview ? "no-store" : "no-cache",
        "Content-Language": page.meta.locale,
        ...(preview ? { "X-Robots-Tag": "noindex" } : {}),
      },
      body: documentHtml(view, chrome, page.meta.path, {
        locked: page.meta.access === "members" && !page.meta.has_access,
      }),
    };
  };

  function documentHtml(
    view: View,
    chrome: Chrome | null,
    currentPath: string,
    { locked }: { locked: boolean },
  ): string {
    const site = chrome ? { name: chrome.site.name, languages: chrome.site.languages } : null;
    const state: AppState = {
      apiBaseUrl: options.apiBaseUrl,
      site,
      chromeLocale: chrome?.site.locale ?? null,
      locked,
    };
    const { lang, dir } = documentLanguage(view, site?.languages ?? []);
    const preview = view.kind === "page" && view.preview;
    const html = h(
      "html",
      { lang, dir },
      h(
        "head",
        {},
        h("meta", { charset: "utf-8" }),
        h("meta", { name: "viewport", content: "width=device-width, initial-scale=1" }),
        h("link", { rel: "icon", href: "data:," }),
        headTags(view, site),
        options.assets.styles.map((href) => h("link", { rel: "stylesheet", href })),
        options.assets.scripts.map((src) => h("script", { type: "module", src })),
      ),
      h(
        "body",
        { class: preview ? "is-preview" : null, "data-rendered": "server" },
        bodyContent(view, chrome, currentPath),
        jsonScript("app-state", state),
      ),
    );
    return `<!doctype html>\n${html.html}\n`;
  }
}

function redirect(location: string, permanent: boolean): Rendered {
  // Header values are bytes: percent-encode what is not printable ASCII
  // (a page path in Arabic), leaving existing escapes as they are.
  const encoded = location.replace(/[^\x21-\x7e]/g, (char) => encodeURIComponent(char));
  return {
    status: permanent ? 308 : 307,
    headers: {
      Location: encoded,
      // Browsers keep a 308 forever unless told otherwise; an editor may change it.
      "Cache-Control": "public, max-age=300",
    },
    body: `<!doctype html>\n${fragment(
      h("title", {}, "Moved"),
      h("p", {}, "This page is at ", h("a", { href: encoded }, location), "."),
    ).html}\n`,
  };
}
