import { defineConfig } from "vitest/config";
import react from "@vitejs/plugin-react";

// Django serves the built files from /static/ui/ (WhiteNoise); `npm run dev` proxies the API.
export default defineConfig({
  base: "/static/ui/",
  plugins: [react()],
  build: { outDir: "dist", emptyOutDir: true, chunkSizeWarningLimit: 2000 },
  server: {
    proxy: {
      "/api": "http://127.0.0.1:8000",
      "/accounts": "http://127.0.0.1:8000",
    },
  },
  test: { environment: "node", include: ["src/**/*.test.ts"] },
});
