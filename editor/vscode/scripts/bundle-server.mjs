// Runs scripts/bundle_server.py with the Python named by SYNCDSL_BUNDLE_PYTHON (default: python3, or
// python on Windows), so `npm run package` can fill bundled/libs on any platform npm runs on.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const python = process.env.SYNCDSL_BUNDLE_PYTHON || (process.platform === "win32" ? "python" : "python3");
const script = fileURLToPath(new URL("./bundle_server.py", import.meta.url));
const result = spawnSync(python, [script], { stdio: "inherit" });
if (result.error) {
  console.error(`cannot run ${python}: ${result.error.message} (set SYNCDSL_BUNDLE_PYTHON to a Python 3.10+ with pip)`);
  process.exit(1);
}
process.exit(result.status ?? 1);
