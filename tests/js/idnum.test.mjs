// validateIdNumber and parseMrz from the built package, as a user imports them (main and browser entries):
// the shapes of API.md §8, published numbers, and that no string makes them throw.
import { test } from "node:test";
import assert from "node:assert/strict";
import { validateIdNumber, parseMrz, EkycError } from "ekyc-bridge";

test("validateIdNumber: a MyKad with spaces, in the API.md §8 shape", () => {
  const r = validateIdNumber({ country: "MYS", value: "900101 14 5678" });
  assert.deepEqual(r, {
    valid: true,
    normalized: "900101-14-5678",
    type: "MyKad",
    issues: [],
    dateOfBirth: "1990-01-01",
    birthYear: 1990,
    gender: "female",
    region: "Wilayah Persekutuan Kuala Lumpur",
  });
});

test("validateIdNumber: published numbers of each scheme", () => {
  // python-stdnum's NIK and Thai examples, FormSG's M-series FIN, the NRIC of ICA's worked example.
  assert.equal(validateIdNumber({ country: "IDN", value: "3171015708450001" }).gender, "female");
  assert.equal(validateIdNumber({ country: "THA", value: "3100600445635" }).valid, true);
  assert.deepEqual(validateIdNumber({ country: "THA", value: "1-2345-45678-78-9" }).issues, ["checksum"]);
  assert.equal(validateIdNumber({ country: "SGP", value: "M1234567K" }).type, "FIN");
  assert.deepEqual(validateIdNumber({ country: "SGP", type: "NRIC", value: "S1234567A" }).issues, ["checksum"]);
  const cccd = validateIdNumber({ country: "VNM", value: "079190123456" });
  assert.deepEqual([cccd.valid, cccd.birthYear, cccd.gender, cccd.region], [true, 1990, "female", "Hồ Chí Minh"]);
  assert.equal(validateIdNumber({ country: "NGA", type: "BVN", value: "22123456789" }).valid, true);
});

test("validateIdNumber: a number from the future is not a birth date", () => {
  const next = new Date().getFullYear() + 1;
  const r = validateIdNumber({ country: "VNM", value: `0012${String(next % 100).padStart(2, "0")}123456` });
  assert.deepEqual(r.issues, next % 100 === 0 ? [] : ["date_of_birth"]);
});

test("validateIdNumber: never throws on a string or odd fields; invalid_input only for a non-object", () => {
  for (const value of ["", "\u0000", "é".repeat(1000), "9".repeat(100000), "👍", "<script>"]) {
    for (const country of ["MYS", "IDN", "SGP", "THA", "VNM", "NGA", "XYZ"]) {
      const r = validateIdNumber({ country, value });
      assert.equal(r.valid, false);
      assert.ok(r.issues.length > 0);
    }
  }
  assert.deepEqual(validateIdNumber({ country: 5, value: "1" }).issues, ["unknown_type"]);
  assert.deepEqual(validateIdNumber({ country: "MYS", value: 900101145678 }).issues, ["characters"]);
  assert.deepEqual(validateIdNumber({ country: "MYS", type: 1, value: "900101145678" }).issues, ["unknown_type"]);
  for (const bad of [undefined, null, "MYS", 42, ["MYS"]]) {
    assert.throws(() => validateIdNumber(bad), (e) => e instanceof EkycError && e.code === "invalid_input");
  }
});

test("parseMrz: the ICAO 9303 TD3 specimen, and an OCR O for 0 confirmed by the check digits", () => {
  const specimen = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10";
  const r = parseMrz(specimen);
  assert.equal(r.format, "TD3");
  assert.equal(r.valid, true);
  assert.equal(r.fields.documentNumber, "L898902C3");
  assert.equal(r.fields.dateOfBirth, "1974-08-12");
  assert.equal(r.fields.sex, "female");
  assert.deepEqual(r.checks.map((c) => c.field), ["documentNumber", "dateOfBirth", "expiryDate", "personalNumber", "composite"]);
  const ocr = parseMrz(specimen.replace("7408122F", "74O8122F"));
  assert.equal(ocr.valid, true);
  assert.deepEqual(ocr.repairs, [{ line: 2, column: 16, from: "O", to: "0" }]);
});

test("parseMrz: the TD1 and TD2 specimens; text that is no MRZ", () => {
  const td1 = parseMrz("I<UTOD231458907<<<<<<<<<<<<<<<\n7408122F1204159UTO<<<<<<<<<<<6\nERIKSSON<<ANNA<MARIA<<<<<<<<<<");
  assert.deepEqual([td1.format, td1.valid, td1.fields.givenNames], ["TD1", true, "ANNA MARIA"]);
  const td2 = parseMrz("I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\nD231458907UTO7408122F1204159<<<<<<<6");
  assert.deepEqual([td2.format, td2.valid], ["TD2", true]);
  const none = parseMrz("not an MRZ");
  assert.deepEqual([none.format, none.valid, none.fields], [null, false, null]);
  assert.throws(() => parseMrz(42), (e) => e instanceof EkycError && e.code === "invalid_input");
});

test("the lean browser entry has both too", async () => {
  const lean = await import("ekyc-bridge/browser");
  assert.equal(typeof lean.validateIdNumber, "function");
  assert.equal(typeof lean.parseMrz, "function");
});
