import { describe, expect, it } from "vitest";
import { firstInvalid, hasErrors, placeServerErrors } from "@/lib/form-errors";
import { describePoint, pinStep, roundPoint } from "@/lib/map-keyboard";
import { checkReportField, REPORT_FIELDS, type ReportValues } from "@/lib/report-form-checks";
import { labelsIn } from "../support/labels";

const { FORM_MESSAGES } = labelsIn("en");

const FIELDS = ["title", "description", "latitude"] as const;

describe("placeServerErrors", () => {
  it("puts each field's first message next to it, and keeps no field name in the words", () => {
    const placed = placeServerErrors(FIELDS, {
      message: "Title must be at least 5 characters",
      data: { field: "title", fieldErrors: { title: ["Title must be at least 5 characters", "second"], latitude: ["Choose the location on the map or type its coordinates"] } },
    });
    expect(placed).toEqual({
      fields: { title: "Title must be at least 5 characters", latitude: "Choose the location on the map or type its coordinates" },
      form: null,
    });
  });

  it("a message about a field the form does not show, or about none, is the form's", () => {
    expect(placeServerErrors(FIELDS, { message: "This form already filed report CL-2026-000001.", data: { field: "submissionKey", fieldErrors: { submissionKey: ["This form already filed report CL-2026-000001."] } } })).toEqual({
      fields: {},
      form: "This form already filed report CL-2026-000001.",
    });
    expect(placeServerErrors(FIELDS, { message: "CivicLens did not answer.", data: undefined })).toEqual({ fields: {}, form: "CivicLens did not answer." });
    expect(placeServerErrors(FIELDS, { message: "Too many reports today.", data: { field: null, fieldErrors: null } })).toEqual({ fields: {}, form: "Too many reports today." });
  });

  it("maps a server path onto the form's own field name", () => {
    expect(placeServerErrors(["location"] as const, { message: "m", data: { fieldErrors: { latitude: ["m"] } } }, { latitude: "location" }).fields).toEqual({ location: "m" });
  });

  it("a field error with only `field` (a domain AppError) uses the message", () => {
    expect(placeServerErrors(["phone"] as const, { message: "Enter a valid mobile number", data: { field: "phone" } }).fields).toEqual({ phone: "Enter a valid mobile number" });
  });
});

describe("firstInvalid", () => {
  it("follows the order the form shows its fields, not the order errors came in", () => {
    expect(firstInvalid(FIELDS, { latitude: "x", title: "y" })).toBe("title");
    expect(firstInvalid(FIELDS, {})).toBeNull();
    expect(hasErrors({ title: undefined })).toBe(false);
  });
});

describe("the report form's checks", () => {
  const ok: ReportValues = { title: "Deep pothole", description: "Wide enough to swallow a wheel.", latitude: "12.97", longitude: "77.59", address: "" };
  const errors = (v: ReportValues) => Object.fromEntries(REPORT_FIELDS.map((f) => [f, checkReportField(f, v, FORM_MESSAGES)]).filter(([, m]) => m));

  it("passes a complete report", () => expect(errors(ok)).toEqual({}));

  it("says a missing location as what to do, once, not as two number errors", () => {
    expect(errors({ ...ok, latitude: "", longitude: "" })).toEqual({ location: FORM_MESSAGES.locationMissing });
  });

  it("refuses coordinates out of range or not numbers, each next to its input", () => {
    expect(errors({ ...ok, latitude: "91" })).toEqual({ latitude: FORM_MESSAGES.latitudeInvalid });
    expect(errors({ ...ok, longitude: "east" })).toEqual({ longitude: FORM_MESSAGES.longitudeInvalid });
    expect(errors({ ...ok, longitude: "" })).toEqual({ longitude: FORM_MESSAGES.longitudeInvalid });
  });

  it("counts a title and description without their surrounding spaces", () => {
    expect(errors({ ...ok, title: "  Dark  ", description: "   short    " })).toEqual({ title: FORM_MESSAGES.titleShort, description: FORM_MESSAGES.descriptionShort });
  });
});

describe("the pin by keyboard", () => {
  it("moves by a step per arrow, further with Shift, and ignores other keys", () => {
    expect(pinStep("ArrowUp", false)).toEqual({ dx: 0, dy: -10 });
    expect(pinStep("ArrowRight", true)).toEqual({ dx: 50, dy: 0 });
    expect(pinStep("a", false)).toBeNull();
  });

  it("rounds to six decimals and reads the place out", () => {
    expect(roundPoint({ latitude: 12.97160049, longitude: 77.59459951 })).toEqual({ latitude: 12.9716, longitude: 77.5946 });
    expect(describePoint({ latitude: 12.9716, longitude: 77.5946 })).toBe("Pin at latitude 12.97160, longitude 77.59460.");
    expect(describePoint(null)).toBe("No pin placed yet.");
  });
});
