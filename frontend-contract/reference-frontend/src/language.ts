// Languages: which one a path asks for, the switcher, the fallback notice and
// text direction. The API says what it served (meta.locale) and whether that
// is a fallback (meta.fallback); this frontend never passes English off as
// French, it says "shown in English".

import { h } from "./dom";
import type { Language, Page } from "./types";

let languages: Language[] = [];

export function setLanguages(list: Language[]): void {
  languages = list;
}

/** The language a frontend path asks for: its prefix (`/fr/...`), else none. */
export function languageOfPath(path: string): string | undefined {
  const first = path.split("/")[1] ?? "";
  return languages.find((language) => !language.default && language.code === first)?.code;
}

function language(code: string): Language | undefined {
  return languages.find((item) => item.code === code);
}

/** `lang` and `dir` of the document follow the language served. */
export function applyLanguage(code: string): void {
  document.documentElement.lang = code;
  document.documentElement.dir = language(code)?.direction ?? "ltr";
}

/** "Shown in English": the page has no translation in the language asked for. */
export function fallbackNotice(page: Page): HTMLElement | "" {
  const requested = page.meta.requested_locale;
  if (!page.meta.fallback || !requested) return "";
  const served = language(page.meta.locale)?.name ?? page.meta.locale;
  const asked = language(requested)?.name ?? requested;
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
export function languageSwitcher(page: Page): HTMLElement | "" {
  const versions = page.meta.translations ?? [];
  if (versions.length < 2) return "";
  return h(
    "nav",
    { class: "language-switcher", "aria-label": "Languages" },
    h(
      "ul",
      {},
      versions.map((version) => {
        const known = language(version.locale);
        const current = version.id === page.id;
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
              "aria-current": current ? "page" : undefined,
            },
            known?.name ?? version.locale,
          ),
        );
      }),
    ),
  );
}
