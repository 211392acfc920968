#!/usr/bin/env node
// Serve the built frontend on its own origin, rendering pages on the server.
//
//   node serve.mjs [--port 5173] [--host 127.0.0.1] [--api http://127.0.0.1:8000]
//                  [--api-key KEY] [--dir dist] [--ssr dist-server]
//
// Files in dist/ (hashed assets, config.json) are served as they are; every
// other path is rendered by dist-server/entry-server.js (`npm run build`
// builds both) from the API at --api (or API_BASE_URL): a full HTML page,
// a redirect to the canonical path, a 404 page, or a 502/503 when the API
// fails. This file owns HTTP; the renderer owns what a path shows. No
// dependencies beyond Node itself.

import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { createServer } from "node:http";
import { extname, join, normalize, resolve, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";

const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const { values: options } = parseArgs({
  options: {
    port: { type: "string", default: process.env.PORT ?? "5173" },
    host: { type: "string", default: process.env.HOST ?? "127.0.0.1" },
    api: { type: "string", default: process.env.API_BASE_URL ?? "http://127.0.0.1:8000" },
    // A partner key for the server's API requests; never sent to browsers.
    "api-key": { type: "string", default: process.env.API_KEY ?? "" },
    dir: { type: "string", default: here("dist") },
    ssr: { type: "string", default: here("dist-server") },
  },
});

const root = resolve(options.dir);
const apiBaseUrl = options.api.replace(/\/+$/, "");
const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".map": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".txt": "text/plain; charset=utf-8",
};

const render = await loadRenderer();

/** The renderer, told which built script and styles the pages load. */
async function loadRenderer() {
  let manifest;
  try {
    manifest = JSON.parse(await readFile(join(root, ".vite", "manifest.json"), "utf8"));
  } catch {
    fail(`${root}/.vite/manifest.json is missing: run \`npm run build\``);
  }
  const entry = Object.values(manifest).find((chunk) => chunk.isEntry);
  if (!entry) fail("the build manifest names no entry: run `npm run build`");
  let module;
  try {
    module = await import(pathToFileURL(join(resolve(options.ssr), "entry-server.js")).href);
  } catch (error) {
    fail(`${options.ssr}/entry-server.js could not be loaded (run \`npm run build\`): ${error}`);
  }
  return module.createRenderer({
    apiBaseUrl,
    apiKey: options["api-key"] || undefined,
    assets: { scripts: [`/${entry.file}`], styles: (entry.css ?? []).map((css) => `/${css}`) },
  });
}

function fail(message) {
  console.error(`serve.mjs: ${message}`);
  process.exit(1);
}

async function fileFor(urlPath) {
  const relative = normalize(decodeURIComponent(urlPath)).replace(/^([/\\])+/, "");
  // index.html is only Vite's entry (pages are rendered), and .vite/ its
  // manifest: neither is a page.
  if (relative === "index.html" || relative.split(/[/\\]/).some((part) => part.startsWith("."))) {
    return null;
  }
  const path = join(root, relative);
  if (path !== root && !path.startsWith(root + sep)) return null; // no ../ escapes
  try {
    const info = await stat(path);
    if (info.isFile()) return { path, size: info.size };
  } catch {
    // not a file: fall through
  }
  return null;
}

function send(response, status, headers, body) {
  response.writeHead(status, headers);
  response.end(body);
}

/** A strong validator of the rendered bytes: a reload of an unchanged page is a 304. */
function etagOf(body) {
  return `"${createHash("sha256").update(body).digest("base64url").slice(0, 32)}"`;
}

function matches(ifNoneMatch, etag) {
  if (!ifNoneMatch) return false;
  return ifNoneMatch
    .split(",")
    .map((tag) => tag.trim().replace(/^W\//, ""))
    .some((tag) => tag === etag || tag === "*");
}

const server = createServer(async (request, response) => {
  if (request.method !== "GET" && request.method !== "HEAD") {
    return send(response, 405, { Allow: "GET, HEAD" }, "");
  }
  let url;
  try {
    url = new URL(request.url ?? "/", "http://localhost");
    decodeURIComponent(url.pathname);
  } catch {
    return send(response, 400, { "Content-Type": "text/plain" }, "Bad request\n");
  }
  const { pathname } = url;
  const headers = {
    "X-Content-Type-Options": "nosniff",
    // Preview links carry a token: never leak it in a Referer header.
    "Referrer-Policy": pathname.startsWith("/preview")
      ? "no-referrer"
      : "strict-origin-when-cross-origin",
  };
  const head = request.method === "HEAD";

  if (pathname === "/config.json") {
    // For a build served without this server's rendering (`npm run dev`).
    const body = JSON.stringify({ apiBaseUrl });
    return send(
      response,
      200,
      { ...headers, "Content-Type": TYPES[".json"], "Cache-Control": "no-cache" },
      head ? "" : body,
    );
  }

  const file = await fileFor(pathname);
  if (file) {
    const hashed = file.path.startsWith(join(root, "assets") + sep);
    response.writeHead(200, {
      ...headers,
      "Content-Type": TYPES[extname(file.path)] ?? "application/octet-stream",
      "Content-Length": file.size,
      "Cache-Control": hashed ? "public, max-age=31536000, immutable" : "no-cache",
    });
    if (head) return response.end();
    return createReadStream(file.path).pipe(response);
  }
  if (extname(pathname) && !pathname.endsWith("/")) {
    // A missing asset, not a page: no need to ask the API.
    return send(response, 404, { ...headers, "Content-Type": "text/plain" }, "Not found\n");
  }

  let rendered;
  try {
    rendered = await render(url);
  } catch (error) {
    console.error(`Rendering ${pathname} failed`, error);
    return send(
      response,
      500,
      { ...headers, "Content-Type": "text/plain", "Cache-Control": "no-store" },
      "Internal server error\n",
    );
  }
  const body = Buffer.from(rendered.body);
  const etag = rendered.status === 200 ? etagOf(body) : null;
  const all = {
    ...headers,
    "Content-Type": TYPES[".html"],
    ...rendered.headers,
    ...(etag ? { ETag: etag } : {}),
  };
  if (etag && matches(request.headers["if-none-match"], etag)) {
    const { "Content-Type": _type, ...rest } = all;
    return send(response, 304, rest, "");
  }
  send(response, rendered.status, { ...all, "Content-Length": body.length }, head ? "" : body);
});

server.listen(Number(options.port), options.host, () => {
  const { port } = server.address();
  console.log(`Serving ${root} on http://${options.host}:${port}/ (API: ${apiBaseUrl})`);
});

for (const signal of ["SIGINT", "SIGTERM"])
  process.on(signal, () => server.close(() => process.exit(0)));
