import type { Category, PostKind } from "../posts/post.schema.ts";

/**
 * The SMS grammar: what someone texts ("NEED FOOD 2 East side", "necesito comida 2
 * Riverside", "OFFER transport Riverside mornings") read into a post's kind, category,
 * quantity and area, or one of the keywords. Pure: no database, so that the table test
 * can run every real-looking message through it. Forgiving on purpose: case, accents,
 * punctuation, emoji, extra words and one-letter typos in longer words do not matter.
 */
export type SmsLanguage = "en" | "es";

export type Keyword = "status" | "stop" | "start" | "help";

export type ParsedMessage =
  | { type: "keyword"; keyword: Keyword; language: SmsLanguage | null }
  | { type: "cancel"; code: string | null; language: SmsLanguage | null }
  | { type: "post"; fields: DraftFields; language: SmsLanguage | null };

/** What a message said about the post; anything it did not say is absent. */
export interface DraftFields {
  kind?: PostKind;
  category?: Category;
  quantity?: number;
  /** The area's id, as found by name or alias. */
  areaId?: string;
}

/** A name (or admin-set alias) people may text for an area. */
export interface AreaName {
  name: string;
  areaId: string;
}

const KEYWORDS: Record<string, { keyword: Keyword; language: SmsLanguage | null }> = {
  status: { keyword: "status", language: "en" },
  estado: { keyword: "status", language: "es" },
  stop: { keyword: "stop", language: "en" },
  stopall: { keyword: "stop", language: "en" },
  unsubscribe: { keyword: "stop", language: "en" },
  alto: { keyword: "stop", language: "es" },
  parar: { keyword: "stop", language: "es" },
  baja: { keyword: "stop", language: "es" },
  start: { keyword: "start", language: "en" },
  unstop: { keyword: "start", language: "en" },
  inicio: { keyword: "start", language: "es" },
  alta: { keyword: "start", language: "es" },
  help: { keyword: "help", language: "en" },
  info: { keyword: "help", language: null },
  ayuda: { keyword: "help", language: "es" },
};

const CANCEL_WORDS: Record<string, SmsLanguage> = { cancel: "en", cancelar: "es", cancela: "es", anular: "es" };

/** Words that say what kind of post it is; multi-word phrases are matched before single words. */
const KIND_WORDS: [string, PostKind, SmsLanguage][] = [
  ["need", "request", "en"],
  ["needs", "request", "en"],
  ["needed", "request", "en"],
  ["request", "request", "en"],
  ["want", "request", "en"],
  ["looking for", "request", "en"],
  ["necesito", "request", "es"],
  ["necesitamos", "request", "es"],
  ["necesita", "request", "es"],
  ["nesesito", "request", "es"],
  ["nececito", "request", "es"],
  ["busco", "request", "es"],
  ["pido", "request", "es"],
  ["falta", "request", "es"],
  ["hace falta", "request", "es"],
  ["offer", "offer", "en"],
  ["offering", "offer", "en"],
  ["can give", "offer", "en"],
  ["can offer", "offer", "en"],
  ["have", "offer", "en"],
  ["giving", "offer", "en"],
  ["ofrezco", "offer", "es"],
  ["ofrecemos", "offer", "es"],
  ["ofrecer", "offer", "es"],
  ["oferta", "offer", "es"],
  ["tengo", "offer", "es"],
  ["doy", "offer", "es"],
  ["regalo", "offer", "es"],
  ["puedo dar", "offer", "es"],
  ["puedo ofrecer", "offer", "es"],
];

/** Category names and everyday synonyms in both languages (written without accents). */
const CATEGORY_WORDS: [string, Category, SmsLanguage | null][] = [
  ["food", "food", "en"],
  ["hungry", "food", "en"],
  ["comida", "food", "es"],
  ["alimentos", "food", "es"],
  ["alimento", "food", "es"],
  ["hambre", "food", "es"],
  ["meal", "meals", "en"],
  ["meals", "meals", "en"],
  ["dinner", "meals", "en"],
  ["lunch", "meals", "en"],
  ["cena", "meals", "es"],
  ["almuerzo", "meals", "es"],
  ["comida caliente", "meals", "es"],
  ["hot meal", "meals", "en"],
  ["groceries", "groceries", "en"],
  ["grocery", "groceries", "en"],
  ["shopping", "groceries", "en"],
  ["mercado", "groceries", "es"],
  ["despensa", "groceries", "es"],
  ["viveres", "groceries", "es"],
  ["shelter", "shelter", "en"],
  ["housing", "shelter", "en"],
  ["place to stay", "shelter", "en"],
  ["bed", "shelter", "en"],
  ["refugio", "shelter", "es"],
  ["albergue", "shelter", "es"],
  ["alojamiento", "shelter", "es"],
  ["vivienda", "shelter", "es"],
  ["transport", "transport", "en"],
  ["transportation", "transport", "en"],
  ["ride", "transport", "en"],
  ["rides", "transport", "en"],
  ["lift", "transport", "en"],
  ["transporte", "transport", "es"],
  ["aventon", "transport", "es"],
  ["raite", "transport", "es"],
  ["childcare", "childcare", "en"],
  ["babysitting", "childcare", "en"],
  ["babysitter", "childcare", "en"],
  ["ninera", "childcare", "es"],
  ["cuidado de ninos", "childcare", "es"],
  ["guarderia", "childcare", "es"],
  ["eldercare", "eldercare", "en"],
  ["elder care", "eldercare", "en"],
  ["cuidado de mayores", "eldercare", "es"],
  ["ancianos", "eldercare", "es"],
  ["medical supplies", "medical_supplies", "en"],
  ["first aid", "medical_supplies", "en"],
  ["insumos medicos", "medical_supplies", "es"],
  ["botiquin", "medical_supplies", "es"],
  ["medication", "medication_pickup", "en"],
  ["medicine", "medication_pickup", "en"],
  ["meds", "medication_pickup", "en"],
  ["pharmacy", "medication_pickup", "en"],
  ["prescription", "medication_pickup", "en"],
  ["medicina", "medication_pickup", "es"],
  ["medicinas", "medication_pickup", "es"],
  ["medicamentos", "medication_pickup", "es"],
  ["farmacia", "medication_pickup", "es"],
  ["receta", "medication_pickup", "es"],
  ["emotional support", "emotional_support", "en"],
  ["someone to talk", "emotional_support", "en"],
  ["apoyo emocional", "emotional_support", "es"],
  ["companionship", "companionship", "en"],
  ["company", "companionship", "en"],
  ["visit", "companionship", "en"],
  ["compania", "companionship", "es"],
  ["visita", "companionship", "es"],
  ["skills", "skills", "en"],
  ["repair", "skills", "en"],
  ["repairs", "skills", "en"],
  ["reparacion", "skills", "es"],
  ["tech help", "tech_help", "en"],
  ["computer", "tech_help", "en"],
  ["phone help", "tech_help", "en"],
  ["internet", "tech_help", "en"],
  ["computadora", "tech_help", "es"],
  ["translation", "translation", "en"],
  ["translator", "translation", "en"],
  ["interpreter", "translation", "en"],
  ["traduccion", "translation", "es"],
  ["traductor", "translation", "es"],
  ["interprete", "translation", "es"],
  ["paperwork", "paperwork", "en"],
  ["forms", "paperwork", "en"],
  ["papeles", "paperwork", "es"],
  ["tramites", "paperwork", "es"],
  ["formularios", "paperwork", "es"],
  ["money", "money", "en"],
  ["cash", "money", "en"],
  ["rent", "money", "en"],
  ["dinero", "money", "es"],
  ["renta", "money", "es"],
  ["clothes", "goods", "en"],
  ["clothing", "goods", "en"],
  ["diapers", "goods", "en"],
  ["blankets", "goods", "en"],
  ["goods", "goods", "en"],
  ["ropa", "goods", "es"],
  ["panales", "goods", "es"],
  ["cobijas", "goods", "es"],
  ["mantas", "goods", "es"],
  ["tools", "tools", "en"],
  ["herramientas", "tools", "es"],
  ["space", "space", "en"],
  ["storage", "space", "en"],
  ["espacio", "space", "es"],
  ["bodega", "space", "es"],
  ["pet care", "pet_care", "en"],
  ["pet", "pet_care", "en"],
  ["dog", "pet_care", "en"],
  ["cat", "pet_care", "en"],
  ["mascota", "pet_care", "es"],
  ["perro", "pet_care", "es"],
  ["gato", "pet_care", "es"],
];

const NUMBER_WORDS: Record<string, number> = {
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  dos: 2,
  tres: 3,
  cuatro: 4,
  cinco: 5,
  seis: 6,
  siete: 7,
  ocho: 8,
  nueve: 9,
  diez: 10,
};

/** Common words that mark a message as Spanish when no kind or category word did. */
const SPANISH_HINTS = new Set([
  "hola",
  "por",
  "favor",
  "gracias",
  "para",
  "mi",
  "familia",
  "personas",
  "en",
  "el",
  "la",
  "de",
  "y",
  "si",
  "no se",
]);
const ENGLISH_HINTS = new Set(["hi", "hello", "please", "thanks", "for", "my", "family", "people", "in", "the", "and", "yes"]);

/** Lower case, accents and emoji gone, punctuation as spaces: "¡Necesito  COMIDA!! 🙏" → "necesito comida". */
export function normalise(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}

export function parseMessage(text: string, areas: readonly AreaName[]): ParsedMessage {
  const words = normalise(text)
    .split(" ")
    .filter((w) => w !== "");
  const first = words[0] ?? "";
  if (words.length === 1 && KEYWORDS[first] !== undefined) return { type: "keyword", ...KEYWORDS[first] };
  if (CANCEL_WORDS[first] !== undefined && words.length <= 2) {
    const code = words[1]?.toUpperCase() ?? null;
    return { type: "cancel", code, language: CANCEL_WORDS[first] };
  }
  const found = new Found(words);
  const fields: DraftFields = {};
  const languages: SmsLanguage[] = [];
  const kind = found.phrase(KIND_WORDS);
  if (kind) {
    fields.kind = kind.value;
    languages.push(kind.language);
  }
  const category = found.phrase(CATEGORY_WORDS);
  if (category) {
    fields.category = category.value;
    if (category.language) languages.push(category.language);
  }
  const area = found.phrase(areas.map((a) => [normalise(a.name), a.areaId, null] as const));
  if (area) fields.areaId = area.value;
  const quantity = found.quantity();
  if (quantity !== undefined) fields.quantity = quantity;
  return { type: "post", fields, language: languages[0] ?? hintedLanguage(words) };
}

function hintedLanguage(words: readonly string[]): SmsLanguage | null {
  const es = words.filter((w) => SPANISH_HINTS.has(w)).length;
  const en = words.filter((w) => ENGLISH_HINTS.has(w)).length;
  return es > en ? "es" : en > es ? "en" : null;
}

/** The words of one message, each used by at most one phrase. */
class Found {
  readonly #words: readonly string[];
  readonly #used: boolean[];

  constructor(words: readonly string[]) {
    this.#words = words;
    this.#used = words.map(() => false);
  }

  /** The longest phrase of the table that occurs (exactly, or with a typo in a long word). */
  phrase<T, L>(table: readonly (readonly [string, T, L])[]): { value: T; language: L } | undefined {
    const sorted = [...table].sort((a, b) => b[0].split(" ").length - a[0].split(" ").length);
    for (const typos of [false, true]) {
      for (const [phrase, value, language] of sorted) {
        const parts = phrase.split(" ");
        for (let start = 0; start + parts.length <= this.#words.length; start++) {
          const matches = parts.every((part, i) => {
            const word = this.#words[start + i]!;
            return !this.#used[start + i] && (word === part || (typos && closeEnough(word, part)));
          });
          if (matches) {
            for (let i = 0; i < parts.length; i++) this.#used[start + i] = true;
            return { value, language };
          }
        }
      }
    }
    return undefined;
  }

  /** A free-standing number from 1 to 999, in digits or words. */
  quantity(): number | undefined {
    for (let i = 0; i < this.#words.length; i++) {
      if (this.#used[i]) continue;
      const word = this.#words[i]!;
      const value = /^\d{1,3}$/.test(word) ? Number(word) : NUMBER_WORDS[word];
      if (value !== undefined && value >= 1) {
        this.#used[i] = true;
        return value;
      }
    }
    return undefined;
  }
}

/** One typo (a letter wrong, missing, extra, or two swapped) in a word of five letters or more. */
function closeEnough(word: string, target: string): boolean {
  if (target.length < 5 || Math.abs(word.length - target.length) > 1) return false;
  return editDistance(word, target) <= 1;
}

/** Optimal string alignment distance (Levenshtein plus adjacent swaps). */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}
