// ESLint flat config: Next.js rules (React, react-hooks, core web vitals) plus typescript-eslint.
// Formatting is Prettier's job (npm run format:check), so no stylistic rules here.
import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  globalIgnores([
    ".next/**",
    ".next-*/**",
    "lib/generated/**",
    "prisma/migrations/**",
    "bench/results/**",
    "test-results/**",
    "playwright-report/**",
    "data/**",
    "tmp/**",
    "next-env.d.ts",
  ]),
  {
    rules: {
      // An argument or binding named with a leading underscore is unused on purpose (an interface's shape).
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_", ignoreRestSiblings: true },
      ],
    },
  },
]);
