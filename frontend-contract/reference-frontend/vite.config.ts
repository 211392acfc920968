import { defineConfig } from "vite";

// Nothing to configure beyond the defaults: index.html in, dist/ out, and
// public/config.json copied next to index.html (the server may override it).
export default defineConfig({
  build: { target: "es2022", sourcemap: true },
  server: { port: 5173, strictPort: true },
});
