// Copyright 2026 the intoto authors. Apache-2.0 license.
import assert from "node:assert/strict";
import { formatExpires, parseExpires } from "../../lib/model/date.ts";

Deno.test("parseExpires() reads YYYY-MM-DDTHH:MM:SSZ as UTC", () => {
  assert.equal(
    parseExpires("2030-01-31T12:34:56Z", "expires").getTime(),
    Date.UTC(2030, 0, 31, 12, 34, 56),
  );
  assert.equal(
    parseExpires("2024-02-29T23:59:59Z", "expires").getTime(),
    Date.UTC(2024, 1, 29, 23, 59, 59),
  );
  assert.equal(
    parseExpires("0001-01-01T00:00:00Z", "expires").toISOString(),
    "0001-01-01T00:00:00.000Z",
  );
  assert.equal(
    parseExpires("9999-12-31T23:59:59Z", "expires").toISOString(),
    "9999-12-31T23:59:59.000Z",
  );
});

Deno.test("parseExpires() rejects every other form and impossible dates", () => {
  const bad: unknown[] = [
    "2030-01-01T00:00:00+00:00",
    "2030-01-01T00:00:00.000Z",
    "2030-01-01T00:00:00.5Z",
    "2030-01-01T00:00:00z",
    "2030-01-01t00:00:00Z",
    "2030-01-01 00:00:00Z",
    "2030-01-01T00:00:00",
    "2030-01-01",
    "2030-1-01T00:00:00Z",
    "2023-02-29T00:00:00Z",
    "2030-02-30T00:00:00Z",
    "2030-04-31T00:00:00Z",
    "2030-13-01T00:00:00Z",
    "2030-00-01T00:00:00Z",
    "2030-01-00T00:00:00Z",
    "2030-01-01T24:00:00Z",
    "2030-01-01T23:60:00Z",
    "2030-01-01T23:59:60Z",
    "0000-01-01T00:00:00Z",
    "+02030-01-01T00:00:00Z",
    " 2030-01-01T00:00:00Z",
    "2030-01-01T00:00:00Z\n",
    "２０３０-01-01T00:00:00Z",
    "",
    "garbage",
    undefined,
    null,
    1893456000,
    true,
    ["2030-01-01T00:00:00Z"],
  ];
  for (const value of bad) {
    assert.throws(
      () => parseExpires(value, 'layout "root.layout" at expires'),
      (error) => {
        assert.equal((error as { code?: string }).code, "INVALID_METADATA");
        assert.match(
          (error as Error).message,
          /^Invalid layout "root\.layout" at expires: expected a UTC date as YYYY-MM-DDTHH:MM:SSZ, got /,
        );
        return true;
      },
      String(value),
    );
  }
});

Deno.test("formatExpires() writes whole seconds and round-trips", () => {
  const date = new Date(Date.UTC(2030, 5, 7, 8, 9, 10, 999));
  assert.equal(formatExpires(date), "2030-06-07T08:09:10Z");
  assert.equal(
    formatExpires(parseExpires("0042-03-04T05:06:07Z", "x")),
    "0042-03-04T05:06:07Z",
  );
  assert.throws(() => formatExpires(new Date(NaN)), { code: "USAGE" });
  assert.throws(() => formatExpires(new Date(Date.UTC(10000, 0, 1))), {
    code: "USAGE",
  });
});
