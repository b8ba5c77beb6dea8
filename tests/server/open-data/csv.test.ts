import { describe, expect, it } from "vitest";
import { csvCell, csvRow } from "@/server/domain/open-data/csv";

describe("csvCell", () => {
  it("writes plain text and numbers as they are", () => {
    expect(csvCell("pothole")).toBe("pothole");
    expect(csvCell(-73.25)).toBe("-73.25");
    expect(csvCell(null)).toBe("");
    expect(csvCell(new Date("2026-01-31T10:00:00Z"))).toBe("2026-01-31T10:00:00.000Z");
  });

  it("quotes commas, quotes and line breaks, doubling the quotes", () => {
    expect(csvCell("a, b")).toBe('"a, b"');
    expect(csvCell('the "big" one')).toBe('"the ""big"" one"');
    expect(csvCell("line one\nline two")).toBe('"line one\nline two"');
    expect(csvCell("cr\rhere")).toBe('"cr\rhere"');
  });

  it("defuses text a spreadsheet would run as a formula (OWASP)", () => {
    for (const start of ["=", "+", "-", "@", "\t", "\r"]) {
      const cell = csvCell(`${start}HYPERLINK("http://evil.example","x")`);
      expect(cell.startsWith(`"'${start}`)).toBe(true);
    }
    expect(csvCell("=1+1")).toBe(`"'=1+1"`);
    expect(csvCell("-5 degrees")).toBe(`"'-5 degrees"`);
  });

  it("ends a record with CRLF", () => {
    expect(csvRow(["a", 1, null, "b,c"])).toBe('a,1,,"b,c"\r\n');
  });
});
