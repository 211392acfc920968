/**
 * Contract tests against a live server with the demo content.
 *
 *   API_BASE_URL=http://127.0.0.1:8000 \
 *   CONTRACT_EMAIL=... CONTRACT_PASSWORD=... npm test
 *
 * They use only the typed client, so they also prove the generated types
 * fit what the server really sends.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { before, describe, test } from "node:test";

import { KNOWN_BLOCK_TYPES } from "../src/blocks.js";
import { type Api, createApi, must, type Page, signIn } from "../src/client.js";

const BASE_URL = process.env.API_BASE_URL ?? "";
const EMAIL = process.env.CONTRACT_EMAIL ?? "";
const PASSWORD = process.env.CONTRACT_PASSWORD ?? "";
if (!BASE_URL) {
  throw new Error("Set API_BASE_URL to a running backend with the demo content.");
}

const api: Api = createApi({ baseUrl: BASE_URL });

interface SitemapEntry {
  id: number;
  type: string;
  path: string;
  access: string;
}

/** Every path of the sitemap, paging with limit/offset until `next` is null. */
async function sitemap(): Promise<SitemapEntry[]> {
  const entries: SitemapEntry[] = [];
  let offset = 0;
  let count = -1;
  for (;;) {
    const page = await must(
      api.GET("/api/v1/sitemap/", { params: { query: { limit: 10, offset } } }),
    );
    count = page.count;
    entries.push(...page.results);
    if (page.next === null) break;
    assert.ok(page.next, "next is a URL or null");
    offset = Number(new URL(page.next).searchParams.get("offset"));
  }
  assert.equal(entries.length, count, "paging saw every entry exactly once");
  return entries;
}

interface Walked {
  blocks: { type: string; path: string }[];
  renditionUrls: Set<string>;
}

/** Walk a page as a renderer would: every block, every image, every string. */
function walk(node: unknown, path: string, out: Walked): void {
  if (Array.isArray(node)) {
    node.forEach((item, index) => walk(item, `${path}[${index}]`, out));
    return;
  }
  if (node === null || typeof node !== "object") {
    if (typeof node === "string") {
      assert.ok(!node.includes("linktype="), `${path}: raw Wagtail link ${node}`);
      assert.ok(!node.includes("<embed"), `${path}: raw Wagtail embed ${node}`);
    }
    return;
  }
  const record = node as Record<string, unknown>;
  // A StreamField block: {type, id (a UUID string), value}.
  if (
    typeof record.type === "string" &&
    typeof record.id === "string" &&
    "value" in record
  ) {
    out.blocks.push({ type: record.type, path });
  }
  // An image: renditions by name, each {url, width, height}.
  if (record.renditions && typeof record.renditions === "object") {
    for (const rendition of Object.values(record.renditions)) {
      out.renditionUrls.add((rendition as { url: string }).url);
    }
  }
  for (const [key, value] of Object.entries(record)) {
    walk(value, `${path}.${key}`, out);
  }
}

describe("pages", () => {
  let entries: SitemapEntry[] = [];
  const resolved = new Map<string, Page>();
  const walked: Walked = { blocks: [], renditionUrls: new Set() };

  before(async () => {
    entries = await sitemap();
  });

  test("every demo page resolves by its path to its type", async () => {
    assert.ok(entries.length > 10, "the demo content is loaded");
    for (const entry of entries) {
      const { data, error, response } = await api.GET("/api/v1/pages/resolve/", {
        params: { query: { path: entry.path } },
      });
      assert.equal(response.status, 200, `${entry.path}: ${JSON.stringify(error)}`);
      assert.ok(data && !("redirect" in data), `${entry.path} is a page`);
      const page = data as Page;
      assert.equal(page.type, entry.type);
      assert.equal(page.id, entry.id);
      assert.equal(page.meta.path, entry.path);
      assert.equal(page.meta.access, entry.access);
      resolved.set(entry.path, page);
    }
  });

  test("every block of every StreamField is a known component", () => {
    for (const [path, page] of resolved) walk(page, path, walked);
    assert.ok(walked.blocks.length > 20, "the demo pages have blocks");
    const unknown = walked.blocks.filter((b) => !KNOWN_BLOCK_TYPES.has(b.type));
    assert.deepEqual(unknown, [], "blocks without a component");
  });

  test("every image rendition URL serves an image", async () => {
    assert.ok(walked.renditionUrls.size > 0, "the demo pages have images");
    for (const url of walked.renditionUrls) {
      assert.ok(url.startsWith(BASE_URL), `${url} is absolute, on the backend`);
      const response = await fetch(url);
      assert.equal(response.status, 200, url);
      assert.match(response.headers.get("content-type") ?? "", /^image\//, url);
      await response.arrayBuffer();
    }
  });

  test("a detail by id is the same page as resolve gives", async () => {
    const [path, page] = [...resolved][0]!;
    const byId = await must(
      api.GET("/api/v1/pages/{id}/", { params: { path: { id: page.id } } }),
    );
    assert.equal(byId.id, page.id, path);
    assert.equal(byId.type, page.type);
  });

  test("an unknown path is a 404 problem", async () => {
    const { error, response } = await api.GET("/api/v1/pages/resolve/", {
      params: { query: { path: "/no/such/page/" } },
    });
    assert.equal(response.status, 404);
    assert.equal(response.headers.get("content-type"), "application/problem+json");
    assert.equal((error as { status?: number }).status, 404);
  });

  test("a published page answers If-None-Match with 304", async () => {
    const path = entries[0]!.path;
    const first = await fetch(
      `${BASE_URL}/api/v1/pages/resolve/?path=${encodeURIComponent(path)}`,
    );
    const etag = first.headers.get("etag");
    assert.ok(etag, "an ETag");
    assert.match(first.headers.get("cache-control") ?? "", /max-age=/);
    const again = await fetch(
      `${BASE_URL}/api/v1/pages/resolve/?path=${encodeURIComponent(path)}`,
      { headers: { "If-None-Match": etag } },
    );
    assert.equal(again.status, 304);
  });
});

describe("listings", () => {
  test("pages/ pages through with limit and offset until next is null", async () => {
    const seen = new Set<number>();
    let offset = 0;
    let count = 0;
    for (let guard = 0; guard < 100; guard++) {
      const page = await must(
        api.GET("/api/v1/pages/", { params: { query: { limit: 4, offset } } }),
      );
      count = page.count;
      assert.ok(page.results.length <= 4);
      for (const item of page.results) {
        assert.ok(!seen.has(item.id), `page ${item.id} seen twice`);
        seen.add(item.id);
      }
      if (page.next === null) break;
      offset += 4;
    }
    assert.equal(seen.size, count);
  });

  test("a limit over 100 is a 400 problem naming the field", async () => {
    const { error, response } = await api.GET("/api/v1/pages/", {
      params: { query: { limit: 101 } },
    });
    assert.equal(response.status, 400);
    const problem = error as { errors?: Record<string, unknown> };
    assert.ok(problem.errors && "limit" in problem.errors);
  });

  test("grants and membership listings are complete", async () => {
    const schemes = await must(api.GET("/api/v1/grants/schemes/"));
    assert.equal(schemes.results.length, schemes.count);
    assert.ok(schemes.count >= 3);
    const rounds = await must(
      api.GET("/api/v1/grants/rounds/", { params: { query: { status: "open" } } }),
    );
    assert.ok(rounds.results.every((round) => round.status === "open"));
    const types = await must(api.GET("/api/v1/membership/types/"));
    assert.ok(types.count >= 1);
  });
});

describe("grant application draft", { skip: !EMAIL && "no CONTRACT_EMAIL" }, () => {
  test("a signed-in applicant starts a draft for an open round", async () => {
    const token = await signIn(api, { email: EMAIL, password: PASSWORD });
    const me = createApi({ baseUrl: BASE_URL, sessionToken: token });
    const rounds = await must(
      me.GET("/api/v1/grants/rounds/", { params: { query: { status: "open" } } }),
    );
    const round = rounds.results[0];
    assert.ok(round, "an open round");
    const key = randomUUID();
    const body = {
      round: round.id,
      project_title: "Contract test: shared cataloguing",
      organisation: { name: "Contract Library", country: "GH" as const },
    };
    const create = () =>
      me.POST("/api/v1/grants/applications/", {
        body,
        params: { header: { "Idempotency-Key": key } },
      });
    const first = await create();
    assert.equal(first.response.status, 201, JSON.stringify(first.error));
    const draft = first.data!;
    assert.equal(draft.status, "draft");
    assert.equal(draft.round, round.id);
    // A retry with the same key returns the first result, not a second draft.
    const retry = await create();
    assert.equal(retry.data?.id, draft.id);
    const mine = await must(me.GET("/api/v1/grants/applications/"));
    assert.deepEqual(
      mine.results.map((a) => a.id),
      [draft.id],
    );
  });

  test("without a session the draft is refused with a problem", async () => {
    const { response } = await api.POST("/api/v1/grants/applications/", {
      body: { round: 1 },
    });
    assert.ok([401, 403].includes(response.status));
    assert.equal(response.headers.get("content-type"), "application/problem+json");
  });
});
