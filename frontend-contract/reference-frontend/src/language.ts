// Languages: the switcher, the fallback notice and text direction. The API
// says what it served (meta.locale) and whether that is a fallback
// (meta.fallback); this frontend never passes English off as French, it says
// "shown in English". The site's languages (names, direction) come from
// `GET site/`, passed in: the server renders many requests at once.

import type { Page, Schemas } from "../../src/client";
import { type Attrs, h, type Html } from "./html";

export type Language = Schemas["Language"];

function find(languages: Language[], code: string): Language | undefined {
  return languages.find((item) => item.code === code);
}

/** Text direction of a language: `dir` of the document. */
export function direction(languages: Language[], code: string): "ltr" | "rtl" {
  return find(languages, code)?.direction ?? "ltr";
}

/** "Shown in English": the page has no translation in the language asked for. */
export function fallbackNotice(page: Page, languages: Language[]): Html | null {
  const requested = page.meta.requested_locale;
  if (!page.meta.fallback || !requested) return null;
  const served = find(languages, page.meta.locale)?.name ?? page.meta.locale;
  const asked = find(languages, requested)?.name ?? requested;
  return h(
    "p",
    {
      class: "fallback-notice",
      role: "note",
      "data-requested-locale": requested,
      "data-served-locale": page.meta.locale,
      lang: "en",
      dir: "ltr",
    },
    `Not yet available in ${asked}: shown in ${served}.`,
  );
}

/** Links to each published translation of the page, named in its own language. */
export function languageSwitcher(page: Page, languages: Language[]): Html | null {
  const versions = page.meta.translations ?? [];
  if (versions.length < 2) return null;
  return h(
    "nav",
    { class: "language-switcher", "aria-label": "Languages" },
    h(
      "ul",
      {},
      versions.map((version) => {
        const known = find(languages, version.locale);
        return h(
          "li",
          {},
          h(
            "a",
            {
              href: version.path,
              hreflang: version.locale,
              lang: version.locale,
              dir: known?.direction ?? "ltr",
              "data-locale": version.locale,
              "aria-current": version.id === page.id ? "page" : null,
            },
            known?.name ?? version.locale,
          ),
        );
      }),
    ),
  );
}

/** `<link rel="alternate" hreflang>` for every published version, and x-default. */
export function alternates(page: Page, languages: Language[], attrs: Attrs = {}): Html[] {
  const versions = page.meta.translations ?? [];
  if (versions.length < 2) return [];
  const fallback = versions.find((version) => find(languages, version.locale)?.default);
  return [
    ...versions.map((version) =>
      h("link", { ...attrs, rel: "alternate", hreflang: version.locale, href: version.url }),
    ),
    fallback
      ? h("link", { ...attrs, rel: "alternate", hreflang: "x-default", href: fallback.url })
      : null,
  ].filter((link): link is Html => link !== null);
}
