// Lint: eslint's recommended rules everywhere; typescript-eslint's type-aware strict rules on the TypeScript.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

const nodeGlobals = {
  require: "readonly",
  module: "writable",
  process: "readonly",
  __dirname: "readonly",
  console: "readonly",
  setInterval: "readonly",
  setTimeout: "readonly",
  clearInterval: "readonly",
  URL: "readonly",
};

export default tseslint.config(
  { ignores: ["dist/**", "out/**", "node_modules/**", "*.mjs"] },
  js.configs.recommended,
  {
    files: ["**/*.ts"],
    extends: [...tseslint.configs.strictTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/restrict-template-expressions": ["error", { allowNumber: true }],
      eqeqeq: "error",
      "no-console": "error",
    },
  },
  {
    // node:test's test() and describe() return promises the runner itself awaits.
    files: ["test/**/*.ts"],
    rules: { "@typescript-eslint/no-floating-promises": "off" },
  },
  {
    // Build helpers (ES modules run by node).
    files: ["scripts/**/*.mjs"],
    languageOptions: { sourceType: "module", globals: nodeGlobals },
  },
  {
    // The smoke test's plain-JavaScript stand-in for VS Code and its driver (CommonJS, run by node).
    files: ["test/smoke/**/*.js"],
    languageOptions: { sourceType: "commonjs", globals: nodeGlobals },
    rules: { eqeqeq: "error", "no-unused-vars": ["error", { args: "none" }] },
  },
);
