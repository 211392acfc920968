// A tiny DOM builder. Text is always inserted as text; the only way to insert
// markup is `richText()`, used for the API's sanitised rich text and embeds.

export type Child = Node | string | number | null | undefined | false | Child[];
type Attrs = Record<string, string | number | boolean | null | undefined>;

export function h(tag: string, attrs: Attrs = {}, ...children: Child[]): HTMLElement {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    element.setAttribute(name, value === true ? "" : String(value));
  }
  append(element, children);
  return element;
}

function append(parent: Node, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, child);
    else parent.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** HTML the API has already sanitised (rich text, provider embed markup). */
export function richText(html: string | null | undefined, className = "rich-text"): HTMLElement {
  const element = h("div", { class: className });
  element.innerHTML = html ?? "";
  return element;
}

/** Multi-line plain text (addresses) as lines separated by <br>. */
export function lines(text: string): Child[] {
  return text.split("\n").flatMap((line, index) => (index ? [h("br"), line] : [line]));
}
