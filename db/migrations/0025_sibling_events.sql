CREATE TABLE "sibling_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"origin_id" uuid NOT NULL,
	"object_iri" text NOT NULL,
	"url" text,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone,
	"place" text,
	"address" text,
	"capacity" integer,
	"remaining_capacity" integer,
	"online" boolean DEFAULT false NOT NULL,
	"status" "event_status" NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sibling_events_object_iri_unique" UNIQUE("object_iri")
);
--> statement-breakpoint
ALTER TABLE "sibling_events" ADD CONSTRAINT "sibling_events_origin_id_remote_actors_id_fk" FOREIGN KEY ("origin_id") REFERENCES "public"."remote_actors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sibling_events_starts_idx" ON "sibling_events" USING btree ("starts_at");--> statement-breakpoint
CREATE INDEX "sibling_events_origin_idx" ON "sibling_events" USING btree ("origin_id");