// A tiny HTML builder shared by the server and the browser: renderers return
// `Html` (escaped markup as a string), the server sends it, the browser sets
// it as `innerHTML`. Text and attribute values are always escaped; the only
// way to insert markup is `raw()`, used for the API's sanitised rich text and
// provider embeds.

/** Markup that is safe to insert as is. Build it with `h()` or `raw()`. */
export class Html {
  constructor(readonly html: string) {}
  toString(): string {
    return this.html;
  }
}

export type Child = Html | string | number | null | undefined | false | Child[];
export type Attrs = Record<string, string | number | boolean | null | undefined>;

// Elements without content or end tag (HTML's "void elements" that we use).
const VOID = new Set(["br", "hr", "img", "input", "link", "meta", "source"]);
const TAG = /^[a-z][a-z0-9-]*$/;
const ATTRIBUTE = /^[a-zA-Z_:][-a-zA-Z0-9_:.]*$/;

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);
}

export function h(tag: string, attrs: Attrs = {}, ...children: Child[]): Html {
  // Tag and attribute names come from this code, never from the API (a
  // heading's level is an enum of h2-h4): refuse anything else outright.
  if (!TAG.test(tag)) throw new Error(`Not an element name: ${tag}`);
  let open = `<${tag}`;
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (!ATTRIBUTE.test(name)) throw new Error(`Not an attribute name: ${name}`);
    open += value === true ? ` ${name}` : ` ${name}="${escapeHtml(String(value))}"`;
  }
  if (VOID.has(tag)) return new Html(`${open}>`);
  return new Html(`${open}>${join(children)}</${tag}>`);
}

/** Children in order: text escaped, markup as built. */
export function join(children: Child[]): string {
  let html = "";
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) html += join(child);
    else if (child instanceof Html) html += child.html;
    else html += escapeHtml(String(child));
  }
  return html;
}

export function fragment(...children: Child[]): Html {
  return new Html(join(children));
}

/** HTML the API has already sanitised (rich text, provider embed markup). */
export function raw(html: string | null | undefined): Html {
  return new Html(html ?? "");
}

/** A rich text field: the API's sanitised HTML in a wrapper. */
export function richText(html: string | null | undefined, className = "rich-text"): Html {
  return h("div", { class: className }, raw(html));
}

/** Multi-line plain text (addresses) as lines separated by <br>. */
export function lines(text: string): Child[] {
  return text.split("\n").flatMap((line, index) => (index ? [h("br"), line] : [line]));
}

/** JSON inside a <script type="application/json">: `<` escaped so it cannot close it. */
export function jsonScript(id: string, data: unknown): Html {
  const json = JSON.stringify(data).replace(/</g, "\\u003c");
  return new Html(`<script type="application/json" id="${escapeHtml(id)}">${json}</script>`);
}
