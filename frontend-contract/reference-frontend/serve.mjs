#!/usr/bin/env node
// Serve the built frontend (dist/) on its own origin, with no dependencies.
//
//   node serve.mjs [--port 5173] [--host 127.0.0.1] [--api http://127.0.0.1:8000] [--dir dist]
//
// Every path that is not a file gets index.html (the app routes in the
// browser). With --api (or API_BASE_URL), /config.json is answered from it,
// so one build serves any backend.

import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { createServer } from "node:http";
import { extname, join, normalize, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const { values: options } = parseArgs({
  options: {
    port: { type: "string", default: process.env.PORT ?? "5173" },
    host: { type: "string", default: process.env.HOST ?? "127.0.0.1" },
    api: { type: "string", default: process.env.API_BASE_URL ?? "" },
    dir: { type: "string", default: fileURLToPath(new URL("dist", import.meta.url)) },
  },
});

const root = resolve(options.dir);
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

async function fileFor(urlPath) {
  const relative = normalize(decodeURIComponent(urlPath)).replace(/^([/\\])+/, "");
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

const server = createServer(async (request, response) => {
  if (request.method !== "GET" && request.method !== "HEAD") {
    return send(response, 405, { Allow: "GET, HEAD" }, "");
  }
  let pathname;
  try {
    pathname = new URL(request.url ?? "/", "http://localhost").pathname;
    decodeURIComponent(pathname);
  } catch {
    return send(response, 400, { "Content-Type": "text/plain" }, "Bad request\n");
  }
  const headers = {
    "X-Content-Type-Options": "nosniff",
    // Preview links carry a token: never leak it in a Referer header.
    "Referrer-Policy": pathname.startsWith("/preview")
      ? "no-referrer"
      : "strict-origin-when-cross-origin",
  };

  if (pathname === "/config.json" && options.api) {
    const body = JSON.stringify({ apiBaseUrl: options.api });
    return send(
      response,
      200,
      { ...headers, "Content-Type": TYPES[".json"], "Cache-Control": "no-cache" },
      request.method === "HEAD" ? "" : body,
    );
  }

  let file = await fileFor(pathname);
  if (!file && extname(pathname) && !pathname.endsWith("/")) {
    return send(response, 404, { ...headers, "Content-Type": "text/plain" }, "Not found\n");
  }
  file ??= await fileFor("index.html");
  if (!file) {
    return send(
      response,
      500,
      { "Content-Type": "text/plain" },
      "dist/index.html is missing: run `npm run build`\n",
    );
  }
  const hashed = file.path.startsWith(join(root, "assets") + sep);
  response.writeHead(200, {
    ...headers,
    "Content-Type": TYPES[extname(file.path)] ?? "application/octet-stream",
    "Content-Length": file.size,
    "Cache-Control": hashed ? "public, max-age=31536000, immutable" : "no-cache",
    ...(file.path.endsWith(".html") && pathname.startsWith("/preview")
      ? { "X-Robots-Tag": "noindex" }
      : {}),
  });
  if (request.method === "HEAD") return response.end();
  createReadStream(file.path).pipe(response);
});

server.listen(Number(options.port), options.host, () => {
  const { port } = server.address();
  console.log(
    `Serving ${root} on http://${options.host}:${port}/ (API: ${options.api || "from config.json"})`,
  );
});

for (const signal of ["SIGINT", "SIGTERM"])
  process.on(signal, () => server.close(() => process.exit(0)));
