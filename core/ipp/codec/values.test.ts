// Specification of the value constructors, the request accessors and the named tables.
import { describe, expect, test } from "vitest";
import { allStrings, findAttribute, findGroup, firstBoolean, firstInteger, firstOctets, firstString, groupsWithTag, integerOf, isOutOfBand, membersOf } from "./accessors.js";
import { valueTagForAttribute } from "./attribute-syntax.js";
import { JobState, PrinterState } from "./enums.js";
import { IppOperation, operationName } from "./operations.js";
import { samplePrintJobRequest } from "../../../test/support/ipp/sample-messages.js";
import { IppStatus, isSuccessfulStatus, statusName } from "./status.js";
import { GroupTag, ValueTag } from "./tags.js";
import type { IppMessage } from "./types.js";
import {
  attr,
  bool,
  collection,
  dateTime,
  enumValue,
  integer,
  jobGroup,
  keyword,
  many,
  name,
  noValue,
  operationGroup,
  range,
  resolution,
  text,
  unknown,
} from "./values.js";

describe("constructors", () => {
  test("each constructor carries its RFC 8010 value tag", () => {
    expect(integer(5)).toEqual({ tag: 0x21, value: 5 });
    expect(enumValue(3)).toEqual({ tag: 0x23, value: 3 });
    expect(bool(true)).toEqual({ tag: 0x22, value: true });
    expect(keyword("idle")).toEqual({ tag: 0x44, value: "idle" });
    expect(range(1, 999)).toEqual({ tag: 0x33, value: { lower: 1, upper: 999 } });
    expect(resolution(600, 600)).toEqual({ tag: 0x32, value: { x: 600, y: 600, units: 3 } });
    expect(dateTime(new Date(0))).toEqual({ tag: 0x31, value: new Date(0) });
    expect(noValue()).toEqual({ tag: 0x13 });
    expect(unknown()).toEqual({ tag: 0x12 });
  });

  test("text and name use the with-language form only when a language is given", () => {
    expect(text("hej")).toEqual({ tag: 0x41, value: "hej" });
    expect(text("hej", "sv")).toEqual({ tag: 0x35, value: { language: "sv", text: "hej" } });
    expect(name("alice")).toEqual({ tag: 0x42, value: "alice" });
    expect(name("alice", "en")).toEqual({ tag: 0x36, value: { language: "en", text: "alice" } });
  });

  test("attr and many build multi-valued attributes", () => {
    expect(attr("sides-supported", ...many(keyword, "one-sided", "two-sided-long-edge"))).toEqual({
      name: "sides-supported",
      values: [
        { tag: 0x44, value: "one-sided" },
        { tag: 0x44, value: "two-sided-long-edge" },
      ],
    });
  });
});

describe("accessors on a decoded request", () => {
  const request = samplePrintJobRequest();

  test("first values as plain types", () => {
    expect(firstString(request, GroupTag.operation, "requesting-user-name")).toBe("alice");
    expect(firstString(request, GroupTag.operation, "printer-uri")).toBe("ipp://localhost:8631/ipp/print");
    expect(firstInteger(request, GroupTag.job, "copies")).toBe(2);
    expect(firstInteger(request, GroupTag.job, "finishings")).toBe(3);
    expect(firstOctets(request, GroupTag.operation, "job-password")).toEqual(Buffer.from("1234"));
  });

  test("a missing attribute, a missing group or another syntax gives undefined", () => {
    expect(firstString(request, GroupTag.operation, "job-uri")).toBeUndefined();
    expect(firstString(request, GroupTag.printer, "printer-uri")).toBeUndefined();
    expect(firstInteger(request, GroupTag.operation, "requesting-user-name")).toBeUndefined();
    expect(firstString(request, GroupTag.job, "copies")).toBeUndefined();
    expect(firstBoolean(request, GroupTag.job, "copies")).toBeUndefined();
  });

  test("a name with language reads as its text", () => {
    const message: IppMessage = { ...request, groups: [operationGroup([attr("requesting-user-name", name("åsa", "sv"))])] };
    expect(firstString(message, GroupTag.operation, "requesting-user-name")).toBe("åsa");
  });

  test("collections: find a member inside a collection value", () => {
    const mediaCol = findAttribute(findGroup(request, GroupTag.job) ?? [], "media-col");
    const members = membersOf(mediaCol?.values[0]) ?? [];
    expect(findAttribute(members, "media-source")?.values[0]).toEqual({ tag: ValueTag.keyword, value: "auto" });
  });

  test("all strings of a multi-valued attribute, groups by tag, out-of-band detection", () => {
    const message: IppMessage = {
      ...request,
      groups: [
        operationGroup([attr("requested-attributes", ...many(keyword, "job-id", "job-state")), attr("job-hold-until", noValue())]),
        jobGroup([attr("job-id", integer(1))]),
        jobGroup([attr("job-id", integer(2)), attr("media-col", collection([]))]),
      ],
    };
    expect(allStrings(message, GroupTag.operation, "requested-attributes")).toEqual(["job-id", "job-state"]);
    expect(groupsWithTag(message, GroupTag.job).map((group) => integerOf(findAttribute(group, "job-id")?.values[0]))).toEqual([1, 2]);
    expect(isOutOfBand(findAttribute(findGroup(message, GroupTag.operation) ?? [], "job-hold-until")?.values[0])).toBe(true);
    expect(isOutOfBand(integer(1))).toBe(false);
  });
});

describe("named tables from the ipp package", () => {
  test("operation ids", () => {
    expect(IppOperation.printJob).toBe(0x0002);
    expect(IppOperation.getPrinterAttributes).toBe(0x000b);
    expect(IppOperation.releaseJob).toBe(0x000d);
    expect(IppOperation.cancelMyJobs).toBe(0x0039);
    expect(IppOperation.closeJob).toBe(0x003b);
    expect(IppOperation.identifyPrinter).toBe(0x003c);
    expect(operationName(0x000a)).toBe("Get-Jobs");
    expect(operationName(0x4001)).toBeUndefined();
  });

  test("status codes", () => {
    expect(IppStatus.successfulOk).toBe(0x0000);
    expect(IppStatus.clientErrorBadRequest).toBe(0x0400);
    expect(IppStatus.clientErrorNotFound).toBe(0x0406);
    expect(IppStatus.clientErrorRequestValueTooLong).toBe(0x0409);
    expect(IppStatus.serverErrorVersionNotSupported).toBe(0x0503);
    expect(statusName(0x0408)).toBe("client-error-request-entity-too-large");
    expect(isSuccessfulStatus(IppStatus.successfulOkIgnoredOrSubstitutedAttributes)).toBe(true);
    expect(isSuccessfulStatus(IppStatus.clientErrorBadRequest)).toBe(false);
  });

  test("job and printer states", () => {
    expect(JobState.pendingHeld).toBe(4);
    expect(JobState.completed).toBe(9);
    expect(PrinterState.idle).toBe(3);
  });

  test("valueTagForAttribute gives the registered syntax, and undefined for names the table lacks", () => {
    expect(valueTagForAttribute("copies")).toBe(ValueTag.integer);
    expect(valueTagForAttribute("job-name")).toBe(ValueTag.nameWithoutLanguage);
    expect(valueTagForAttribute("job-hold-until")).toBe(ValueTag.keyword);
    expect(valueTagForAttribute("media-col")).toBe(ValueTag.begCollection);
    expect(valueTagForAttribute("printer-resolution-default")).toBe(ValueTag.resolution);
    expect(valueTagForAttribute("job-state")).toBe(ValueTag.enum);
    expect(valueTagForAttribute("job-password")).toBe(ValueTag.octetString);
    expect(valueTagForAttribute("urf-supported")).toBeUndefined();
    expect(valueTagForAttribute("no-such-attribute")).toBeUndefined();
  });
});
