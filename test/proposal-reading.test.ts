import { Proposal } from "@fedify/vocab";
import { getDocumentLoader } from "@fedify/vocab-runtime";
import { describe, expect, it } from "vitest";
import { readProposal } from "../federation/post-objects.ts";

// Reading a sibling's FEP-0837 Proposal into our data, from the JSON that arrives: no
// HTTP, no database. Only the ActivityStreams context is used, which Fedify has built in;
// any other fetch fails the test.

const preloaded = getDocumentLoader();
const noNetwork = async (url: string) => {
  throw new Error(`a unit test must not fetch ${url}`);
};
const contextLoader = async (url: string) => {
  if (url !== "https://www.w3.org/ns/activitystreams") return noNetwork(url);
  return preloaded(url);
};

const PUBLIC = "https://www.w3.org/ns/activitystreams#Public";
const ORIGIN = "https://east.example";
const ID = `${ORIGIN}/ap/proposals/7f1c`;

/** A Proposal as a Mycelium sibling sends it, every field filled in. */
function siblingProposal(): Record<string, any> {
  return {
    "@context": [
      "https://www.w3.org/ns/activitystreams",
      {
        vf: "https://w3id.org/valueflows/ont/vf#",
        om2: "http://www.ontology-of-units-of-measure.org/resource/om-2/",
        Proposal: "vf:Proposal",
        Intent: "vf:Intent",
        purpose: "vf:purpose",
        publishes: "vf:publishes",
        action: "vf:action",
        resourceConformsTo: { "@id": "vf:resourceConformsTo", "@type": "@id" },
        resourceQuantity: "vf:resourceQuantity",
        hasUnit: "om2:hasUnit",
        hasNumericalValue: "om2:hasNumericalValue",
      },
    ],
    id: ID,
    type: "Proposal",
    attributedTo: `${ORIGIN}/actors/eastside`,
    name: "Insulin cooler bags",
    content: "Two cooler bags to keep insulin cold.",
    mediaType: "text/plain",
    url: `${ORIGIN}/posts/7f1c`,
    purpose: "request",
    publishes: {
      id: `${ID}#intent`,
      type: "Intent",
      action: "transfer",
      resourceConformsTo: "urn:mycelium:category:medical_supplies",
      resourceQuantity: { type: "om2:Measure", hasNumericalValue: "2", hasUnit: "bags" },
    },
    location: { type: "Place", name: "Gràcia", latitude: 41.39, longitude: 2.17, accuracy: 1000 },
    startTime: "2030-03-01T10:00:00Z",
    endTime: "2030-06-30T23:59:59Z",
    published: "2030-03-01T10:00:00Z",
    updated: "2030-03-02T08:30:00Z",
    attachment: [
      { type: "http://schema.org#PropertyValue", name: "mycelium:urgency", "http://schema.org#value": "critical" },
      { type: "http://schema.org#PropertyValue", name: "mycelium:status", "http://schema.org#value": "partially_matched" },
      { type: "http://schema.org#PropertyValue", name: "mycelium:language", "http://schema.org#value": "es" },
      { type: "http://schema.org#PropertyValue", name: "mycelium:note", "http://schema.org#value": `${ORIGIN}/ap/notes/7f1c` },
    ],
    to: PUBLIC,
    cc: `${ORIGIN}/actors/westside`,
  };
}

async function read(json: Record<string, any>) {
  const proposal = await Proposal.fromJsonLd(json, { documentLoader: noNetwork, contextLoader });
  return readProposal(proposal);
}

/** The sibling's Proposal with some fields changed (undefined removes one). */
function changed(fields: Record<string, any>, publishes: Record<string, any> = {}): Record<string, any> {
  const json = siblingProposal();
  Object.assign(json.publishes, publishes);
  Object.assign(json, fields);
  for (const object of [json, json.publishes ?? {}]) {
    for (const [key, value] of Object.entries(object)) if (value === undefined) delete object[key];
  }
  return json;
}

const attachment = (name: string, value: string) => ({ type: "http://schema.org#PropertyValue", name, "http://schema.org#value": value });

describe("reading a sibling's Proposal", () => {
  it("reads every field a sibling sends", async () => {
    expect(await read(siblingProposal())).toEqual({
      objectIri: ID,
      url: `${ORIGIN}/posts/7f1c`,
      kind: "request",
      category: "medical_supplies",
      title: "Insulin cooler bags",
      details: "Two cooler bags to keep insulin cold.",
      quantity: 2,
      unit: "bags",
      urgency: "critical",
      area: "Gràcia",
      approxLocation: { latitude: 41.39, longitude: 2.17 },
      untilDate: "2030-06-30",
      language: "es",
      visibility: "public",
      status: "partially_matched",
      publishedAt: new Date("2030-03-01T10:00:00Z"),
      updatedAt: new Date("2030-03-02T08:30:00Z"),
      noteIri: `${ORIGIN}/ap/notes/7f1c`,
    });
  });

  it("reads a minimal offer with the defaults: no quantity, date, point or extras", async () => {
    const minimal = changed(
      { purpose: "offer", content: undefined, url: undefined, endTime: undefined, updated: undefined, attachment: undefined },
      { resourceConformsTo: "urn:mycelium:category:tools", resourceQuantity: undefined },
    );
    minimal.location = { type: "Place", name: "Sants" };
    expect(await read(minimal)).toMatchObject({
      kind: "offer",
      category: "tools",
      details: "",
      url: null,
      quantity: null,
      unit: null,
      approxLocation: null,
      untilDate: null,
      urgency: "normal",
      status: "open",
      language: null,
      noteIri: null,
      updatedAt: new Date("2030-03-01T10:00:00Z"),
    });
  });

  it("takes a Proposal addressed to followers, not the public, as members-only", async () => {
    expect(await read(changed({ to: `${ORIGIN}/actors/westside`, cc: undefined }))).toMatchObject({ visibility: "members" });
  });

  it("keeps no finer point than the ~1 km grid, and no point outside the globe", async () => {
    const exact = changed({ location: { type: "Place", name: "Gràcia", latitude: 41.38712, longitude: 2.16998 } });
    expect((await read(exact))?.approxLocation).toEqual({ latitude: 41.39, longitude: 2.17 });
    const offTheMap = changed({ location: { type: "Place", name: "Gràcia", latitude: 123.4, longitude: 2.17 } });
    expect((await read(offTheMap))?.approxLocation).toBeNull();
  });

  it("is not one of ours without a kind, a known category, a title or an area", async () => {
    expect(await read(changed({ purpose: undefined }))).toBeNull();
    expect(await read(changed({ purpose: "exchange" }))).toBeNull();
    expect(await read(changed({}, { resourceConformsTo: "urn:mycelium:category:weapons" }))).toBeNull();
    expect(await read(changed({}, { resourceConformsTo: "https://example.org/categories/food" }))).toBeNull();
    expect(await read(changed({ publishes: undefined }))).toBeNull();
    expect(await read(changed({ name: undefined }))).toBeNull();
    expect(await read(changed({ name: "   \u0007 " }))).toBeNull();
    expect(await read(changed({ location: undefined }))).toBeNull();
    expect(await read(changed({ location: { type: "Place", latitude: 41.39, longitude: 2.17 } }))).toBeNull();
    expect(await read(changed({ id: undefined }))).toBeNull();
  });

  it("drops a link to another site or a script, and a Note on another host", async () => {
    expect((await read(changed({ url: "https://phishing.example/posts/7f1c" })))?.url).toBeNull();
    expect((await read(changed({ url: "javascript:alert(1)" })))?.url).toBeNull();
    const foreignNote = changed({ attachment: [attachment("mycelium:note", "https://elsewhere.example/notes/1")] });
    expect((await read(foreignNote))?.noteIri).toBeNull();
    expect((await read(changed({ attachment: [attachment("mycelium:note", "not a url")] })))?.noteIri).toBeNull();
  });

  it("drops quantities that are not a positive count up to a million, and the unit 'one'", async () => {
    for (const value of ["-3", "0", "1000001"]) {
      const json = changed({}, { resourceQuantity: { type: "om2:Measure", hasNumericalValue: value, hasUnit: "bags" } });
      expect((await read(json))?.quantity, value).toBeNull();
    }
    const rounded = changed({}, { resourceQuantity: { type: "om2:Measure", hasNumericalValue: "2.6", hasUnit: "one" } });
    expect(await read(rounded)).toMatchObject({ quantity: 3, unit: null });
  });

  it("falls back to defaults for unknown extras, and cleans and bounds the text", async () => {
    const odd = changed({
      name: `Blankets\u0000 ${"x".repeat(200)}`,
      content: "Warm\u0008 ones",
      attachment: [
        attachment("mycelium:urgency", "apocalyptic"),
        attachment("mycelium:status", "deleted"),
        attachment("mycelium:language", "english please"),
      ],
    });
    const read1 = await read(odd);
    expect(read1).toMatchObject({ urgency: "normal", status: "open", language: null, details: "Warm ones" });
    expect(read1?.title).toHaveLength(120);
    expect(read1?.title.startsWith("Blankets x")).toBe(true);
  });
});
