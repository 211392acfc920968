// The browser side. The server has already rendered the page (serve.mjs);
// this takes over from there: links to other pages of the site load through
// the API and render with the same functions, without a reload. Without the
// server (`npm run dev`), it renders the first page too.
//
// Routes:
//   /preview/?content_type=&token=  the draft an editor is previewing
//   anything else                   the page at that path, via pages/resolve/

import { createApi } from "../../src/client";
import {
  bodyContent,
  documentLanguage,
  footerContent,
  headerAttrs,
  headerContent,
  headTags,
  mainContent,
  type SiteInfo,
  type View,
} from "./layout";
import {
  type AppState,
  isPreviewPath,
  loadChrome,
  loadUrl,
  type Source,
} from "./load";
import "./style.css";

const MAX_REDIRECTS = 5;
const FALLBACK_API_BASE_URL = "http://127.0.0.1:8000";

let source: Source;
let site: SiteInfo | null = null;
let chromeLocale: string | null = null;

async function start(): Promise<void> {
  const rendered = document.getElementById("app-state");
  if (rendered?.textContent) {
    const state = JSON.parse(rendered.textContent) as AppState;
    source = browserSource(state.apiBaseUrl);
    site = state.site;
    chromeLocale = state.chromeLocale;
    listen();
    // Rendered for anyone: a signed-in member gets the body with their cookies.
    if (state.locked) await route();
  } else {
    source = browserSource(await configuredApiBaseUrl());
    document.body.innerHTML = bodyContent(null, null, "").html;
    listen();
    await route();
  }
  document.body.dataset.ready = "true"; // lets tests know the app has taken over
}

function browserSource(apiBaseUrl: string): Source {
  return {
    api: createApi({ baseUrl: apiBaseUrl }),
    init: {
      // A signed-in member's session cookie unlocks members-only bodies.
      credentials: "include",
      // Revalidate every time: the API answers 304 (ETag) when nothing
      // changed, and an editor who has just published sees it at once.
      cache: "no-cache",
    },
  };
}

/** Without the server: the API's address from /config.json, else the dev default. */
async function configuredApiBaseUrl(): Promise<string> {
  try {
    const response = await fetch("/config.json", { cache: "no-store" });
    if (response.ok) {
      const config = (await response.json()) as { apiBaseUrl?: string };
      if (config.apiBaseUrl) return config.apiBaseUrl;
    }
  } catch {
    // keep the fallback
  }
  return FALLBACK_API_BASE_URL;
}

function listen(): void {
  document.addEventListener("click", followInternalLinks);
  window.addEventListener("popstate", () => void route());
}

function main(): HTMLElement {
  return document.getElementById("content")!;
}

async function route(hops = 0): Promise<void> {
  const { pathname, search } = window.location;
  main().setAttribute("aria-busy", "true");
  try {
    const outcome = await loadUrl(source, pathname, search);
    if (outcome.kind === "redirect") {
      const target = new URL(outcome.location, window.location.origin);
      if (target.origin !== window.location.origin) {
        window.location.replace(target.href);
        return;
      }
      // The canonical path of the page just loaded keeps the query; show it at once.
      const query = outcome.page ? search : target.search;
      history.replaceState(null, "", target.pathname + query + target.hash);
      if (outcome.page) {
        show({ kind: "page", page: outcome.page, preview: false, socialImage: null });
      } else if (hops < MAX_REDIRECTS) {
        await route(hops + 1);
      } else {
        show({ kind: "error", status: 502 });
      }
      return;
    }
    if (outcome.kind === "error") {
      show({ kind: "error", status: outcome.status });
      return;
    }
    show({ kind: "page", page: outcome.page, preview: isPreviewPath(pathname), socialImage: null });
  } finally {
    main().removeAttribute("aria-busy");
  }
}

function show(view: View): void {
  const { lang, dir } = documentLanguage(view, site?.languages ?? []);
  document.documentElement.lang = lang;
  document.documentElement.dir = dir;
  for (const element of document.head.querySelectorAll("[data-head]")) element.remove();
  document.head.insertAdjacentHTML("beforeend", headTags(view, site).html);
  document.body.classList.toggle("is-preview", view.kind === "page" && view.preview);
  main().innerHTML = mainContent(view, site).html;
  if (view.kind === "page") {
    const { meta } = view.page;
    void showChrome(meta.requested_locale ?? meta.locale, meta.path);
  }
  markCurrentNavigation(window.location.pathname);
}

/** Site chrome in the language asked for; a failure there never hides the page. */
async function showChrome(locale: string, currentPath: string): Promise<void> {
  if (locale === chromeLocale) return;
  chromeLocale = locale;
  const chrome = await loadChrome(source, locale);
  if (!chrome || chromeLocale !== locale) return;
  site = { name: chrome.site.name, languages: chrome.site.languages };
  const header = document.querySelector<HTMLElement>("header.site-header")!;
  const { lang, dir } = headerAttrs(chrome);
  if (lang) header.lang = lang;
  if (dir) header.dir = dir;
  header.innerHTML = headerContent(chrome, currentPath).html;
  document.querySelector("footer.site-footer")!.innerHTML = footerContent(chrome).html;
  markCurrentNavigation(window.location.pathname);
}

function markCurrentNavigation(path: string): void {
  for (const link of document.querySelectorAll<HTMLAnchorElement>("header a[data-path]")) {
    if (link.dataset.path === path) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
}

/** Same-origin links (rich text links are frontend URLs too) route without a reload. */
function followInternalLinks(event: MouseEvent): void {
  if (event.defaultPrevented || event.button !== 0) return;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const link = (event.target as Element | null)?.closest?.("a");
  if (!link || link.target || link.hasAttribute("download")) return;
  const url = new URL(link.href, window.location.href);
  if (url.origin !== window.location.origin) return;
  event.preventDefault();
  if (url.pathname + url.search !== window.location.pathname + window.location.search) {
    history.pushState(null, "", url.pathname + url.search + url.hash);
    window.scrollTo(0, 0);
  }
  void route().then(() => main().focus({ preventScroll: true }));
}

void start();
