import { describe, expect, it } from "vitest";
import { type AreaName, type DraftFields, type ParsedMessage, parseMessage } from "../src/sms/grammar.ts";
import { SMS_LANGUAGE_CODES, SMS_LANGUAGES, type SmsLanguage } from "../src/sms/languages/index.ts";
import { compile } from "../src/sms/vocabulary.ts";

const AREAS: AreaName[] = [
  { name: "East side", areaId: "east" },
  { name: "Riverside", areaId: "river" },
  { name: "Centro", areaId: "centro" },
  // An admin-set alias for East side.
  { name: "eastside", areaId: "east" },
  { name: "el este", areaId: "east" },
  { name: "Centre-ville", areaId: "centro" },
  { name: "Zona Norte", areaId: "north" },
  { name: "المركز", areaId: "centro" },
  { name: "حي الشرق", areaId: "east" },
  { name: "Centre", areaId: "centro" },
  // Places whose names are, or are one typo from, words of some language.
  { name: "Santa Cruz", areaId: "cruz" },
  { name: "Santa Ana", areaId: "ana" },
  { name: "Santa Fe", areaId: "fe" },
  { name: "Rancho Cordova", areaId: "cordova" },
  { name: "Feira de Santana", areaId: "feira" },
  { name: "Lower East Side", areaId: "les" },
  { name: "Corona Heights", areaId: "corona" },
  { name: "Belleville", areaId: "belle" },
];

type Row = [message: string, expected: DraftFields, language: SmsLanguage | null];

// Real-looking messages: capitals or none, typos, extra words, emoji, every language.
const POSTS: Row[] = [
  ["NEED FOOD 2 East side", { kind: "request", category: "food", quantity: 2, areaId: "east" }, "en"],
  ["NECESITO comida 2 Riverside", { kind: "request", category: "food", quantity: 2, areaId: "river" }, "es"],
  ["OFFER transport Riverside mornings", { kind: "offer", category: "transport", areaId: "river" }, "en"],
  ["need food", { kind: "request", category: "food" }, "en"],
  [
    "i need groceries for my family of 4 in riverside please",
    { kind: "request", category: "groceries", quantity: 4, areaId: "river" },
    "en",
  ],
  ["Need grocereis eastside", { kind: "request", category: "groceries", areaId: "east" }, "en"],
  ["need a ride to the pharmacy east side", { kind: "request", category: "transport", areaId: "east" }, "en"],
  ["🙏 need diapers 🙏 riverside", { kind: "request", category: "goods", areaId: "river" }, "en"],
  ["Hi, I can give rides on weekends. Riverside", { kind: "offer", category: "transport", areaId: "river" }, "en"],
  ["have 3 blankets east side", { kind: "offer", category: "goods", quantity: 3, areaId: "east" }, "en"],
  ["offering babysitting centro", { kind: "offer", category: "childcare", areaId: "centro" }, "en"],
  ["NEED MEDS PICKUP RIVERSIDE", { kind: "request", category: "medication_pickup", areaId: "river" }, "en"],
  ["need transprt east side", { kind: "request", category: "transport", areaId: "east" }, "en"],
  ["neeed food", { kind: "request", category: "food" }, "en"],
  ["need shelter tonight 2 people", { kind: "request", category: "shelter", quantity: 2 }, "en"],
  ["need someone to talk to", { kind: "request", category: "emotional_support" }, "en"],
  ["offer translation spanish english riverside", { kind: "offer", category: "translation", areaId: "river" }, "en"],
  ["need help with paperwork centro", { kind: "request", category: "paperwork", areaId: "centro" }, "en"],
  ["need hot meal x2 east side!!!", { kind: "request", category: "meals", areaId: "east" }, "en"],
  ["Looking for dog food riverside", { kind: "request", category: "food", areaId: "river" }, "en"],
  ["can offer tools riverside", { kind: "offer", category: "tools", areaId: "river" }, "en"],
  ["need money for rent", { kind: "request", category: "money" }, "en"],
  ["food", { category: "food" }, "en"],
  ["riverside", { areaId: "river" }, null],
  ["necesito comida", { kind: "request", category: "food" }, "es"],
  ["Necesito comida para 5 personas en el Centro", { kind: "request", category: "food", quantity: 5, areaId: "centro" }, "es"],
  ["nesesito mercado riverside", { kind: "request", category: "groceries", areaId: "river" }, "es"],
  ["ofrezco transporte en las mañanas el este", { kind: "offer", category: "transport", areaId: "east" }, "es"],
  ["tengo ropa de niño centro", { kind: "offer", category: "goods", areaId: "centro" }, "es"],
  ["Hola necesito medicinas 🙏", { kind: "request", category: "medication_pickup" }, "es"],
  ["necesitamos pañales x favor riverside", { kind: "request", category: "goods", areaId: "river" }, "es"],
  ["busco aventón al hospital centro", { kind: "request", category: "transport", areaId: "centro" }, "es"],
  ["OFREZCO COMIDA CALIENTE 10 CENTRO", { kind: "offer", category: "meals", quantity: 10, areaId: "centro" }, "es"],
  ["necesito albergue dos personas", { kind: "request", category: "shelter", quantity: 2 }, "es"],
  ["necesito traducción para cita médica", { kind: "request", category: "translation" }, "es"],
  ["puedo dar herramientas el este", { kind: "offer", category: "tools", areaId: "east" }, "es"],
  ["necesito dinero para la renta", { kind: "request", category: "money" }, "es"],
  ["necesito ayuda con tramites centro", { kind: "request", category: "paperwork", areaId: "centro" }, "es"],
  ["necesito comdia", { kind: "request", category: "food" }, "es"],
  ["comida", { category: "food" }, "es"],
  ["necesito", { kind: "request" }, "es"],
  ["tengo cobijas tres", { kind: "offer", category: "goods", quantity: 3 }, "es"],
  ["J'ai besoin de nourriture pour 3 personnes, Centre-ville", { kind: "request", category: "food", quantity: 3, areaId: "centro" }, "fr"],
  ["BESOIN COURSES 2 riverside", { kind: "request", category: "groceries", quantity: 2, areaId: "river" }, "fr"],
  ["bonjour je cherche un médecin... non, des médicaments svp", { kind: "request", category: "medication_pickup" }, "fr"],
  ["bezoin hébergement ce soir deux personnes", { kind: "request", category: "shelter", quantity: 2 }, "fr"],
  ["Je propose du covoiturage le matin, centre ville", { kind: "offer", category: "transport", areaId: "centro" }, "fr"],
  ["à donner: couvertures et vêtements enfant zona norte", { kind: "offer", category: "goods", areaId: "north" }, "fr"],
  ["je peux aider avec les papiers", { kind: "offer", category: "paperwork" }, "fr"],
  ["besoin garde d'enfants mercredi", { kind: "request", category: "childcare" }, "fr"],
  ["Preciso de comida para 4 pessoas Zona Norte", { kind: "request", category: "food", quantity: 4, areaId: "north" }, "pt-BR"],
  ["presiso remedio pra minha mãe riverside", { kind: "request", category: "medication_pickup", areaId: "river" }, "pt-BR"],
  ["ofereço carona de manhã zona norte", { kind: "offer", category: "transport", areaId: "north" }, "pt-BR"],
  ["tenho fraldas e roupas de bebê", { kind: "offer", category: "goods" }, "pt-BR"],
  ["estou precisando de cesta básica três pessoas", { kind: "request", category: "food", quantity: 3 }, "pt-BR"],
  ["procuro alguém para conversar", { kind: "request", category: "emotional_support" }, "pt-BR"],
  ["posso doar marmitas 10 centro", { kind: "offer", category: "meals", quantity: 10, areaId: "centro" }, "pt-BR"],
  ["أحتاج طعام ٣ المركز", { kind: "request", category: "food", quantity: 3, areaId: "centro" }, "ar"],
  ["السلام عليكم، احتاج الطعام لعائلتي ٥ أشخاص في حي الشرق", { kind: "request", category: "food", quantity: 5, areaId: "east" }, "ar"],
  ["إحتاج أدوية للوالدة", { kind: "request", category: "medication_pickup" }, "ar"],
  ["محتاجة حفاضات وملابس للأطفال", { kind: "request", category: "goods" }, "ar"],
  ["عندي سيارة أقدر أوصل المركز", { kind: "offer", category: "transport", areaId: "centro" }, "ar"],
  ["أقدم وجبات ساخنة ١٠ المركز", { kind: "offer", category: "meals", quantity: 10, areaId: "centro" }, "ar"],
  ["نحتاج مأوى اثنين", { kind: "request", category: "shelter", quantity: 2 }, "ar"],
  ["أحتاجُ مُترجِماً", { kind: "request", category: "translation" }, "ar"],
  ["a7taj akl 3 riverside", { kind: "request", category: "food", quantity: 3, areaId: "river" }, "ar"],
  ["3andi flous", { kind: "offer", category: "money" }, "ar"],
];

type InConversation = [message: string, conversation: SmsLanguage | undefined, expected: DraftFields, language: SmsLanguage | null];

// Messages that were misread when every language's words were one table.
const MISREAD_BEFORE: InConversation[] = [
  // An area's name is a place, whatever words of any language it holds or resembles.
  ["need food Santa Cruz", "en", { kind: "request", category: "food", areaId: "cruz" }, "en"],
  ["Santa Cruz", "en", { areaId: "cruz" }, null],
  ["Santa Ana", "es", { areaId: "ana" }, null],
  ["santa fe", "en", { areaId: "fe" }, null],
  ["need a ride Rancho Cordova", "en", { kind: "request", category: "transport", areaId: "cordova" }, "en"],
  ["Rancho Cordova", "pt-BR", { areaId: "cordova" }, null],
  ["preciso de remédio Feira de Santana", "pt-BR", { kind: "request", category: "medication_pickup", areaId: "feira" }, "pt-BR"],
  ["Feira de Santana", "pt-BR", { areaId: "feira" }, null],
  ["Lower East Side", "en", { areaId: "les" }, null],
  ["need food lower east side", "en", { kind: "request", category: "food", areaId: "les" }, "en"],
  ["Corona Heights", "en", { areaId: "corona" }, null],
  ["need meals Corona Heights", "en", { kind: "request", category: "meals", areaId: "corona" }, "en"],
  // An area's name says nothing about the language, whatever its script or words.
  ["المركز", "en", { areaId: "centro" }, null],
  ["el este", "en", { areaId: "east" }, null],
  // A typo is read in the message's language only, and a word another language lists is no typo.
  ["Need winter coats East side", "en", { kind: "request", category: "goods", areaId: "east" }, "en"],
  ["need urgent help Riverside", "en", { kind: "request", areaId: "river" }, "en"],
  ["Need help, I'm local to Riverside", "en", { kind: "request", areaId: "river" }, "en"],
  ["Besoin d'une chambre pour 2 nuits Centre", "fr", { kind: "request", category: "shelter", quantity: 2, areaId: "centro" }, "fr"],
  ["Quiero dar ropa Centro", "es", { kind: "offer", category: "goods", areaId: "centro" }, "es"],
  ["donde puedo conseguir comida", "es", { category: "food" }, "es"],
  ["Moro perto da escola", "pt-BR", {}, null],
  ["Moro perto da escola", undefined, {}, null],
  // A word means what it means in the message's language.
  ["necesito un abrigo para mi hijo Centro", "es", { kind: "request", category: "goods", areaId: "centro" }, "es"],
  ["necesito un abrigo para mi hijo Centro", "pt-BR", { kind: "request", category: "goods", areaId: "centro" }, "es"],
  ["preciso de abrigo Centro", "es", { kind: "request", category: "shelter", areaId: "centro" }, "pt-BR"],
  // Words several languages share say nothing about the language (null: the conversation's stays).
  ["No", "en", {}, null],
  ["no", "es", {}, null],
  ["près de la gare", "fr", {}, null],
  ["oferta de comida", "pt-BR", { kind: "offer", category: "food" }, "pt-BR"],
  ["This is Ana", "en", {}, null],
  ["Soy Ana", "es", {}, "es"],
  ["hola", "en", {}, null],
  ["hola gracias por favor", "en", {}, "es"],
  // Number words are the message's language's, and "neuf" (new, or nine) is a number only beside what.
  ["preciso ajuda com aluguel dos próximos meses", "pt-BR", { kind: "request", category: "money" }, "pt-BR"],
  ["J'offre un frigo neuf", "fr", { kind: "offer" }, "fr"],
  ["besoin hébergement neuf personnes", "fr", { kind: "request", category: "shelter", quantity: 9 }, "fr"],
  // Offer and need words both: the first in the message says which, however many words it has.
  ["Offre transport si besoin Centre", "fr", { kind: "offer", category: "transport", areaId: "centro" }, "fr"],
  ["Ofereço marmitas pra quem precisa Centro", "pt-BR", { kind: "offer", category: "meals", areaId: "centro" }, "pt-BR"],
  ["Tenho roupas para quem precisa", "pt-BR", { kind: "offer", category: "goods" }, "pt-BR"],
  ["need someone who can offer a ride", "en", { kind: "request", category: "transport" }, "en"],
  // "Have" offers only when nothing says need: not with a need word, a negation, hunger or a question.
  ["I have 3 kids and need food Riverside", "en", { kind: "request", category: "food", quantity: 3, areaId: "river" }, "en"],
  ["we have no food Riverside", "en", { category: "food", areaId: "river" }, "en"],
  ["I dont have food Riverside", "en", { category: "food", areaId: "river" }, "en"],
  ["I don't have food Riverside", "en", { category: "food", areaId: "river" }, "en"],
  ["Do you have food? Riverside", "en", { category: "food", areaId: "river" }, "en"],
  ["anyone have diapers Riverside", "en", { category: "goods", areaId: "river" }, "en"],
  ["tengo hambre", "es", { category: "food" }, "es"],
  ["Tengo 2 hijos y no tenemos comida Santa Cruz", "es", { category: "food", quantity: 2, areaId: "cruz" }, "es"],
  ["no tengo comida centro", "es", { category: "food", areaId: "centro" }, "es"],
  ["tengo 3 niños y necesito comida centro", "es", { kind: "request", category: "food", quantity: 3, areaId: "centro" }, "es"],
  ["alguien tiene comida? centro", "es", { category: "food", areaId: "centro" }, "es"],
  ["Tenho fome e nao tenho comida Santa Cruz", "pt-BR", { category: "food", areaId: "cruz" }, "pt-BR"],
  ["não tenho comida, preciso de ajuda", "pt-BR", { kind: "request", category: "food" }, "pt-BR"],
  ["j'ai faim Belleville", "fr", { category: "food", areaId: "belle" }, "fr"],
  ["j'ai une voiture Belleville", "fr", { kind: "offer", category: "transport", areaId: "belle" }, "fr"],
  ["عندي ٣ أطفال وأحتاج طعام المركز", "ar", { kind: "request", category: "food", quantity: 3, areaId: "centro" }, "ar"],
  ["ما عندي أكل المركز", "ar", { category: "food", areaId: "centro" }, "ar"],
  ["ليس لدي طعام أحتاج مساعدة", "ar", { kind: "request", category: "food" }, "ar"],
  ["هل عندكم أكل", "ar", { category: "food" }, "ar"],
  // Wanting to help or give offers, however the wanting is said; a kind word after "who" is someone else's.
  ["I want to help. I have a car. Riverside", "en", { kind: "offer", areaId: "river" }, "en"],
  ["I want to give food Riverside", "en", { kind: "offer", category: "food", areaId: "river" }, "en"],
  ["I want to donate clothes Riverside", "en", { kind: "offer", category: "goods", areaId: "river" }, "en"],
  ["want to help with rides", "en", { kind: "offer", category: "transport" }, "en"],
  ["who can help me with food?", "en", { category: "food" }, "en"],
  ["quiero ayudar, tengo carro, Centro", "es", { kind: "offer", areaId: "centro" }, "es"],
  ["puedo ayudar con comida centro", "es", { kind: "offer", category: "food", areaId: "centro" }, "es"],
  ["quero ajudar, tenho carro, centro", "pt-BR", { kind: "offer", areaId: "centro" }, "pt-BR"],
  ["je voudrais aider, j'ai une voiture Belleville", "fr", { kind: "offer", category: "transport", areaId: "belle" }, "fr"],
  ["je voudrais donner des vêtements", "fr", { kind: "offer", category: "goods" }, "fr"],
  ["أريد أن أساعد عندي سيارة", "ar", { kind: "offer", category: "transport" }, "ar"],
  ["أريد التبرع بملابس", "ar", { kind: "offer", category: "goods" }, "ar"],
  ["أبغى أتبرع بملابس", "ar", { kind: "offer", category: "goods" }, "ar"],
  ["عايز أتبرع بملابس", "ar", { kind: "offer", category: "goods" }, "ar"],
  // Flood and heatwave basics; a ride to somewhere is a ride; no typo of a hint word or of "spare".
  ["need ice and water riverside", "en", { kind: "request", category: "food", areaId: "river" }, "en"],
  ["necesito agua potable centro", "es", { kind: "request", category: "food", areaId: "centro" }, "es"],
  ["il faut de l'eau", "fr", { kind: "request", category: "food" }, "fr"],
  ["preciso de água potável", "pt-BR", { kind: "request", category: "food" }, "pt-BR"],
  ["محتاج مية المركز", "ar", { kind: "request", category: "food", areaId: "centro" }, "ar"],
  ["need formula for my baby", "en", { kind: "request", category: "goods" }, "en"],
  ["need pampers riverside", "en", { kind: "request", category: "goods", areaId: "river" }, "en"],
  ["need a fan riverside", "en", { kind: "request", category: "goods", areaId: "river" }, "en"],
  ["need phone charger", "en", { kind: "request", category: "goods" }, "en"],
  ["necesito un ventilador, mucho calor", "es", { kind: "request", category: "goods" }, "es"],
  ["il me faut un ventilateur", "fr", { kind: "request", category: "goods" }, "fr"],
  ["أحتاج مكيف الحر شديد", "ar", { kind: "request", category: "goods" }, "ar"],
  ["need beds riverside", "en", { kind: "request", category: "shelter", areaId: "river" }, "en"],
  ["محتاج دوا المركز", "ar", { kind: "request", category: "medication_pickup", areaId: "centro" }, "ar"],
  ["Need a ride to the shelter, Lower East Side", "en", { kind: "request", category: "transport", areaId: "les" }, "en"],
  ["need a ride to the food bank", "en", { kind: "request", category: "transport" }, "en"],
  ["urgent besoin d'eau Belleville", "fr", { kind: "request", category: "food", areaId: "belle" }, "fr"],
  ["I have a spare room Riverside", "en", { kind: "offer", category: "shelter", areaId: "river" }, "en"],
  ["نحتاج ماء وطعام المركز", "ar", { kind: "request", category: "food", areaId: "centro" }, "ar"],
  ["عايز أتبرع بأكل المركز", "ar", { kind: "offer", category: "food", areaId: "centro" }, "ar"],
  // An age, an address, a time or a duration is no quantity; a number beside people is.
  ["need meds, I'm 75, Riverside", "en", { kind: "request", category: "medication_pickup", areaId: "river" }, "en"],
  ["need a fan, 80 yr old mother", "en", { kind: "request", category: "goods" }, "en"],
  ["need food, 123 Main St, Riverside", "en", { kind: "request", category: "food", areaId: "river" }, "en"],
  ["need ride at 10 am Riverside", "en", { kind: "request", category: "transport", areaId: "river" }, "en"],
  ["need insulin, no power since 2 days", "en", { kind: "request" }, "en"],
  ["necesito medicinas, tengo 70 años", "es", { kind: "request", category: "medication_pickup" }, "es"],
  ["need a ride at 9, 3 people", "en", { kind: "request", category: "transport", quantity: 3 }, "en"],
  ["أحتاج مأوى لخمسة أشخاص المركز", "ar", { kind: "request", category: "shelter", quantity: 5, areaId: "centro" }, "ar"],
  ["احتاج وجبات لعشرة المركز", "ar", { kind: "request", category: "meals", quantity: 10, areaId: "centro" }, "ar"],
  // Portuguese as people misspell it, and Spanish "remedio", read in their own language from a first text.
  ["presizo de comida centro", "en", { kind: "request", category: "food", areaId: "centro" }, "pt-BR"],
  ["precizo de comida centro", "en", { kind: "request", category: "food", areaId: "centro" }, "pt-BR"],
  ["precisso comida centro", "en", { kind: "request", category: "food", areaId: "centro" }, "pt-BR"],
  ["precisamo de comida centro", "en", { kind: "request", category: "food", areaId: "centro" }, "pt-BR"],
  ["posso ajudar com transporte centro", "en", { kind: "offer", category: "transport", areaId: "centro" }, "pt-BR"],
  ["necesito remedios centro", "en", { kind: "request", category: "medication_pickup", areaId: "centro" }, "es"],
  // An Arabic area's name, with or without its article.
  ["أحتاج طعام مركز", "ar", { kind: "request", category: "food", areaId: "centro" }, "ar"],
  ["مركز", "ar", { areaId: "centro" }, null],
  ["حي شرق", "ar", { areaId: "east" }, null],
];

const KEYWORDS: [string, ParsedMessage][] = [
  ["STOP", { type: "keyword", keyword: "stop", language: "en" }],
  ["stop ", { type: "keyword", keyword: "stop", language: "en" }],
  ["Alto", { type: "keyword", keyword: "stop", language: "es" }],
  ["START", { type: "keyword", keyword: "start", language: "en" }],
  ["inicio", { type: "keyword", keyword: "start", language: "es" }],
  ["help", { type: "keyword", keyword: "help", language: "en" }],
  ["AYUDA", { type: "keyword", keyword: "help", language: "es" }],
  ["status?", { type: "keyword", keyword: "status", language: "en" }],
  ["Estado", { type: "keyword", keyword: "status", language: "es" }],
  ["CANCEL R7K2", { type: "cancel", code: "R7K2", language: "en" }],
  ["cancel r7k2", { type: "cancel", code: "R7K2", language: "en" }],
  ["cancelar R7K2", { type: "cancel", code: "R7K2", language: "es" }],
  // Twilio's opt-out words: it blocks the number, so they stop here too.
  ["cancel", { type: "keyword", keyword: "stop", language: "en" }],
  ["END", { type: "keyword", keyword: "stop", language: "en" }],
  ["quit", { type: "keyword", keyword: "stop", language: "en" }],
  ["OPTOUT", { type: "keyword", keyword: "stop", language: "en" }],
  ["revoke", { type: "keyword", keyword: "stop", language: "en" }],
  ["STOP ALL", { type: "keyword", keyword: "stop", language: "en" }],
  ["STOP please", { type: "keyword", keyword: "stop", language: "en" }],
  ["stop texting me", { type: "keyword", keyword: "stop", language: "en" }],
  ["arrete", { type: "keyword", keyword: "stop", language: "fr" }],
  ["Arrêtez", { type: "keyword", keyword: "stop", language: "fr" }],
  ["basta", { type: "keyword", keyword: "stop", language: "es" }],
  ["Statut", { type: "keyword", keyword: "status", language: "fr" }],
  ["ARRÊT", { type: "keyword", keyword: "stop", language: "fr" }],
  ["arret", { type: "keyword", keyword: "stop", language: "fr" }],
  ["reprendre", { type: "keyword", keyword: "start", language: "fr" }],
  ["aide", { type: "keyword", keyword: "help", language: "fr" }],
  ["annuler r7k2", { type: "cancel", code: "R7K2", language: "fr" }],
  ["SITUAÇÃO", { type: "keyword", keyword: "status", language: "pt-BR" }],
  ["sair", { type: "keyword", keyword: "stop", language: "pt-BR" }],
  ["voltar", { type: "keyword", keyword: "start", language: "pt-BR" }],
  ["Ajuda", { type: "keyword", keyword: "help", language: "pt-BR" }],
  ["حالة", { type: "keyword", keyword: "status", language: "ar" }],
  ["الحالة؟", { type: "keyword", keyword: "status", language: "ar" }],
  ["توقف", { type: "keyword", keyword: "stop", language: "ar" }],
  ["ابدأ", { type: "keyword", keyword: "start", language: "ar" }],
  ["مساعدة", { type: "keyword", keyword: "help", language: "ar" }],
  ["إلغاء R٧K٢", { type: "cancel", code: "R7K2", language: "ar" }],
  ["الغاء r7k2", { type: "cancel", code: "R7K2", language: "ar" }],
];

describe("the SMS grammar", () => {
  it.each(POSTS)("reads %j", (message, expected, language) => {
    const parsed = parseMessage(message, AREAS);
    expect(parsed).toEqual({ type: "post", fields: expected, language });
  });

  it.each(MISREAD_BEFORE)("reads %j in a conversation in %s", (message, conversation, expected, language) => {
    expect(parseMessage(message, AREAS, conversation)).toEqual({ type: "post", fields: expected, language });
  });

  it("lets one hint word decide while the conversation's language is only the network's default", () => {
    expect(parseMessage("hola", AREAS, "en", { networkDefault: true })).toMatchObject({ language: "es" });
    expect(parseMessage("Bonjour", AREAS, "en", { networkDefault: true })).toMatchObject({ language: "fr" });
    expect(parseMessage("Bonjour", AREAS, "en")).toMatchObject({ language: null });
    expect(parseMessage("No", AREAS, "en", { networkDefault: true })).toMatchObject({ language: null });
  });

  it("refuses a vocabulary in which one phrase means two things, and lets two languages' meanings differ", () => {
    const { words } = SMS_LANGUAGES.es;
    expect(() => compile("es", { ...words, categories: { ...words.categories, shelter: ["abrigo"] } })).toThrow(
      'SMS vocabulary es: "abrigo" means shelter and goods',
    );
    expect(SMS_LANGUAGES["pt-BR"].words.categories.shelter).toContain("abrigo");
    expect(words.categories.goods).toContain("abrigo");
  });

  it.each(KEYWORDS)("reads the keyword %j", (message, expected) => {
    expect(parseMessage(message, AREAS)).toEqual(expected);
  });

  it("reads an area named like a keyword as the area, but never the carriers' STOP", () => {
    const areas = [...AREAS, { name: "Alto", areaId: "alto" }, { name: "Stop", areaId: "stop" }];
    expect(parseMessage("Alto", areas, "es")).toEqual({ type: "post", fields: { areaId: "alto" }, language: null });
    expect(parseMessage("STOP", areas, "es")).toEqual({ type: "keyword", keyword: "stop", language: "es" });
    expect(parseMessage("stop sending food offers", AREAS, "en")).toMatchObject({ type: "post", fields: { category: "food" } });
  });

  it("finds nothing in a message about something else", () => {
    expect(parseMessage("ok thanks 👍", AREAS)).toEqual({ type: "post", fields: {}, language: "en" });
    expect(parseMessage("👋 ???", AREAS)).toEqual({ type: "post", fields: {}, language: null });
  });

  it("takes the carriers' English STOP, START and HELP in every language, keeping the conversation's", () => {
    for (const language of ["en", "es", "fr", "pt-BR", "ar"] as const) {
      expect(parseMessage("STOP", AREAS, language)).toEqual({ type: "keyword", keyword: "stop", language });
      expect(parseMessage("Start", AREAS, language)).toEqual({ type: "keyword", keyword: "start", language });
      expect(parseMessage("help", AREAS, language)).toEqual({ type: "keyword", keyword: "help", language });
    }
  });

  it("reads a word two languages share in the conversation's language, else the first that has it", () => {
    expect(parseMessage("cancelar R7K2", AREAS, "pt-BR")).toMatchObject({ type: "cancel", language: "pt-BR" });
    expect(parseMessage("cancelar R7K2", AREAS, "fr")).toMatchObject({ type: "cancel", language: "es" });
    expect(parseMessage("comida", AREAS, "pt-BR")).toMatchObject({ language: "pt-BR" });
    // A word of one language only decides, whatever the conversation spoke.
    expect(parseMessage("necesito comida", AREAS, "pt-BR")).toMatchObject({ language: "es" });
    expect(parseMessage("besoin food", AREAS, "en")).toMatchObject({ language: "fr" });
  });

  it.each(SMS_LANGUAGE_CODES)("reads the message card's own examples in %s", (language) => {
    const { card } = SMS_LANGUAGES[language];
    const areas = [...AREAS, { name: "Centre", areaId: "centro" }];
    expect(parseMessage(card.ask, areas)).toMatchObject({ fields: { kind: "request", quantity: 2 }, language });
    expect(parseMessage(card.offer, areas)).toMatchObject({ fields: { kind: "offer", category: "transport" }, language });
    // Every word the card lists for "what" is one the grammar knows.
    const unknown = card.words.filter((word) => {
      const parsed = parseMessage(word, []);
      return parsed.type !== "post" || parsed.fields.category === undefined;
    });
    expect(unknown).toEqual([]);
  });
});
