CREATE TABLE "rate_limit_counters" (
	"limit" text NOT NULL,
	"key_hash" text NOT NULL,
	"window_end" timestamp with time zone NOT NULL,
	"count" integer NOT NULL,
	CONSTRAINT "rate_limit_counters_limit_key_hash_pk" PRIMARY KEY("limit","key_hash")
);
--> statement-breakpoint
CREATE INDEX "rate_limit_counters_window_end_idx" ON "rate_limit_counters" USING btree ("window_end");