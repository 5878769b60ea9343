import { describe, expect, it } from "vitest";
import { InvalidFieldsError } from "../src/errors.ts";
import { readStatusText, STATUS_FORMAT } from "../src/timeline/status-text.ts";

const AREAS = ["East side", "Riverside"];

describe("reading a status written in a Mastodon app as a post", () => {
  it("takes the kind, the category and the area from hashtags, and the rest as title and details", () => {
    expect(readStatusText("#request #groceries Two bags of rice\nFor a family of four #EastSide", AREAS)).toEqual({
      kind: "request",
      category: "groceries",
      title: "Two bags of rice",
      details: "For a family of four",
      area: "East side",
    });
  });

  it("reads hashtags whatever their case, and multi-word categories written as one word", () => {
    expect(readStatusText("Insulin pens needed #REQUEST #MedicalSupplies #riverside", AREAS)).toMatchObject({
      kind: "request",
      category: "medical_supplies",
      title: "Insulin pens needed",
      area: "Riverside",
    });
    expect(readStatusText("#Offer #techhelp\n\nI can fix laptops", AREAS)).toMatchObject({
      kind: "offer",
      category: "tech_help",
      title: "I can fix laptops",
      area: null,
    });
  });

  it("ignores a # inside a word or a URL fragment", () => {
    const read = readStatusText("#offer #tools C#food lessons http://x.example/#transport", AREAS);
    expect(read.category).toBe("tools");
    expect(read.title).toBe("C#food lessons http://x.example/#transport");
  });

  it("refuses text without exactly one kind and one category, saying the format in one sentence", () => {
    for (const text of ["Hello world", "#request Some rice", "#request #offer #food Rice", "#request #food #tools Rice", "#food Rice"]) {
      const error = (() => {
        try {
          readStatusText(text, AREAS);
        } catch (caught) {
          return caught;
        }
      })();
      expect(error, text).toBeInstanceOf(InvalidFieldsError);
      expect((error as InvalidFieldsError).fields.status).toBe(STATUS_FORMAT);
    }
    expect(STATUS_FORMAT.split(/[.!?](\s|$)/).filter((s) => s && s.trim()).length).toBe(1);
  });
});
