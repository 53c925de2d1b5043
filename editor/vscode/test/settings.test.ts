import assert from "node:assert/strict";
import { test } from "node:test";

import { serverSettings } from "../src/settings";

test("only select, ignore and severity reach the server", () => {
  const raw = {
    server: { path: "/x" },
    interpreter: "",
    trace: { server: "off" },
    select: ["sd1", " SD301 "],
    ignore: null,
    severity: { sd303: "Info" },
  };
  assert.deepEqual(serverSettings(raw), { select: ["SD1", "SD301"], ignore: null, severity: { SD303: "info" } });
});

test("unset lists stay null so the project's config file decides", () => {
  assert.deepEqual(serverSettings({}), { select: null, ignore: null, severity: {} });
  assert.deepEqual(serverSettings(undefined), { select: null, ignore: null, severity: {} });
});

test("a single string becomes a one-item list; junk entries are dropped", () => {
  assert.deepEqual(serverSettings({ select: "SD101", ignore: ["SD2", 3, "", null] }), {
    select: ["SD101"],
    ignore: ["SD2"],
    severity: {},
  });
});

test("unknown severity levels are dropped", () => {
  assert.deepEqual(serverSettings({ severity: { SD101: "fatal", SD102: "warning", SD103: 1 } }).severity, {
    SD102: "warning",
  });
  assert.deepEqual(serverSettings({ severity: ["SD101"] }).severity, {});
});
