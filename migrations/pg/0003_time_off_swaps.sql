CREATE TABLE "time_off" (
	"id" text collate "C" PRIMARY KEY NOT NULL,
	"person_id" text collate "C" NOT NULL,
	"start" bigint NOT NULL,
	"end" bigint NOT NULL,
	"note" text collate "C",
	"created_by" text collate "C" NOT NULL,
	"created_at" bigint NOT NULL
);
--> statement-breakpoint
ALTER TABLE "overrides" ADD COLUMN "swap" text collate "C";--> statement-breakpoint
ALTER TABLE "time_off" ADD CONSTRAINT "time_off_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "time_off_person_time" ON "time_off" USING btree ("person_id","start");--> statement-breakpoint
CREATE INDEX "overrides_swap" ON "overrides" USING btree ("swap");