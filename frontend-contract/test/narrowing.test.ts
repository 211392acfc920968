/**
 * `listPages` types `results` by the requested type, and sends what the API
 * expects. No server: a fake `fetch` records the request.
 *
 *   npx tsc -p tsconfig.test.json && node --test build/test/narrowing.test.js
 *
 * The type assertions are checked by `tsc` (`npm run typecheck`): a wrong
 * narrowing does not compile.
 */
import assert from "node:assert/strict";
import { test } from "node:test";

import { createApi, listPages, type PageCardOf, type PageOf } from "../src/client.js";

type Equal<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function expectType<T extends true>(_: T): void {}

function fakeApi(body: unknown): { api: ReturnType<typeof createApi>; urls: string[] } {
  const urls: string[] = [];
  const api = createApi({
    baseUrl: "http://api.test",
    fetch: async (input: RequestInfo | URL) => {
      urls.push(input instanceof Request ? input.url : String(input));
      return new Response(JSON.stringify(body), {
        status: 200,
        headers: { "Content-Type": "application/json" },
      });
    },
  });
  return { api, urls };
}

const EMPTY = { count: 0, next: null, previous: null, results: [] };

test("one type: results are that type's cards", async () => {
  const { api, urls } = fakeApi(EMPTY);
  const events = await listPages(api, { type: "event", order: "date" });
  const first = events.results[0];
  if (first) {
    expectType<Equal<typeof first.type, "event">>(true);
    // A card field of events, without a cast.
    const starts: string = first.starts_at;
    const meta: PageOf<"event">["meta"] = first.meta;
    void starts;
    void meta;
  }
  const url = new URL(urls[0] ?? "");
  assert.equal(url.pathname, "/api/v1/pages/");
  assert.equal(url.searchParams.get("type"), "event");
  assert.equal(url.searchParams.get("order"), "date");
  assert.equal(url.searchParams.get("fields"), null);
});

test("several types: a union of exactly those cards", async () => {
  const { api, urls } = fakeApi(EMPTY);
  const listed = await listPages(api, { type: ["award", "event"] });
  type Item = (typeof listed.results)[number];
  expectType<Equal<Item["type"], "award" | "event">>(true);
  const item = listed.results[0];
  if (item && item.type === "award") {
    const card: PageCardOf<"award">["status"] = item.status;
    void card;
  }
  assert.equal(new URL(urls[0] ?? "").searchParams.get("type"), "award,event");
});

test("fields: exactly those, with id and type", async () => {
  const { api, urls } = fakeApi(EMPTY);
  const trimmed = await listPages(api, { type: "strategy_update", fields: ["title"] });
  type Item = (typeof trimmed.results)[number];
  expectType<Equal<keyof Item, "id" | "type" | "title">>(true);
  const all = await listPages(api, { type: "grant_scheme", fields: "*" });
  type Full = (typeof all.results)[number];
  expectType<Equal<Full, PageOf<"grant_scheme">>>(true);
  assert.equal(new URL(urls[0] ?? "").searchParams.get("fields"), "title");
  assert.equal(new URL(urls[1] ?? "").searchParams.get("fields"), "*");
});
