export * from "./federation.ts";
export * from "./instance.ts";
export * from "./members.ts";
export * from "./remote-networks.ts";
export * from "./posts.ts";
export * from "./federated-posts.ts";
export * from "./crises.ts";
export * from "./matches.ts";
