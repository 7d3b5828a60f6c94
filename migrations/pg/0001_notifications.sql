CREATE TABLE "channels" (
	"id" text collate "C" PRIMARY KEY NOT NULL,
	"name" text collate "C" NOT NULL,
	"kind" text NOT NULL,
	"url" text collate "C",
	"to" text collate "C",
	"events" text collate "C" NOT NULL,
	"schedules" text collate "C",
	"person_id" text collate "C",
	"remind_before" text collate "C" NOT NULL,
	"secret" text collate "C",
	"created_at" bigint NOT NULL,
	"updated_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notices" (
	"id" text collate "C" PRIMARY KEY NOT NULL,
	"channel_id" text collate "C" NOT NULL,
	"key" text collate "C" NOT NULL,
	"type" text collate "C" NOT NULL,
	"schedule_id" text collate "C",
	"data" text collate "C" NOT NULL,
	"occurred_at" bigint NOT NULL,
	"due_at" bigint NOT NULL,
	"status" text NOT NULL,
	"attempts" integer NOT NULL,
	"last_error" text collate "C",
	"next_attempt_at" bigint,
	"lease_until" bigint,
	"delivered_at" bigint,
	"created_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notifier_schedules" (
	"schedule_id" text collate "C" PRIMARY KEY NOT NULL,
	"window_from" bigint NOT NULL,
	"window_to" bigint NOT NULL,
	"stretches" text collate "C" NOT NULL,
	"announced_gaps" text collate "C" NOT NULL,
	"emitted_until" bigint NOT NULL
);
--> statement-breakpoint
ALTER TABLE "channels" ADD CONSTRAINT "channels_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notices" ADD CONSTRAINT "notices_channel_id_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."channels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "channels_person" ON "channels" USING btree ("person_id");--> statement-breakpoint
CREATE UNIQUE INDEX "notices_channel_key" ON "notices" USING btree ("channel_id","key");--> statement-breakpoint
CREATE INDEX "notices_due" ON "notices" USING btree ("status","next_attempt_at");--> statement-breakpoint
CREATE INDEX "notices_channel_due" ON "notices" USING btree ("channel_id","due_at");