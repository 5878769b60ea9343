import type { Category, PostKind, PostStatus } from "../posts/post.schema.ts";
import type { SmsLanguage } from "./grammar.ts";

/**
 * Everything the network texts back, in the sender's language. Each fits one SMS segment
 * (160 GSM-7 characters): the Spanish avoids á í ó ú, which would switch the whole
 * message to UCS-2 and its 70-character segments. Nothing here ever names an address or
 * another person's contact.
 */
const CATEGORY_NAMES: Record<SmsLanguage, Record<Category, string>> = {
  en: {
    food: "food",
    meals: "meals",
    groceries: "groceries",
    shelter: "shelter",
    transport: "transport",
    childcare: "childcare",
    eldercare: "elder care",
    medical_supplies: "medical supplies",
    medication_pickup: "medication",
    emotional_support: "someone to talk to",
    companionship: "company",
    skills: "skills",
    tech_help: "tech help",
    translation: "translation",
    paperwork: "paperwork",
    money: "money",
    goods: "goods",
    tools: "tools",
    space: "space",
    pet_care: "pet care",
    other: "other help",
  },
  es: {
    food: "comida",
    meals: "comidas",
    groceries: "mercado",
    shelter: "refugio",
    transport: "transporte",
    childcare: "cuidado de niños",
    eldercare: "cuidado de mayores",
    medical_supplies: "insumos medicos",
    medication_pickup: "medicinas",
    emotional_support: "apoyo",
    companionship: "compañia",
    skills: "oficios",
    tech_help: "ayuda con tecnologia",
    translation: "traduccion",
    paperwork: "tramites",
    money: "dinero",
    goods: "cosas",
    tools: "herramientas",
    space: "espacio",
    pet_care: "mascotas",
    other: "otra ayuda",
  },
};

const STATUS_NAMES: Record<SmsLanguage, Record<PostStatus, string>> = {
  en: {
    open: "open",
    partially_matched: "partly matched",
    matched: "matched",
    fulfilled: "done",
    withdrawn: "cancelled",
    expired: "expired",
  },
  es: {
    open: "abierto",
    partially_matched: "en parte",
    matched: "con ayuda",
    fulfilled: "listo",
    withdrawn: "cancelado",
    expired: "vencido",
  },
};

export function categoryName(language: SmsLanguage, category: Category): string {
  return CATEGORY_NAMES[language][category];
}

/** The public title of a post that came in by SMS: "a neighbour in AREA", never who. */
export function intakeTitle(language: SmsLanguage, kind: PostKind, category: Category, area: string): string {
  const what = categoryName(language, category);
  if (language === "es") return kind === "request" ? `Un vecino en ${area} necesita ${what}` : `Un vecino en ${area} ofrece ${what}`;
  return kind === "request" ? `A neighbour in ${area} needs ${what}` : `A neighbour in ${area} offers ${what}`;
}

export const REPLIES = {
  en: {
    askKind: "Do you NEED help or OFFER help? Reply NEED or OFFER and what, e.g. NEED FOOD.",
    askCategory: "What is it? e.g. food, groceries, ride, medication, shelter, childcare.",
    askArea: (areas: string) => cut(`Which area are you in? ${areas}`),
    handedOver: "Thanks. A coordinator will read your message and text you back.",
    posted: (code: string) => `Got it. Your code is ${code}. Text STATUS to follow it, CANCEL ${code} to withdraw it.`,
    help: "Text NEED or OFFER, what, and your area, e.g. NEED FOOD 2 East side. STATUS: your posts. CANCEL CODE. STOP: no more texts.",
    started: "Welcome back. You will get texts again. Text HELP for how it works.",
    noPosts: "You have no posts yet. Text HELP for how to ask or offer.",
    cancelled: (code: string) => `${code} is withdrawn.`,
    notCancelled: (code: string) => `No open post with code ${code}. Text STATUS to see your codes.`,
    cancelWhich: "Send CANCEL and the code, e.g. CANCEL R7K2. Text STATUS to see your codes.",
  },
  es: {
    askKind: "¿NECESITAS ayuda u OFRECES ayuda? Responde NECESITO u OFREZCO y que, ej. NECESITO COMIDA.",
    askCategory: "¿Que es? ej. comida, mercado, transporte, medicinas, refugio, niños.",
    askArea: (areas: string) => cut(`¿En que zona estas? ${areas}`),
    handedOver: "Gracias. Una persona coordinadora leera tu mensaje y te escribira.",
    posted: (code: string) => `Listo. Tu codigo es ${code}. Escribe ESTADO para seguirlo, CANCELAR ${code} para retirarlo.`,
    help: "Escribe NECESITO u OFREZCO, que y tu zona, ej. NECESITO COMIDA 2 Centro. ESTADO: tus pedidos. CANCELAR CODIGO. ALTO: no mas.",
    started: "Bienvenido de nuevo. Volveras a recibir mensajes. Escribe AYUDA para saber como.",
    noPosts: "Aun no tienes pedidos. Escribe AYUDA para saber como pedir u ofrecer.",
    cancelled: (code: string) => `${code} esta retirado.`,
    notCancelled: (code: string) => `No hay un pedido abierto con el codigo ${code}. Escribe ESTADO para ver tus codigos.`,
    cancelWhich: "Envia CANCELAR y el codigo, ej. CANCELAR R7K2. Escribe ESTADO para ver tus codigos.",
  },
} as const;

/** "R7K2 food: matched; K3M9 transport: open", cut to one segment. */
export function statusReply(language: SmsLanguage, items: readonly { code: string; category: Category; status: PostStatus }[]): string {
  if (items.length === 0) return REPLIES[language].noPosts;
  return cut(items.map((i) => `${i.code} ${categoryName(language, i.category)}: ${STATUS_NAMES[language][i.status]}`).join("; "));
}

/** One SMS segment of GSM-7 text. */
export const SEGMENT_LENGTH = 160;

function cut(text: string): string {
  return text.length <= SEGMENT_LENGTH ? text : `${text.slice(0, SEGMENT_LENGTH - 3)}...`;
}
