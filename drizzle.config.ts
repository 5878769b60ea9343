import { defineConfig } from "drizzle-kit";

// Migrations are generated from db/schema with `npm run db:generate`. The one exception is a
// rename (0017), which drizzle-kit can only ask about interactively: its SQL is written with
// `drizzle-kit generate --custom` and its snapshot edited to match, so the next generate is empty.
// A migration of triggers alone (0033) is written the same way; its snapshot needs no edit.
export default defineConfig({
  dialect: "postgresql",
  schema: "./db/schema/index.ts",
  out: "./db/migrations",
});
