import type { PostFieldsInput } from "../src/posts/post.schema.ts";
import type { PostView } from "../src/posts/post.view.ts";
import { checked, type FormValues, numberOrNull, textOrNull } from "./forms.ts";

/** The form's strings as the domain's input; the domain validates. */
export function toPostInput(values: FormValues): PostFieldsInput {
  const kind = values.kind as PostFieldsInput["kind"];
  const until = textOrNull(values.until);
  return {
    kind,
    category: values.category as PostFieldsInput["category"],
    title: values.title ?? "",
    details: values.details ?? "",
    quantity: numberOrNull(values.quantity) as number | null,
    unit: values.unit ?? null,
    urgency: (values.urgency || "normal") as PostFieldsInput["urgency"],
    area: values.area ?? "",
    ...(kind === "offer" ? { availableUntil: until } : { neededBy: until }),
    language: values.language,
    visibility: (values.visibility || "public") as PostFieldsInput["visibility"],
    showAuthorName: checked(values.showAuthorName),
    onBehalfOfSomeoneElse: checked(values.onBehalf),
    contact: {
      name: values.contactName ?? "",
      phone: values.contactPhone ?? "",
      email: values.contactEmail ?? "",
      address: values.contactAddress ?? "",
      notes: values.contactNotes ?? "",
    },
  };
}

export function toFormValues(post: PostView): FormValues {
  const contact = post.private?.contact;
  return {
    kind: post.kind,
    category: post.category,
    title: post.title,
    details: post.details,
    quantity: post.quantity === null ? "" : String(post.quantity),
    unit: post.unit ?? "",
    urgency: post.urgency,
    area: post.area,
    until: post.neededBy ?? post.availableUntil ?? "",
    language: post.language,
    visibility: post.visibility,
    showAuthorName: post.author !== null ? "on" : "",
    contactName: contact?.name ?? "",
    contactPhone: contact?.phone ?? "",
    contactEmail: contact?.email ?? "",
    contactAddress: contact?.address ?? "",
    contactNotes: contact?.notes ?? "",
  };
}
