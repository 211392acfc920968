import { defineConfig } from "vite";

// Two builds from one source (`npm run build` runs both):
//   vite build                             index.html -> dist/ (the browser's
//                                          code, hashed, with a manifest that
//                                          names the entry for the server)
//   vite build --ssr src/entry-server.ts   -> dist-server/entry-server.js, the
//                                          renderer serve.mjs loads, with its
//                                          dependencies bundled in
export default defineConfig(({ isSsrBuild }) => ({
  build: isSsrBuild
    ? { target: "node20", outDir: "dist-server", copyPublicDir: false, sourcemap: true }
    : { target: "es2022", sourcemap: true, manifest: true },
  // The server bundle needs no node_modules at run time (openapi-fetch is
  // bundled), so dist/ + dist-server/ + serve.mjs are the whole deployment.
  ssr: { noExternal: true },
  // `npm run dev` also serves the typed client from ../src (frontend-contract).
  server: { port: 5173, strictPort: true, fs: { allow: [".."] } },
}));
