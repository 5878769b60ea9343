// jsonld (Fedify's own JSON-LD processor) ships without types; the tests expand documents with it.
declare module "jsonld" {
  const jsonld: {
    expand(input: unknown, options?: { documentLoader?: (url: string) => Promise<unknown> }): Promise<Record<string, unknown>[]>;
  };
  export default jsonld;
}
