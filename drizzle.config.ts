import { defineConfig } from "drizzle-kit";

// Migrations are generated from db/schema with `npm run db:generate`, never written by hand.
export default defineConfig({
  dialect: "postgresql",
  schema: "./db/schema/index.ts",
  out: "./db/migrations",
});
