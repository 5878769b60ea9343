// What our queue layers read of a delivery Fedify queued (its "outbox" message). Fedify does
// not export that message's type, so each field is checked before it is used.

/** The fields of a delivery the layers use; `message` is the whole of it, to pass on or copy. */
export interface OutboxDelivery {
  message: Record<string, unknown>;
  inbox: string;
  /** The actors it is for: several when it goes to a shared inbox. */
  actorIds: string[];
  headers: Record<string, string>;
}

/** The delivery `message` is, or null for any other message or one whose shape this does not know. */
export function outboxDeliveryOf(message: unknown): OutboxDelivery | null {
  if (!isRecord(message) || message.type !== "outbox" || typeof message.inbox !== "string") return null;
  const { headers, actorIds } = message;
  if (headers !== undefined && !isStringRecord(headers)) return null;
  return {
    message,
    inbox: message.inbox,
    actorIds: Array.isArray(actorIds) ? actorIds.filter((id): id is string => typeof id === "string") : [],
    headers: headers ?? {},
  };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isStringRecord(value: unknown): value is Record<string, string> {
  return isRecord(value) && Object.values(value).every((v) => typeof v === "string");
}
